import { strict as assert } from 'node:assert';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { hintForFieldName } from '../../interceptors/mask/field-hints';

/**
 * Second round of classes the held-out probe (test/fixtures/heldout-probe.jsonl) still leaked.
 * Every class is tested with values and shapes of its own (other languages, other layouts), none
 * taken from the probe, and with clean look-alikes that must stay.
 */
describe('masking: classes from the held-out probe, second round', () => {
  const masker = createMasker();
  const mask = (v: unknown) => masker.maskUntyped(v, newMaskScope()) as Record<string, any>;
  const text = (t: string) => masker.scanText(t, newMaskScope());
  const R = (cat: string) => `[REDACTED:${cat}]`;
  const gone = (out: string, ...values: string[]) => {
    for (const v of values) assert.ok(!out.includes(v), `${v} leaked in: ${out}`);
  };

  it('api keys: the id of a service account private key under its key name', () => {
    for (const n of ['private_key_id', 'privateKeyId', 'serviceAccountKeyId', 'api-key-id']) assert.equal(hintForFieldName(n), 'api_key', n);
    const out = mask({ credentials: { type: 'service_account', private_key_id: '5f0c9a1d2e3b4c5d6e7f8091a2b3c4d5e6f70812', project_id: 'ledger-eu-7' } });
    assert.equal(out.credentials.private_key_id, R('api_key'));
    assert.equal(out.credentials.project_id, 'ledger-eu-7');
    assert.equal(out.credentials.type, 'service_account');
    for (const n of ['keyId', 'kid', 'publicKeyId', 'secretId']) assert.notEqual(hintForFieldName(n), 'api_key', n);
  });

  it('addresses: post boxes, Spanish C/, house-number ranges, values after = and street names without a street word', () => {
    const boxes = text('Mail the form to P.O. Box 311, Fairbanks, AK 99701 or Postfach 10 11 52, 70010 Stuttgart; ES: Apartado de Correos 55, 29600 Marbella; BR: Caixa Postal 3120, Curitiba');
    gone(boxes, '311', 'Fairbanks', '10 11 52', 'Stuttgart', 'Correos 55', 'Marbella', '3120', 'Curitiba');
    assert.equal(text('Caixa 2 tem 5 itens; box 12 of 40; Inbox 3 messages'), 'Caixa 2 tem 5 itens; box 12 of 40; Inbox 3 messages');
    gone(text('Oficina en c/ Alcalá 120, 28009 Madrid.'), 'Alcalá 120', '28009');
    gone(text('Deliver to Unit 2, 14-16 Harbour Road, Leeds LS1 4AB'), '14-16', 'Harbour Road', 'LS1 4AB');
    gone(text('https://geo.example.test/lookup?address=17%20Carlton%20Terrace%2C%20Bristol&fmt=json'), 'Carlton', 'Bristol');
    gone(text('Lieferung: Kungsholmstorg 5, 112 21 Stockholm'), 'Kungsholmstorg', '112 21');
    gone(text('adres korespondencyjny: Nowy Świat 15, 00-372 Warszawa'), 'Nowy Świat 15', '00-372');
    gone(text('Ship to Lange Voorhout 9\n2514 EA Den Haag'), 'Voorhout 9', '2514 EA');
    gone(text('Adresse: Drottninggatan 53, Stockholm'), 'Drottninggatan 53');
    for (const clean of ['Version 2, 12345 Items shipped', 'Game 7, 2024 Finals', 'Order 12, 10115 Berlin', 'Sprint 14, 2025 Roadmap']) assert.equal(text(clean), clean);
  });
});
