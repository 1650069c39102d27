import type { AuditRecord } from './record';
import { bodyDigest } from './body-digest';

/**
 * One AuditRecord as one string, for handing records between the collector's threads (ingest
 * worker → receiving thread → writer thread).
 *
 * Why: postMessage clones an array of records property by property (about twenty per record, two
 * hops), and that structured clone took ~15 % of the collector's CPU under the OTLP ingest bench
 * (`postMessage` frames on all three threads). A string is cloned as one copy. The layout is
 * `<n>:<meta><body>` where `<meta>` is the JSON array of every field but the body (n characters)
 * and the body follows verbatim — it is the largest field and needs no escaping this way.
 *
 * The packed string also carries the body's SHA-256 when the packer computed it (the ingest
 * worker does, in parallel with the single writer thread, which then need not): `unpackRecord`
 * returns it beside the record, and `rememberBodyDigest` hands it to the store (body-digest.ts).
 * Both come from the same body string in the same step, so they cannot disagree.
 */
export function packRecord(r: AuditRecord, bodySha256?: string): string {
  const meta = JSON.stringify([
    r.recordId,
    r.emitterId ?? null,
    r.seq ?? null,
    r.identity,
    r.service,
    r.method,
    r.traceId,
    r.spanId,
    r.parentSpanId ?? null,
    r.kind,
    r.recordType,
    r.startTimeUnixNano,
    r.endTimeUnixNano,
    r.grpcStatusCode ?? null,
    r.subjectRefs,
    r.receivedAtMs,
    bodySha256 ?? null,
  ]);
  return meta.length + ':' + meta + r.body;
}

/** Packs with the body digest computed here (call where the CPU is spare: the ingest workers). */
export function packRecordWithDigest(r: AuditRecord): string {
  return packRecord(r, bodyDigest(r.body));
}

export interface UnpackedRecord {
  record: AuditRecord;
  /** SHA-256 of the body (lowercase hex) when the packer computed it. */
  bodySha256: string | undefined;
}

type Meta = [
  string,
  string | null,
  number | null,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string,
  AuditRecord['recordType'],
  string,
  string,
  number | null,
  string[],
  number,
  string | null,
];

/** The inverse of packRecord; throws on a string it did not make. */
export function unpackRecord(s: string): UnpackedRecord {
  const colon = s.indexOf(':');
  const n = colon > 0 ? Number(s.slice(0, colon)) : NaN;
  if (!Number.isInteger(n) || n < 2 || colon + 1 + n > s.length) throw new TypeError('packed record: bad header');
  const m = JSON.parse(s.slice(colon + 1, colon + 1 + n)) as Meta;
  if (!Array.isArray(m) || m.length !== 17) throw new TypeError('packed record: bad field list');
  // every key present, in finishRecord's order (span-to-record.ts): records keep one object shape
  const record: AuditRecord = {
    recordId: m[0],
    emitterId: m[1] ?? undefined,
    seq: m[2] ?? undefined,
    identity: m[3],
    service: m[4],
    method: m[5],
    traceId: m[6],
    spanId: m[7],
    parentSpanId: m[8] ?? undefined,
    kind: m[9],
    recordType: m[10],
    startTimeUnixNano: m[11],
    endTimeUnixNano: m[12],
    grpcStatusCode: m[13] ?? undefined,
    subjectRefs: m[14],
    body: s.slice(colon + 1 + n),
    receivedAtMs: m[15],
  };
  return { record, bodySha256: m[16] ?? undefined };
}

/**
 * The packed string of a record unpacked on this thread, so that forwarding it to the writer
 * thread does not pack it again: a non-enumerable symbol property (invisible to comparisons and
 * never cloned). Not a WeakMap: a WeakMap holding ~10k short-lived keys a second made every
 * garbage collection of the receiving thread walk them (its GC time rose by 40 %). Records are
 * not changed after mapping (the receiver only filters them); a record made any other way has no
 * packed string and is packed when sent.
 */
const PACKED = Symbol('grpcaudit.packedRecord');

export function unpackAndRemember(s: string): AuditRecord {
  const { record } = unpackRecord(s);
  Object.defineProperty(record, PACKED, { value: s });
  return record;
}

/** The string to send `r` to another thread as. */
export function packedForTransfer(r: AuditRecord): string {
  return (r as { [PACKED]?: string })[PACKED] ?? packRecord(r);
}
