/**
 * Micro-benchmark of forwarding's cost to the collector (collector/forward):
 *  - off: what every appended batch pays whether or not forwarding is configured — the leaf
 *    index array the ledger reports with each append (leafIndexesOf, once per batch);
 *  - on, ingest path: Forwarder.offer (queue push per record, once per batch);
 *  - on, send path (event loop, after the batch is stored): body → OTLP span and protobuf
 *    encoding of a batch (encodeForwardRequest: JSON.parse of each body, protobuf Writer).
 *
 *   nice -n 10 node --import tsx bench/forward-micro.ts [batches]
 *
 * A benchmark, not a test: nothing here asserts on time. Figures are µs per record.
 */
import * as os from 'node:os';
import { Registry } from 'prom-client';
import { ForwardMetrics } from '../collector/forward/forward-metrics';
import { Forwarder } from '../collector/forward/forwarder';
import { encodeForwardRequest } from '../collector/forward/record-to-otlp';
import { forwardConfigSchema } from '../collector/forward/forward-config';
import { canonicalJson } from '../collector/ingest/canonical-json';
import { leafIndexesOf } from '../collector/ledger/audit-log';
import type { AuditRecord } from '../collector/store/record';
import type { PositionedRecord } from '../collector/store/record-store';

const BATCH = 512;
const batches = Number(process.argv[2] ?? 200);

function record(i: number): AuditRecord {
  const traceId = i.toString(16).padStart(32, '0');
  const spanId = (i + 1).toString(16).padStart(16, '0');
  const payload = JSON.stringify({ requestId: `r-${i}`, note: 'lorem ipsum dolor sit amet '.repeat(36), qty: i });
  const body = {
    name: 'demo.v1.Shop/Buy', kind: 'server', traceId, spanId, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000005000000',
    attributes: { 'rpc.system': { stringValue: 'grpc' }, 'rpc.service': { stringValue: 'demo.v1.Shop' }, 'rpc.method': { stringValue: 'Buy' }, 'grpcaudit.seq': { intValue: String(i) } },
    events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: { 'message.type': { stringValue: 'RECEIVED' }, 'grpcaudit.payload': { stringValue: payload } } }],
    links: [], status: { code: 'unset' }, resource: { attributes: { 'service.name': { stringValue: 'checkout' } } }, scope: { name: 'grpc-audit' },
  };
  return {
    recordId: `${traceId}:${spanId}`, identity: 'spiffe://example.org/ns/shop/checkout', service: 'checkout', method: '/demo.v1.Shop/Buy', kind: 'server',
    traceId, spanId, recordType: 'span', startTimeUnixNano: body.startTimeUnixNano, endTimeUnixNano: body.endTimeUnixNano, subjectRefs: [], receivedAtMs: 1, body: canonicalJson(body),
  };
}

const records = Array.from({ length: BATCH }, (_, i) => record(i));
const fresh: PositionedRecord[] = records.map((r, i) => ({ leafIndex: i, record: r, bodySha256: '' }));
const time = (fn: () => void, rounds: number): number => {
  for (let i = 0; i < Math.min(20, rounds); i++) fn(); // warm
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e3 / rounds / BATCH;
};

const off = time(() => void leafIndexesOf(records, fresh), batches * 10);
const config = forwardConfigSchema.parse({ exporters: [{ name: 'b', protocol: 'http/protobuf', endpoint: 'http://127.0.0.1:1', queue: { maxRecords: 1_000_000, maxBatchRecords: BATCH } }] }).exporters[0];
const sender = { send: async () => ({ ok: true as const, rejectedSpans: 0 }), close() {} };
const forwarder = new Forwarder(config, { sender, metrics: new ForwardMetrics(new Registry()), logger: { info() {}, warn() {}, error() {} } as never });
const leafIndexes = leafIndexesOf(records, fresh);
const offer = time(() => forwarder.offer(records, leafIndexes), Math.min(batches, 1000));
const items = records.map((r, i) => ({ record: r, leafIndex: i }));
const encode = time(() => void encodeForwardRequest(items, () => undefined), Math.max(20, batches / 4));
const bytes = encodeForwardRequest(items, () => undefined)!.length;

console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; batches of ${BATCH} records, ~${Math.round(records[0].body.length / 100) / 10} KB bodies`);
console.log(`forwarding off — leaf index array per append      ${off.toFixed(3)} µs/record`);
console.log(`forwarding on  — offer to one backend (ingest path) ${offer.toFixed(3)} µs/record`);
console.log(`forwarding on  — body → OTLP + protobuf encode      ${encode.toFixed(2)} µs/record (event loop, after storing; ${Math.round(bytes / BATCH)} B/span on the wire)`);
void forwarder.shutdown(0);
