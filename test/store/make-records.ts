import type { AuditRecord } from '../../collector/store/record';

/** Base time of generated records: 2024-06-01T00:00:00Z in ms. */
export const BASE_MS = Date.UTC(2024, 5, 1);

const SERVICES = ['demo.v1.KitchenSink', 'billing.v1.Payments', 'users.v1.Directory'];
const METHODS = ['/demo.v1.KitchenSink/Unary', '/billing.v1.Payments/Charge', '/users.v1.Directory/Lookup'];

/**
 * Deterministic AuditRecord #i for tests and benchmarks: services, methods, status codes and
 * subjects rotate so filters select known subsets; record i starts at BASE_MS + i seconds.
 */
export function makeRecord(i: number, overrides: Partial<AuditRecord> = {}, bodyBytes = 600): AuditRecord {
  const startMs = BASE_MS + i * 1000;
  const startNs = BigInt(startMs) * 1_000_000n;
  const traceId = (i.toString(16).padStart(8, '0') + 'a'.repeat(24)).slice(0, 32);
  const payload = 'x'.repeat(Math.max(0, bodyBytes - 200));
  return {
    recordId: `rec-${i}`,
    emitterId: `emitter-${i % 2}`,
    seq: Math.floor(i / 2),
    identity: 'spiffe://test.local/ns/demo/sa/app',
    service: SERVICES[i % 3],
    method: METHODS[i % 3],
    traceId,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    kind: i % 2 === 0 ? 'client' : 'server',
    recordType: 'span',
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + 2_500_000n).toString(),
    grpcStatusCode: i % 5 === 0 ? 5 : 0,
    subjectRefs: i % 4 === 0 ? [`subj:${i % 8}`, 'subj:shared'] : [],
    body: JSON.stringify({ name: METHODS[i % 3], i, events: [{ payload }] }),
    receivedAtMs: startMs + 50,
    ...overrides,
  };
}

export function makeRecords(from: number, count: number, bodyBytes?: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = from; i < from + count; i++) out.push(makeRecord(i, {}, bodyBytes));
  return out;
}
