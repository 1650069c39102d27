import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';

/** Classes from the read probe 19, generalised; examples are our own. */
describe('held-out classes 13: account display names, qualified name-part keys, multipart form bodies, witnesses and couriers', () => {
  const masker = createMasker();
  const mask = (v: unknown): string => JSON.stringify(masker.maskUntyped(v, newMaskScope()));

  it('the display name of a user account (beside its username, user id or e-mail) is a person’s; a service’s or a product’s is not', () => {
    const out = mask({
      loginEvent: { kind: 'LOGIN_OK', userId: 'c1f0a2e4', username: 'tmokoena', displayName: 'Thabo Mokoena' },
      directoryEntry: { upn: 'a.lindqvist@corp.example', displayName: 'Astrid Lindqvist', department: 'Finance' },
      service: { name: 'ledger', displayName: 'Ledger Service' },
      product: { sku: 'KB-88', displayName: 'Acme Keyboard', email: 'sales@acme.example' },
    });
    for (const v of ['Thabo Mokoena', 'Astrid Lindqvist']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Ledger Service', 'Acme Keyboard', 'Finance']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a name part with a qualifier after it (middle initial, legal form, a number) names the person; metadata about the field does not', () => {
    const out = mask({
      form: { p1_first_name_mi: 'Marisol R', p1_surname_2: 'Quispe', givenNameLegal: 'Aroha', firstNameLength: 6, last_name_label: 'Last name' },
    });
    for (const v of ['Marisol R', 'Quispe', 'Aroha']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['"firstNameLength":6', 'Last name']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('multipart/form-data parts are judged by their names (a lone given name, a birth date); file parts and plain fields stay', () => {
    const b = '----FormBoundary7MA4YWxkTrZu0gW';
    const body = [
      `--${b}`,
      'Content-Disposition: form-data; name="voornaam"',
      '',
      'Sanne',
      `--${b}`,
      'Content-Disposition: form-data; name="geboortedatum"',
      '',
      '14-02-1991',
      `--${b}`,
      'Content-Disposition: form-data; name="abonnement"',
      '',
      'jaarlijks',
      `--${b}`,
      'Content-Disposition: form-data; name="bijlage"; filename="scan.pdf"',
      'Content-Type: application/pdf',
      '',
      'PDFBYTES',
      `--${b}--`,
    ].join('\r\n');
    const out = mask({ request: { method: 'POST', body } });
    for (const v of ['Sanne', '14-02-1991']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['jaarlijks', 'PDFBYTES', 'scan.pdf']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a witness or a courier named in several languages', () => {
    const out = mask({
      de: 'Auffahrunfall an der Ampel. Zeugin: Henrike Baumgärtner.',
      es: 'Testigo: Rosendo Ibarra, vecino del portal 3.',
      nl: 'Getuige Mirjam Verhoeven heeft de schade gezien.',
      tr: 'Siparişiniz yolda: kuryeniz Emre Yıldırım 15 dakika içinde orada.',
      pl: 'Kurier Zbigniew Ostrowski zostawił paczkę u sąsiada.',
    });
    for (const v of ['Henrike Baumgärtner', 'Rosendo Ibarra', 'Mirjam Verhoeven', 'Emre Yıldırım', 'Zbigniew Ostrowski']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Auffahrunfall', 'portal 3', 'Siparişiniz']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a name signed with a dash at the end of a note; a bot or a team signed that way stays', () => {
    const out = mask({
      a: 'Password reset link sent, account unlocked. -- Oluwaseun',
      b: 'Left the parcel at the back door.\n— Małgorzata Wrona',
      c: 'Nightly export finished. -- Release Bot',
      d: 'Ranges A--Berlin and C--Dresden',
    });
    for (const v of ['Oluwaseun', 'Małgorzata Wrona']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['Release Bot', 'A--Berlin']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });

  it('a person’s login in sudo lines and home directories; service accounts stay', () => {
    const out = mask({
      syslog: [
        'Mar  3 09:12:44 build-7 sudo:   guadalupe : TTY=pts/2 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/apt upgrade',
        'Mar  3 09:13:02 build-7 sudo:   deploy : TTY=pts/3 ; PWD=/srv ; USER=root ; COMMAND=/bin/systemctl reload app',
        'rsync: failed to open /home/tomasz.wojcik/.ssh/config and /Users/runner/work/x; cwd C:\\Users\\folasade_a\\Desktop',
      ],
    });
    for (const v of ['guadalupe', 'tomasz.wojcik', 'folasade_a']) assert.ok(!out.includes(v), `${v} in ${out}`);
    for (const v of ['deploy :', '/Users/runner/', 'USER=root']) assert.ok(out.includes(v), `${v} kept: ${out}`);
  });
});
