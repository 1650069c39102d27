import type { Registry } from 'prom-client';
import type { Logger } from '../log/logger';
import type { AuditRecord } from '../store/record';
import type { ForwardConfig, ForwardExporterConfig } from './forward-config';
import { ForwardMetrics } from './forward-metrics';
import { Forwarder } from './forwarder';
import { GrpcOtlpSender } from './grpc-sender';
import { HttpOtlpSender } from './http-sender';
import type { OtlpSender } from './otlp-sender';

/** The collector's fan-out of stored records to every configured OTLP backend. */
export interface Forwarding {
  /** Hands one durably stored batch to every backend's queue (see Forwarder.offer). */
  onStored(records: readonly AuditRecord[], leafIndexes: readonly number[] | undefined): void;
  /** Waits (at most `timeoutMs`) until every backend's queue is empty. */
  flush(timeoutMs: number): Promise<void>;
  /** Delivers what it can within `graceMs`, counts the rest as dropped, closes connections. Idempotent. */
  shutdown(graceMs: number): Promise<void>;
  readonly forwarders: readonly Forwarder[];
}

export interface ForwardingDeps {
  registry: Registry;
  logger: Logger;
  /** Builds the sender of one backend (default: OTLP/gRPC or OTLP/HTTP by `protocol`). */
  senderFor?: (config: ForwardExporterConfig) => OtlpSender;
  random?: () => number;
}

export function defaultSender(config: ForwardExporterConfig): OtlpSender {
  return config.protocol === 'grpc' ? new GrpcOtlpSender(config) : new HttpOtlpSender(config);
}

/**
 * Starts forwarding for `config`; undefined when no backend is configured, so the collector
 * wires no hook at all and ingest pays nothing.
 */
export function startForwarding(config: ForwardConfig, deps: ForwardingDeps): Forwarding | undefined {
  if (config.exporters.length === 0) return undefined;
  const metrics = new ForwardMetrics(deps.registry);
  const senderFor = deps.senderFor ?? defaultSender;
  const forwarders: Forwarder[] = [];
  try {
    for (const e of config.exporters) forwarders.push(new Forwarder(e, { sender: senderFor(e), metrics, logger: deps.logger, random: deps.random }));
  } catch (err) {
    for (const f of forwarders) void f.shutdown(0);
    throw err;
  }
  for (const f of forwarders) {
    deps.logger.info({ event: 'forwarding', exporter: f.name, protocol: f.config.protocol, endpoint: f.config.endpoint }, 'forwarding stored records');
  }
  let stopping: Promise<void> | undefined;
  return {
    forwarders,
    onStored(records, leafIndexes) {
      for (const f of forwarders) f.offer(records, leafIndexes);
    },
    async flush(timeoutMs) {
      await Promise.all(forwarders.map((f) => f.flush(timeoutMs)));
    },
    shutdown(graceMs) {
      stopping ??= Promise.all(forwarders.map((f) => f.shutdown(graceMs))).then(() => undefined);
      return stopping;
    },
  };
}
