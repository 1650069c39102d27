import { Counter, Gauge, type Registry } from 'prom-client';

/** Why records meant for a backend were not delivered (a fixed vocabulary: metric label values). */
export type DropReason = 'queue_full' | 'rejected_by_backend' | 'permanent_error' | 'unreadable_body' | 'shutdown';

/**
 * Forwarding's own counters, labelled by exporter name (from configuration, so bounded). Every
 * record offered to a backend ends up counted once: sent, or dropped with a reason.
 */
export class ForwardMetrics {
  readonly queued: Gauge<'exporter'>;
  readonly sent: Counter<'exporter'>;
  readonly dropped: Counter<'exporter' | 'reason'>;
  readonly failedAttempts: Counter<'exporter' | 'retryable'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.queued = new Gauge({ name: 'grpcaudit_collector_forward_queued_records', help: 'Stored records waiting to be forwarded, per backend (including the batch being sent).', labelNames: ['exporter'], registers });
    this.sent = new Counter({ name: 'grpcaudit_collector_forward_sent_records_total', help: 'Records a backend accepted.', labelNames: ['exporter'], registers });
    this.dropped = new Counter({
      name: 'grpcaudit_collector_forward_dropped_records_total',
      help: 'Records not forwarded to a backend, by reason (they remain in the ledger).',
      labelNames: ['exporter', 'reason'],
      registers,
    });
    this.failedAttempts = new Counter({
      name: 'grpcaudit_collector_forward_failed_exports_total',
      help: 'Export attempts that failed; retryable ones are tried again after a backoff.',
      labelNames: ['exporter', 'retryable'],
      registers,
    });
  }
}
