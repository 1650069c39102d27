import type { StoredRecord } from '../store/record-store';

/**
 * Records of processing (GDPR Art. 30) from what the ledger observed: one entry per flow —
 * caller identity → callee service and method — with the purposes, lawful bases and retention
 * classes the calls declared, the categories of personal data seen (from the masking markers in
 * the recorded payloads), the recipients (the callee's identity), call counts and first/last seen.
 *
 * A flow is known from both sides when the server's record is the child of the client's record
 * (same trace, parent span id); a side recorded alone still counts, with the other side unknown.
 */
export interface RopaFlow {
  callerIdentity: string;
  callerService: string;
  calleeService: string;
  method: string;
  purposes: string[];
  lawfulBases: string[];
  retentionClasses: string[];
  dataCategories: string[];
  recipients: string[];
  calls: number;
  firstSeen: string;
  lastSeen: string;
}

export interface RopaReport {
  generatedAt: string;
  records: number;
  flows: RopaFlow[];
}

export const UNKNOWN = '(unknown)';

interface Side {
  r: StoredRecord;
  attrs: Record<string, string>;
  categories: Set<string>;
}

const CATEGORY_MARKER = /\[REDACTED:([a-z0-9_.-]+)\]/gi;
const WANTED = ['grpcaudit.purpose', 'grpcaudit.lawful_basis', 'grpcaudit.retention_class', 'server.address'];

function sideOf(r: StoredRecord): Side {
  const attrs: Record<string, string> = {};
  const categories = new Set<string>();
  if (r.body !== null) {
    try {
      const a = (JSON.parse(r.body) as { attributes?: Record<string, { stringValue?: unknown }> }).attributes ?? {};
      for (const k of WANTED) if (typeof a[k]?.stringValue === 'string') attrs[k] = a[k].stringValue as string;
    } catch {
      // not JSON: no attributes
    }
    for (const m of r.body.matchAll(CATEGORY_MARKER)) categories.add(m[1].toLowerCase());
    if (r.body.includes('enc:')) categories.add('encrypted (per-subject key)');
    if (r.subjectRefs.length > 0) categories.add('subject identifier (pseudonymised)');
  }
  return { r, attrs, categories };
}

/** Builds the report from span records (any order). */
export function buildRopa(records: Iterable<StoredRecord>, now: Date = new Date()): RopaReport {
  const clients = new Map<string, Side>();
  const servers: Side[] = [];
  let n = 0;
  for (const r of records) {
    if (r.recordType !== 'span' || r.method === '') continue;
    n++;
    if (r.kind === 'client') clients.set(`${r.traceId}/${r.spanId}`, sideOf(r));
    else if (r.kind === 'server') servers.push(sideOf(r));
  }
  const flows = new Map<string, RopaFlow & { sets: Record<'purposes' | 'lawfulBases' | 'retentionClasses' | 'dataCategories' | 'recipients', Set<string>> }>();
  const add = (client: Side | undefined, server: Side | undefined): void => {
    const any = (server ?? client)!;
    const callerIdentity = client?.r.identity ?? UNKNOWN;
    const callerService = client?.r.service ?? UNKNOWN;
    const calleeService = server?.r.service ?? client?.attrs['server.address'] ?? UNKNOWN;
    const key = JSON.stringify([callerIdentity, callerService, calleeService, any.r.method]);
    let f = flows.get(key);
    const t = new Date(Number(BigInt(any.r.startTimeUnixNano) / 1_000_000n)).toISOString();
    if (!f) {
      f = {
        callerIdentity, callerService, calleeService, method: any.r.method, calls: 0, firstSeen: t, lastSeen: t,
        purposes: [], lawfulBases: [], retentionClasses: [], dataCategories: [], recipients: [],
        sets: { purposes: new Set(), lawfulBases: new Set(), retentionClasses: new Set(), dataCategories: new Set(), recipients: new Set() },
      };
      flows.set(key, f);
    }
    f.calls++;
    if (t < f.firstSeen) f.firstSeen = t;
    if (t > f.lastSeen) f.lastSeen = t;
    for (const s of [client, server]) {
      if (!s) continue;
      if (s.attrs['grpcaudit.purpose']) f.sets.purposes.add(s.attrs['grpcaudit.purpose']);
      if (s.attrs['grpcaudit.lawful_basis']) f.sets.lawfulBases.add(s.attrs['grpcaudit.lawful_basis']);
      if (s.attrs['grpcaudit.retention_class']) f.sets.retentionClasses.add(s.attrs['grpcaudit.retention_class']);
      for (const c of s.categories) f.sets.dataCategories.add(c);
    }
    if (server) f.sets.recipients.add(server.r.identity);
  };
  const paired = new Set<string>();
  for (const s of servers) {
    const key = s.r.parentSpanId ? `${s.r.traceId}/${s.r.parentSpanId}` : '';
    const c = clients.get(key);
    if (c) paired.add(key);
    add(c, s);
  }
  for (const [key, c] of clients) if (!paired.has(key)) add(c, undefined);
  const out: RopaFlow[] = [];
  for (const { sets, ...f } of flows.values()) {
    out.push({
      ...f,
      purposes: [...sets.purposes].sort(),
      lawfulBases: [...sets.lawfulBases].sort(),
      retentionClasses: [...sets.retentionClasses].sort(),
      dataCategories: [...sets.dataCategories].sort(),
      recipients: [...sets.recipients].sort(),
    });
  }
  out.sort((a, b) => a.callerIdentity.localeCompare(b.callerIdentity) || a.calleeService.localeCompare(b.calleeService) || a.method.localeCompare(b.method));
  return { generatedAt: now.toISOString(), records: n, flows: out };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable, self-contained HTML page of the report (every value escaped). */
export function ropaHtml(report: RopaReport): string {
  const list = (xs: string[]): string => (xs.length ? xs.map(esc).join('<br>') : '<em>none declared</em>');
  const rows = report.flows
    .map(
      (f) =>
        `<tr><td>${esc(f.callerIdentity)}<br><small>${esc(f.callerService)}</small></td><td>${esc(f.calleeService)}</td><td><code>${esc(f.method)}</code></td>` +
        `<td>${list(f.purposes)}</td><td>${list(f.lawfulBases)}</td><td>${list(f.dataCategories)}</td><td>${list(f.retentionClasses)}</td>` +
        `<td>${list(f.recipients)}</td><td>${f.calls}</td><td>${esc(f.firstSeen)}<br>${esc(f.lastSeen)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Records of processing (GDPR Art. 30)</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}th{background:#f4f4f4}small{color:#666}</style>
</head><body>
<h1>Records of processing activities (GDPR Art. 30)</h1>
<p>Generated ${esc(report.generatedAt)} from ${report.records} recorded calls: ${report.flows.length} flows observed by grpc-audit.</p>
<table><thead><tr><th>Caller (identity, service)</th><th>Callee service</th><th>Method</th><th>Purposes</th><th>Lawful bases</th><th>Data categories seen</th><th>Retention</th><th>Recipients</th><th>Calls</th><th>First / last seen</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
