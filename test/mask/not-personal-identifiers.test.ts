import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Address-shaped identifiers that name no person are left alone; a person's address next to them is not. */
describe('identifiers that name no person: Message-IDs, SSH remotes, shared calendars, versions', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('machine-made Message-IDs in angle brackets stay; a person in brackets is masked', () => {
    const ids = ['<5f1c9e02a7b4@mx.example.org>', '<0b6a1f0e-3c2d-4e5f-8a9b-1c2d3e4f5a6b@mail.example.net>', '<BN7PR02MB4X2Q9T1K8Z@NAMPRD02.PROD.EXAMPLE.COM>', '<20240115T093000Z-7731@jobs.example.com>'];
    const out = mask({ messageId: ids[0], inReplyTo: ids[1], note: `References: ${ids[2]} ${ids[3]}`, from: 'Ola Nordmann <ola.nordmann@example.no>', cc: '<kowalski1974@example.pl>' });
    for (const id of ids) assert.ok(out.includes(id), `${id} kept: ${out}`);
    assert.ok(!out.includes('ola.nordmann@example.no') && !out.includes('kowalski1974@example.pl'), out);
  });

  it('git@host:path remotes and group calendar ids stay; git@ as a mailbox does not', () => {
    const out = mask({ repo: 'git@git.example.com:payments/ledger-api.git', calendar: '9f3kq2x7m1@group.calendar.google.com', owner: 'mail git@example.com or ana.silva@example.com' });
    assert.ok(out.includes('git@git.example.com:payments/ledger-api.git') && out.includes('@group.calendar.google.com'), out);
    assert.ok(!out.includes('git@example.com or') && !out.includes('ana.silva@example.com'), out);
  });

  it("an iCalendar UID in e-mail form, CamelCase brands as senders, a product's name in Greek stay; the people beside them do not", () => {
    const out = mask({
      ics: 'BEGIN:VEVENT\r\nUID:9c1e77ab20f4d3e8a6b5@calendar.example.com\r\nORGANIZER;CN=Ines Moreau:mailto:ines.moreau@example.fr\r\nEND:VEVENT',
      sms: [{ from: 'ZenBank' }, { from: 'KlinikMutiara' }, { from: 'Ruth Abara' }],
      προϊόντα: [{ όνομα: 'Bosch Serie 6 WAU28T40' }],
      πελάτης: { όνομα: 'Eleni Kosta' },
    });
    for (const v of ['9c1e77ab20f4d3e8a6b5@calendar.example.com', 'ZenBank', 'KlinikMutiara', 'Bosch Serie 6 WAU28T40']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    for (const v of ['Ines Moreau', 'ines.moreau@example.fr', 'Ruth Abara', 'Eleni Kosta']) assert.ok(!out.includes(v), `${v} in ${out}`);
  });

  it('dotted quads that are versions: product tokens and build-number keys; addresses beside them are masked', () => {
    const out = mask({ ua: 'TrainApp.ios/5.12.0.318 CFNetwork/1490.0.4', env: 'RELEASE_TAG=3.4.0.12\nBUILD_NO: 7.1.2.9\nDB_HOST=198.51.100.23', note: 'from ip/203.0.113.9 via http://example.com/198.51.100.7' });
    for (const v of ['5.12.0.318', '3.4.0.12', '7.1.2.9']) assert.ok(out.includes(v), `${v} kept: ${out}`);
    for (const v of ['198.51.100.23', '203.0.113.9', '198.51.100.7']) assert.ok(!out.includes(v), `${v} masked: ${out}`);
  });
});

describe('secrets: push token lists, pre-shared keys, subscription keys, secrets quoted after their name', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('push token lists, Wi-Fi PSKs (fields, YAML, key=value), gateway subscription keys and quoted secrets in messages', () => {
    const secrets = ['Qm9vdHN0cmFwVG9rZW4tMTIzNDU2Nzg5MA', 'harbour-Gull-7731?', 'Zk3q9P0aL2mN8xR4tV6wY1bC5dE7fG9hJ0kL2mN4pQ6=', 'Wq7-Pz3-Lk9-Mn2', 'tr4ckP@ss-2025'];
    const out = mask({
      device: { pushTokens: [secrets[0]] },
      router: 'interfaces:\n  wlan0:\n    psk: ' + secrets[1] + '\n',
      apim: { subscriptionKey: secrets[2] },
      log: `AuthError: access token '${secrets[3]}' was revoked`,
      err: `login failed: password "${secrets[4]}" does not meet policy`,
      usage: { tokens: 1918, promptTokens: 157 },
      note: 'He said "hello there" and left',
    });
    for (const v of secrets) assert.ok(!out.includes(v), `${v} in ${out}`);
    assert.ok(out.includes('"tokens":1918') && out.includes('157') && out.includes('hello there'), out);
  });
});
