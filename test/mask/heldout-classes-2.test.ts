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
});
