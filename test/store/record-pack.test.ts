import { strict as assert } from 'node:assert';
import { packRecord, packRecordWithDigest, unpackRecord, unpackAndRemember, packedForTransfer } from '../../collector/store/record-pack';
import { bodyDigest, recordBodyDigest, rememberBodyDigest } from '../../collector/store/body-digest';
import type { AuditRecord } from '../../collector/store/record';

function rec(over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    recordId: '018f3a2b4c5d6e7f8091a2b3c4d5e6f7',
    identity: 'spiffe://example.test/ns/a/sa/b',
    service: 'billing.v1.Payments',
    method: '/billing.v1.Payments/Charge',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    kind: 'server',
    recordType: 'span',
    startTimeUnixNano: '1733320000000000001',
    endTimeUnixNano: '1733320000000100002',
    subjectRefs: [],
    body: '{"attributes":{"a":{"stringValue":"x"}}}',
    receivedAtMs: 1733320000123,
    ...over,
  };
}

describe('record-pack: records as one string between the collector threads', () => {
  it('round-trips every field; absent optional fields come back undefined, in the shape the mapper makes', () => {
    const r = rec();
    const { record, bodySha256 } = unpackRecord(packRecord(r));
    assert.deepEqual(record, { ...r, emitterId: undefined, seq: undefined, parentSpanId: undefined, grpcStatusCode: undefined });
    assert.equal(bodySha256, undefined);
  });

  it('round-trips optional fields, zero values and bodies with any characters', () => {
    const body = '{"m":"a:b\\u0000 12:{\\"x\\"}","é":"日本語 ✓ 𝄞","n":"\\n"}' + ':'.repeat(40) + '\u2028';
    const r = rec({ emitterId: 'em-1:2', seq: 0, parentSpanId: '', grpcStatusCode: 0, subjectRefs: ['hmac:ab', 'hmac:"cd"'], body, service: 'svc:with:colons', recordType: 'continuation' });
    const { record } = unpackRecord(packRecord(r));
    assert.deepEqual(record, r);
    assert.equal(record.seq, 0);
    assert.equal(record.grpcStatusCode, 0);
    assert.equal(record.parentSpanId, '');
  });

  it('an empty body round-trips', () => {
    const r = rec({ body: '', emitterId: 'e', seq: 1, parentSpanId: 'p', grpcStatusCode: 2 });
    assert.deepEqual(unpackRecord(packRecord(r)).record, r);
  });

  it('carries the body digest computed by the packer, equal to the digest of the body', () => {
    const r = rec({ body: '{"payload":"' + 'x'.repeat(5000) + '"}' });
    const { record, bodySha256 } = unpackRecord(packRecordWithDigest(r));
    assert.equal(bodySha256, bodyDigest(r.body));
    assert.equal(recordBodyDigest(record), bodyDigest(record.body));
  });

  it('the store uses a remembered digest only for that very record object', () => {
    const a = rec();
    const b = rec();
    rememberBodyDigest(a, 'f'.repeat(64));
    assert.equal(recordBodyDigest(a), 'f'.repeat(64));
    assert.equal(recordBodyDigest(b), bodyDigest(b.body));
  });

  it('forwarding an unpacked record reuses its packed string; other records are packed', () => {
    const s = packRecordWithDigest(rec());
    const r = unpackAndRemember(s);
    assert.equal(packedForTransfer(r), s);
    const other = rec({ recordId: 'other', emitterId: 'e', seq: 3, parentSpanId: 'p', grpcStatusCode: 0 });
    assert.deepEqual(unpackRecord(packedForTransfer(other)).record, other);
  });

  it('refuses strings it did not make', () => {
    for (const bad of ['', 'x', '5:[1]', '999:[]', '2:{}x', '-1:[]']) assert.throws(() => unpackRecord(bad), TypeError, bad);
  });
});
