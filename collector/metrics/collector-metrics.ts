import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every counter the collector keeps, in one registry per collector instance (no global state, so
 * tests can run several collectors). Label values are fixed vocabularies (reasons, codes) — never
 * identities' payloads or attribute values, which could leak data or explode cardinality.
 */
export class CollectorMetrics {
  readonly registry = new Registry();
  readonly recordsAccepted: Counter<string>;
  readonly recordsDuplicate: Counter<string>;
  readonly spansRejected: Counter<'reason'>;
  readonly requests: Counter<'code'>;
  readonly authFailures: Counter<'reason'>;
  readonly maskedAtCollector: Counter<string>;
  readonly guardSpans: Counter<'scan'>;
  readonly sampleScanFindings: Counter<string>;
  readonly batchLatency: Histogram<string>;
  readonly batchSize: Histogram<string>;
  readonly pendingRecords: Gauge<string>;
  readonly ledgerSize: Gauge<string>;
  readonly reloads: Counter<'what' | 'result'>;

  constructor(opts: { pending: () => number; ledgerSize: () => number | undefined }) {
    const registers = [this.registry];
    this.recordsAccepted = new Counter({
      name: 'grpcaudit_collector_records_accepted_total',
      help: 'Records durably appended to the store and ledger.',
      registers,
    });
    this.recordsDuplicate = new Counter({
      name: 'grpcaudit_collector_records_duplicate_total',
      help: 'Records received again (same record id) and ignored.',
      registers,
    });
    this.spansRejected = new Counter({
      name: 'grpcaudit_collector_spans_rejected_total',
      help: 'Spans not stored, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.requests = new Counter({
      name: 'grpcaudit_collector_export_requests_total',
      help: 'Export calls answered, by gRPC status code name.',
      labelNames: ['code'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'grpcaudit_collector_auth_failures_total',
      help: 'Export calls refused because of the peer identity, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.maskedAtCollector = new Counter({
      name: 'grpcaudit_collector_masked_values_total',
      help: 'Values the collector found unmasked and masked itself (defence in depth).',
      registers,
    });
    this.guardSpans = new Counter({
      name: 'grpcaudit_collector_guard_spans_total',
      help: "Spans by how the payload guard treated them: 'full' scan, 'sampled' (a trusted emitter's record picked for a scan) or 'skipped' (trusted, not sampled).",
      labelNames: ['scan'],
      registers,
    });
    this.sampleScanFindings = new Counter({
      name: 'grpcaudit_collector_sample_scan_findings_total',
      help: 'Values found unmasked in sample-scanned records of trusted emitters (each one is an alert: a trusted policy let data through).',
      registers,
    });
    this.batchLatency = new Histogram({
      name: 'grpcaudit_collector_batch_append_seconds',
      help: 'Time to append one batch to the sink (store transaction + ledger).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'grpcaudit_collector_batch_records',
      help: 'Records per appended batch.',
      buckets: [1, 4, 16, 64, 256, 1024, 4096],
      registers,
    });
    this.pendingRecords = new Gauge({
      name: 'grpcaudit_collector_pending_records',
      help: 'Records accepted by the receiver and waiting to be stored.',
      registers,
      collect() {
        this.set(opts.pending());
      },
    });
    this.ledgerSize = new Gauge({
      name: 'grpcaudit_collector_ledger_size',
      help: 'Leaves in the Merkle ledger (when the sink reports it).',
      registers,
      collect() {
        const n = opts.ledgerSize();
        if (n !== undefined) this.set(n);
      },
    });
    this.reloads = new Counter({
      name: 'grpcaudit_collector_reloads_total',
      help: 'Hot reloads of certificates and identity policy, by what and result.',
      labelNames: ['what', 'result'],
      registers,
    });
  }
}
