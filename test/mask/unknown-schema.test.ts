import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { renderUntyped, renderWire } from '../../interceptors/decode';
import { createMasker, newMaskScope } from '../../interceptors/mask';
import { clearedWithoutSchema } from '../../interceptors/mask/unknown-schema';

/**
 * Issue 11: payloads whose schema is unknown are fail-closed by default — what the detectors
 * leave of a string is redacted unless its shape clears it — with a per-method opt-out.
 */
describe('masking: payloads without a schema (fail-closed)', () => {
  // a plain message on the wire: field numbers only, no names to hint with
  const Msg = protobuf.Root.fromJSON({ nested: { M: { fields: { id: { type: 'string', id: 1 }, who: { type: 'string', id: 2 }, born: { type: 'string', id: 3 }, status: { type: 'string', id: 4 }, at: { type: 'string', id: 5 }, note: { type: 'string', id: 6 }, city: { type: 'string', id: 7 } } } } }).lookupType('M');
  const bytes = Msg.encode(
    Msg.fromObject({ id: '3f2b8c1e-9a4d-4e7f-b2a1-0c9d8e7f6a5b', who: 'Joanna Kieślowska', born: '1985-03-14', status: 'PAYMENT_PENDING', at: '2025-03-14T09:26:53Z', note: 'call Gemma on 0161 496 0018', city: 'Kraków' }),
  ).finish();

  it('the wire fallback redacts names, birth dates and free text it cannot clear, keeps ids, enums and timestamps', () => {
    const json = renderWire(bytes, createMasker(), newMaskScope(), 64 * 1024, '/crm.v1.Contacts/Put').json;
    for (const secret of ['Joanna', 'Kieślowska', '1985-03-14', 'Gemma', '0161 496 0018', 'Kraków']) assert.ok(!json.includes(secret), `${secret}: ${json}`);
    for (const kept of ['3f2b8c1e-9a4d-4e7f-b2a1-0c9d8e7f6a5b', 'PAYMENT_PENDING', '2025-03-14T09:26:53Z']) assert.ok(json.includes(kept), `${kept}: ${json}`);
    assert.ok(json.includes('[REDACTED:unclassified]'));
  });

  it('numbers to dial without a schema: grouped digits, and a string of international digits without their +; other numbers stay', () => {
    const m = createMasker();
    const obj = { a: '186 2345 6789', b: '447911123456', amount: 9722, at: 20250407101530, ref: '20250407101530', order: '4471' };
    const json = renderUntyped(obj, m, newMaskScope(), 64 * 1024, '/x.v1.S/M').json;
    for (const secret of ['186 2345 6789', '447911123456']) assert.ok(!json.includes(secret), `${secret}: ${json}`);
    for (const kept of ['9722', '20250407101530', '"4471"']) assert.ok(json.includes(kept), `${kept}: ${json}`);
  });

  it('opt-out per method (unknownSchema.scanMethods) or for all (action: scan): only the detectors run', () => {
    const perMethod = createMasker({ unknownSchema: { scanMethods: ['/crm.v1.Contacts/*'] } });
    const json = renderWire(bytes, perMethod, newMaskScope(), 64 * 1024, '/crm.v1.Contacts/Put').json;
    assert.ok(json.includes('Kraków'), 'scanned only: a place name alone is not found by content');
    assert.ok(!json.includes('0161 496 0018'), 'the detectors still run');
    assert.ok(!json.includes('Kieślowska'), 'the free-text name detector still runs (listed given name + capitalised word)');
    assert.ok(!renderWire(bytes, perMethod, newMaskScope(), 64 * 1024, '/other.v1.S/M').json.includes('Kraków'), 'other methods stay fail-closed');
    assert.ok(renderWire(bytes, createMasker({ unknownSchema: { action: 'scan' } }), newMaskScope(), 64 * 1024).json.includes('Kraków'));
  });

  it('objects of unregistered methods (untyped) are fail-closed too; the CLI and typed Structs are not', () => {
    const m = createMasker();
    const obj = { customer: { note: 'Joanna Kieślowska', status: 'active' }, city: 'Kraków' };
    const untyped = renderUntyped(obj, m, newMaskScope(), 64 * 1024, '/x.v1.S/M').json;
    assert.ok(!untyped.includes('Joanna') && !untyped.includes('Kraków') && untyped.includes('"active"'), untyped);
    const cli = JSON.stringify(m.maskUntyped(obj, newMaskScope()));
    assert.ok(cli.includes('Kraków'), 'maskUntyped without unknownSchema (the CLI) only scans');
  });

  it('clears shapes that carry no personal data by themselves, not dates of birth, MACs, dialable numbers or words', () => {
    for (const s of ['', '42', '3.14', 'b50930f0-27c4-471d-909c-35dd87cff1f7', 'e914707bdf96913b2f8809a83bc14687c5cced9e', '2025-03-14T09:26:53.589Z', '2024-11-11 03:18:59', 'eu-central-1', 'text/plain', 'booked', 'PAYMENT_PENDING', 'EUR', 'PENDING', '2.14.1', 'v3.9.0-rc.2', 'https://api.example.com/v1/items', 'ACC-98779599', 'RF18 5390 0754 7034', 'users/42', 'demo.v1.Address', '[REDACTED:email], 200'])
      assert.equal(clearedWithoutSchema(s), true, s);
    for (const s of ['Joanna', 'Joanna Kieślowska', 'kieślowska', '1985-03-14', '14.03.1985', '14/03/1985', '00:1a:2b:3c:4d:5e', '001a.2b3c.4d5e', '+33612345678', '0612345678', '4539.1488.0343.6467', 'postgres://svc:hunter2@db/app', 'https://x.example/?email=a%40b.c', 'call me later'])
      assert.equal(clearedWithoutSchema(s), false, s);
  });

  it('policy: unknownSchema is validated with errors naming the key', () => {
    assert.throws(() => createMasker({ unknownSchema: { action: 'drop' as 'scan' } }), /policy\.unknownSchema\.action/);
    assert.throws(() => createMasker({ unknownSchema: { scanMethods: ['not a glob'] } }), /policy\.unknownSchema\.scanMethods\[0\]/);
    assert.throws(() => createMasker({ unknownSchema: { mode: 'x' } as never }), /policy\.unknownSchema\.mode/);
  });
});
