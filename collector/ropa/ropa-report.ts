import type { RecordStore, StoredRecord } from '../store/record-store';

/**
 * Records of processing activities (GDPR Art. 30) from what the ledger observed: one entry per
 * flow — calling workload → called service and method — with the purposes, lawful bases and
 * retention classes the calls declared (from the methods' annotations or config, carried on every
 * record), the recipients (the workloads that served the method), the categories of personal
 * data the masking engine found in them, and how many calls and when.
 *
 * A call is seen from both sides when both are instrumented: the client record names the caller
 * (its authenticated identity), the server record names the recipient; they are joined through
 * the server span's parent span id. A server record with no client record is a flow from an
 * unrecorded caller, listed as such rather than dropped.
 */
export const UNRECORDED_CALLER = '(caller not recorded)';

export interface RopaFlow {
  callerIdentity: string;
  /** service.name of the calling workload, when its side was recorded. */
  callerService?: string;
  /** Called service (from the method path). */
  service: string;
  method: string;
  purposes: string[];
  lawfulBases: string[];
  retentionClasses: string[];
  /** Identities of the workloads that served these calls. */
  recipients: string[];
  /** Categories of personal data found and masked in these calls (from the records' masking markers). */
  dataCategories: string[];
  /** Calls with at least one side recorded. */
  calls: number;
  /** Calls in which at least one data subject was identified (pseudonymous subject references). */
  callsWithSubjects: number;
  firstSeen: string;
  lastSeen: string;
}

export interface RopaReport {
  generatedAt: string;
  /** Time range of the calls considered (ISO 8601), open when undefined. */
  from?: string;
  to?: string;
  records: number;
  flows: RopaFlow[];
}

interface FlowAcc {
  callerIdentity: string;
  callerService?: string;
  service: string;
  method: string;
  purposes: Set<string>;
  lawfulBases: Set<string>;
  retentionClasses: Set<string>;
  recipients: Set<string>;
  dataCategories: Set<string>;
  calls: number;
  callsWithSubjects: number;
  first: bigint;
  last: bigint;
}

interface Side {
  record: StoredRecord;
  attrs: Record<string, { stringValue?: string } | null>;
  body: string;
}

/** Masking markers in stored bodies that name what was found (see interceptors/mask/strategies). */
const REDACTED = /\[REDACTED:([a-z0-9_]+)\]/g;
const PSEUDONYM = /"hmac:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{10,}/;
const ENCRYPTED = /"enc:[A-Za-z0-9_-]+:/;

export interface RopaOptions {
  fromUnixNano?: bigint;
  toUnixNano?: bigint;
  /** Records read per page (default 2000). */
  pageSize?: number;
  now?: Date;
}

export async function buildRopa(store: RecordStore, options: RopaOptions = {}): Promise<RopaReport> {
  const pageSize = options.pageSize ?? 2000;
  const end = await store.nextLeafIndex();
  const clients = new Map<string, Side>(); // by `${traceId}:${spanId}`
  const servers: Side[] = [];
  let records = 0;
  for (let start = 0; start < end; start += pageSize) {
    for (const r of await store.readRange(start, Math.min(end, start + pageSize))) {
      if (r.recordType !== 'span' || r.body === null) continue;
      const t = BigInt(r.startTimeUnixNano);
      if (options.fromUnixNano !== undefined && t < options.fromUnixNano) continue;
      if (options.toUnixNano !== undefined && t >= options.toUnixNano) continue;
      let attrs: Side['attrs'];
      try {
        attrs = (JSON.parse(r.body) as { attributes?: Side['attrs'] }).attributes ?? {};
      } catch {
        continue;
      }
      records++;
      const side = { record: r, attrs, body: r.body };
      if (r.kind === 'client') clients.set(`${r.traceId}:${r.spanId}`, side);
      else if (r.kind === 'server') servers.push(side);
    }
  }

  const flows = new Map<string, FlowAcc>();
  const flowOf = (caller: string, callerService: string | undefined, service: string, method: string): FlowAcc => {
    const key = JSON.stringify([caller, service, method]);
    let f = flows.get(key);
    if (!f) {
      f = { callerIdentity: caller, callerService, service, method, purposes: new Set(), lawfulBases: new Set(), retentionClasses: new Set(), recipients: new Set(), dataCategories: new Set(), calls: 0, callsWithSubjects: 0, first: 0n, last: 0n };
      flows.set(key, f);
    }
    return f;
  };
  const matched = new Set<Side>();
  const addCall = (f: FlowAcc, sides: Side[]): void => {
    f.calls++;
    let subjects = false;
    for (const s of sides) {
      const str = (k: string) => s.attrs[k]?.stringValue;
      const purpose = str('grpcaudit.purpose');
      if (purpose) f.purposes.add(purpose);
      const basis = str('grpcaudit.lawful_basis');
      if (basis) f.lawfulBases.add(basis);
      const retention = str('grpcaudit.retention_class');
      if (retention) f.retentionClasses.add(retention);
      if (s.record.subjectRefs.length > 0) subjects = true;
      for (const c of categoriesIn(s.body)) f.dataCategories.add(c);
      const t = BigInt(s.record.startTimeUnixNano);
      if (f.first === 0n || t < f.first) f.first = t;
      if (t > f.last) f.last = t;
    }
    if (subjects) f.callsWithSubjects++;
  };

  for (const s of servers) {
    const parent = s.record.parentSpanId ? clients.get(`${s.record.traceId}:${s.record.parentSpanId}`) : undefined;
    const { service, method } = splitMethod(s.record.method, s.record.service);
    const f = parent ? flowOf(parent.record.identity, parent.record.service, service, method) : flowOf(UNRECORDED_CALLER, undefined, service, method);
    f.recipients.add(s.record.identity);
    if (parent) matched.add(parent);
    addCall(f, parent ? [parent, s] : [s]);
  }
  for (const c of clients.values()) {
    if (matched.has(c)) continue;
    const { service, method } = splitMethod(c.record.method, '');
    addCall(flowOf(c.record.identity, c.record.service, service, method), [c]);
  }

  const iso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    from: options.fromUnixNano !== undefined ? iso(options.fromUnixNano) : undefined,
    to: options.toUnixNano !== undefined ? iso(options.toUnixNano) : undefined,
    records,
    flows: [...flows.values()]
      .map((f) => ({
        callerIdentity: f.callerIdentity,
        callerService: f.callerService,
        service: f.service,
        method: f.method,
        purposes: sorted(f.purposes),
        lawfulBases: sorted(f.lawfulBases),
        retentionClasses: sorted(f.retentionClasses),
        recipients: sorted(f.recipients),
        dataCategories: sorted(f.dataCategories),
        calls: f.calls,
        callsWithSubjects: f.callsWithSubjects,
        firstSeen: iso(f.first),
        lastSeen: iso(f.last),
      }))
      .sort((a, b) => (a.callerIdentity + a.method < b.callerIdentity + b.method ? -1 : a.callerIdentity + a.method > b.callerIdentity + b.method ? 1 : 0)),
  };
}

/** '/pkg.Service/Method' → service and method; otherwise the record's service and the path as is. */
function splitMethod(path: string, fallbackService: string): { service: string; method: string } {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? { service: m[1], method: m[2] } : { service: fallbackService, method: path };
}

function categoriesIn(body: string): string[] {
  const out: string[] = [];
  REDACTED.lastIndex = 0;
  for (let m = REDACTED.exec(body); m; m = REDACTED.exec(body)) out.push(m[1]);
  if (PSEUDONYM.test(body)) out.push('pseudonymised identifier');
  if (ENCRYPTED.test(body)) out.push('personal data encrypted per subject');
  return out;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable, self-contained HTML page of the report (every value escaped). */
export function renderRopaHtml(r: RopaReport): string {
  const list = (xs: string[]) => (xs.length ? xs.map(esc).join('<br>') : '<span class="none">none declared</span>');
  const rows = r.flows
    .map(
      (f) => `<tr><td>${esc(f.callerIdentity)}${f.callerService ? `<br><small>${esc(f.callerService)}</small>` : ''}</td><td>${esc(f.service)}</td><td>${esc(f.method)}</td>` +
        `<td>${list(f.purposes)}</td><td>${list(f.lawfulBases)}</td><td>${list(f.dataCategories)}</td><td>${list(f.retentionClasses)}</td><td>${list(f.recipients)}</td>` +
        `<td>${f.calls}</td><td>${f.callsWithSubjects}</td><td>${esc(f.firstSeen)}<br>${esc(f.lastSeen)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Records of processing (GDPR Art. 30)</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}th{background:#f3f3f3}.none{color:#a00}</style></head>
<body><h1>Records of processing activities</h1>
<p>Generated ${esc(r.generatedAt)} by grpc-audit from ${r.records} recorded calls${r.from ? ` from ${esc(r.from)}` : ''}${r.to ? ` to ${esc(r.to)}` : ''}: ${r.flows.length} flows. Purposes, lawful bases and retention classes are those the methods declare; data categories are those the masking engine found and masked.</p>
<table><thead><tr><th>Caller</th><th>Service</th><th>Method</th><th>Purposes</th><th>Lawful bases</th><th>Data categories</th><th>Retention</th><th>Recipients</th><th>Calls</th><th>With data subjects</th><th>First / last seen</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
