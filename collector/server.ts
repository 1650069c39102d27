import * as grpc from '@grpc/grpc-js';
import { RECEIVE_WINDOW_BYTES, setReceiveWindow } from './ingest/receive-window';
import { HealthImplementation } from 'grpc-health-check';
import type { Masker } from '../interceptors/mask/masker';
import { fallbackPolicy } from './authz/policy-source';
import { PolicyFileWatcher } from './authz/policy-file-watcher';
import { createReloadingServerCredentials, type ReloadingServerCredentials } from './authz/server-credentials';
import type { CollectorConfig } from './config/collector-config';
import { ConfigError } from './config/config-error';
import { EmitterOwners, loadEmitterOwners } from './authz/emitter-owners';
import { Batcher } from './ingest/batcher';
import { IdentityQuota } from './ingest/identity-quota';
import { LogSampler } from './log/sampled-log';
import { defaultCollectorMasker } from './ingest/default-masker';
import { TRACE_SERVICE } from './ingest/otlp-codec';
import { PayloadGuard } from './ingest/payload-guard';
import { IngestWorkerPool } from './ingest/ingest-worker-pool';
import { TrustedPolicies } from './ingest/trusted-policies';
import type { ManagedSink } from './ingest/sink-lifecycle';
import type { LedgerSinkOptions } from './ingest/open-sink';
import { createExportHandler, traceServiceDefinition } from './ingest/trace-receiver';
import { createLogger, type Logger } from './log/logger';
import { CollectorMetrics } from './metrics/collector-metrics';
import { registerGapMetrics } from './delivery/open-gaps-gauge';
import { startForwarding, type Forwarding } from './forward/forwarding';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server';
import { registerAdminServices } from './admin/register-admin';

/**
 * Wiring only: config → sink, policy, credentials, receiver, health, metrics. Every behaviour
 * lives in the components; this file decides their order of start and stop.
 */
export interface CollectorDeps {
  /** Where records go. When omitted, the sink configured under `store` is opened (and closed at shutdown). */
  sink?: ManagedSink;
  logger?: Logger;
  /** Detectors for the payload guard; defaults to the masking engine of this build. */
  masker?: Masker;
  /** Uniform [0, 1) source of the guard's sample decisions (tests inject a deterministic one). */
  guardRandom?: () => number;
  /** Opens the configured store; injected by the CLI so this file does not depend on store code. */
  /** Ingest worker threads (default 1; 0: map in the receiving thread) and the request size mapped inline (tests: 0). */
  ingestWorkers?: { threads?: number; inlineMaxBytes?: number };
  openSink?: (store: CollectorConfig['store'], logger: Logger, ledger?: LedgerSinkOptions) => Promise<ManagedSink>;
}

export interface CollectorHandle {
  /** 'host:port' actually bound (port resolved when 0 was asked for). */
  readonly address: string;
  readonly port: number;
  /** Bound metrics port, undefined when metrics are disabled. */
  readonly metricsPort: number | undefined;
  readonly metrics: CollectorMetrics;
  /** Records accepted and not yet stored. */
  pending(): number;
  /** Re-reads the identity policy file now (it is also polled). Returns true if it changed. */
  reloadPolicy(): boolean;
  /** Stores everything queued now. */
  forceFlush(): Promise<void>;
  /** Forwarding to OTLP backends, when configured (flush it in tests, read its queues). */
  readonly forwarding: Forwarding | undefined;
  /** Stop accepting, let in-flight calls finish (grace), flush, final checkpoint, close. Idempotent. */
  shutdown(): Promise<void>;
}

export async function startCollector(config: CollectorConfig, deps: CollectorDeps = {}): Promise<CollectorHandle> {
  const logger = deps.logger ?? createLogger(config.log.level);
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    return await start(config, deps, logger, cleanups);
  } catch (err) {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
    throw err;
  }
}

async function start(config: CollectorConfig, deps: CollectorDeps, logger: Logger, cleanups: Array<() => Promise<void> | void>): Promise<CollectorHandle> {
  let sink: ManagedSink;
  const ownsSink = !deps.sink;
  if (deps.sink) sink = deps.sink;
  else if (deps.openSink) sink = await deps.openSink(config.store, logger, { publishDir: config.checkpoint.publishDir });
  else throw new ConfigError('store', 'no record store available: pass deps.sink or deps.openSink');
  if (ownsSink) cleanups.push(() => sink.close?.());

  let batcher: Batcher | undefined;
  const metrics = new CollectorMetrics({
    pending: () => batcher?.pending ?? 0,
    ledgerSize: () => (sink.size ? Number(sink.size()) : undefined),
  });
  // Delivery (docs/delivery.md): open sequence gaps, computed from the store at scrape time.
  const reports = sink.reports;
  if (reports) {
    registerGapMetrics(metrics.registry, () => reports, {
      onError: (err) => logger.warn({ event: 'gap_metrics_failed', message: err.message }, 'open-gap gauges not updated'),
    });
  }

  // Identity policy: file-backed and hot-reloaded; allow-all only in explicit insecure mode.
  let watcher: PolicyFileWatcher | undefined;
  if (config.identity.policyFile) {
    watcher = new PolicyFileWatcher(config.identity.policyFile, config.identity.refreshIntervalMs, {
      onReload: (p) => {
        metrics.reloads.inc({ what: 'identity-policy', result: 'ok' });
        logger.info({ event: 'reload', what: 'identity-policy', version: p.version }, 'identity policy reloaded');
      },
      onReloadError: (err) => {
        metrics.reloads.inc({ what: 'identity-policy', result: 'error' });
        logger.error({ event: 'reload_failed', what: 'identity-policy', message: err.message }, 'identity policy not reloaded; previous policy stays in force');
      },
    });
    watcher.start();
    cleanups.push(() => watcher?.stop());
  }
  const policy = watcher ? () => watcher!.current : fallbackPolicy(config.insecure);

  // Forwarding (collector/forward): copies of stored records to OTLP backends; absent when none is configured.
  const forwarding: Forwarding | undefined = startForwarding(config.forward, { registry: metrics.registry, logger });
  if (forwarding) cleanups.push(() => forwarding.shutdown(0));

  batcher = new Batcher(sink, config.batching, {
    onBatch(n, seconds, result, stored) {
      metrics.batchLatency.observe(seconds);
      metrics.batchSize.observe(n);
      metrics.recordsAccepted.inc(result.accepted);
      if (result.duplicates > 0) metrics.recordsDuplicate.inc(result.duplicates);
      forwarding?.onStored(stored, result.leafIndexes);
    },
    onBatchError(n, err) {
      logger.error({ event: 'append_failed', records: n, err: (err as Error)?.name, message: (err as Error)?.message }, 'sink append failed; senders get UNAVAILABLE and retry');
    },
  });
  const masker = deps.masker ?? defaultCollectorMasker();
  const guard = new PayloadGuard(masker, config.ingest.unmaskedData, {
    trusted: new TrustedPolicies(config.guard.trustedPolicies),
    sampleRate: config.guard.sampleRate,
    random: deps.guardRandom,
    maxPayloadDepth: config.limits.maxPayloadDepth,
  });
  // Decoding, mapping, guarding and rendering run in an ingest worker thread (issues 10 and 15),
  // with a guard built there from the same settings — unless a masker or random source is
  // injected, which only this thread has.
  const mapper =
    deps.masker || deps.guardRandom || deps.ingestWorkers?.threads === 0
      ? undefined
      : new IngestWorkerPool(
          {
            limits: { maxAttributesPerSpan: config.limits.maxAttributesPerSpan, maxSpansPerRequest: Math.min(config.batching.maxPendingRecords, config.limits.perIdentity.maxPendingRecords) },
            guard: { mode: config.ingest.unmaskedData, trustedPolicies: config.guard.trustedPolicies, sampleRate: config.guard.sampleRate, maxPayloadDepth: config.limits.maxPayloadDepth },
          },
          deps.ingestWorkers?.threads ?? 1,
          (err) => logger.error({ event: 'ingest_worker_failed', message: err.message }, 'ingest worker died; its requests get UNAVAILABLE, a new one is started'),
        );
  if (mapper) cleanups.push(() => mapper.close());
  // Emitter ids belong to the identity that used them first (rebuilt from the store at start,
  // SQLite or PostgreSQL).
  const emitters = new EmitterOwners(reports ? await loadEmitterOwners(reports) : []);

  const server = new grpc.Server({
    'grpc.max_receive_message_length': config.limits.maxReceiveMessageBytes,
  });
  // Large requests arrive without a stop every 64 KiB (receive-window.ts).
  if (!setReceiveWindow(server, Math.max(65_535, Math.min(RECEIVE_WINDOW_BYTES, config.limits.maxReceiveMessageBytes)))) {
    logger.warn({ event: 'receive_window_unset' }, 'this grpc-js keeps its HTTP/2 settings elsewhere: requests are received with the default 64 KiB window (slower, not wrong)');
  }
  server.addService(
    traceServiceDefinition,
    {
      Export: createExportHandler({
        batcher,
        policy,
        guard,
        mapper,
        inlineMaxBytes: deps.ingestWorkers?.inlineMaxBytes,
        metrics,
        logger,
        insecure: config.insecure,
        allowCommonName: config.identity.allowCommonName,
        emitters,
        logSampler: new LogSampler(config.log.badRequestSampleMs),
        quota: new IdentityQuota(config.limits.perIdentity),
        limits: {
          maxAttributesPerSpan: config.limits.maxAttributesPerSpan,
          maxSpansPerRequest: Math.min(config.batching.maxPendingRecords, config.limits.perIdentity.maxPendingRecords),
        },
      }),
    },
  );
  // Admin API and consent feed (collector/admin) on the same port and credentials.
  const admin = await registerAdminServices(server, { config, sink, batcher, policy, masker, logger });
  if (admin) cleanups.push(() => admin.stop());
  const health = new HealthImplementation({ '': 'SERVING', [TRACE_SERVICE]: 'SERVING' });
  health.addToServer(server);

  let tlsCreds: ReloadingServerCredentials | undefined;
  let creds: grpc.ServerCredentials;
  if (config.insecure) {
    creds = grpc.ServerCredentials.createInsecure();
    logger.warn(
      { event: 'insecure_mode' },
      'INSECURE MODE: plaintext, no client authentication, every caller may report any service. For local demos only — never expose this port.',
    );
  } else {
    tlsCreds = createReloadingServerCredentials(config.tls!, {
      onReload(what, fingerprint) {
        metrics.reloads.inc({ what, result: 'ok' });
        logger.info({ event: 'reload', what, fingerprint }, `${what} reloaded`);
      },
      onReloadError(what) {
        metrics.reloads.inc({ what, result: 'error' });
        logger.error({ event: 'reload_failed', what }, `${what} could not be read; new TLS connections fail until it is back`);
      },
    });
    creds = tlsCreds.credentials;
    cleanups.push(() => tlsCreds?.close());
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(config.listen, creds, (err, p) => (err ? reject(new ConfigError('listen', `cannot listen on ${config.listen}: ${err.message}`)) : resolve(p)));
  });
  cleanups.push(() => server.forceShutdown());
  if (tlsCreds) {
    // The certificate provider reads asynchronously; until the first read the server would drop
    // connections, so the collector is not "started" before it.
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new ConfigError('tls', 'certificates were not loaded within 10 s')), 10_000).unref(),
    );
    await Promise.race([tlsCreds.ready, timeout]);
  }

  let metricsServer: MetricsServer | undefined;
  if (config.metrics.listen !== false) {
    try {
      metricsServer = await startMetricsServer(metrics.registry, config.metrics.listen);
    } catch (err) {
      throw new ConfigError('metrics.listen', `cannot listen on ${config.metrics.listen}: ${(err as Error).message}`);
    }
    cleanups.push(() => metricsServer?.close());
  }

  let checkpointTimer: NodeJS.Timeout | undefined;
  let checkpointing: Promise<unknown> | undefined;
  const checkpoint = async (why: 'interval' | 'shutdown'): Promise<void> => {
    if (!sink.checkpoint) return;
    if (checkpointing) await checkpointing.catch(() => undefined);
    checkpointing = Promise.resolve(sink.checkpoint()).then(
      () => logger.debug({ event: 'checkpoint', why }, 'checkpoint signed'),
      (err: Error) => logger.error({ event: 'checkpoint_failed', why, message: err.message }, 'checkpoint failed'),
    );
    await checkpointing;
    checkpointing = undefined;
  };
  if (sink.checkpoint) {
    checkpointTimer = setInterval(() => void checkpoint('interval'), config.checkpoint.intervalMs);
    checkpointTimer.unref();
  }

  const host = config.listen.slice(0, config.listen.lastIndexOf(':'));
  const address = `${host}:${port}`;
  logger.info(
    { event: 'started', address, mtls: !config.insecure, clientAuth: config.tls?.clientAuth, metrics: metricsServer?.address ?? false },
    'collector listening',
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ event: 'stopping' }, 'collector shutting down');
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(TRACE_SERVICE, 'NOT_SERVING');
      if (checkpointTimer) clearInterval(checkpointTimer);
      admin?.closeFeeds(); // long-lived streams would hold the graceful shutdown for its whole grace period
      // Stop accepting; in-flight Export calls finish once the batcher stores their records.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          logger.warn({ event: 'forced_shutdown', graceMs: config.shutdownGraceMs }, 'grace period over; cancelling in-flight calls');
          server.forceShutdown();
          resolve();
        }, config.shutdownGraceMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await batcher!.close();
      await mapper?.close();
      await admin?.stop();
      watcher?.stop();
      tlsCreds?.close();
      await metricsServer?.close();
      await Promise.resolve(sink.flush?.());
      await forwarding?.shutdown(config.shutdownGraceMs);
      await checkpoint('shutdown');
      if (ownsSink) await Promise.resolve(sink.close?.());
      logger.info({ event: 'stopped' }, 'collector stopped');
      logger.flush();
    })();
    return stopping;
  };

  return {
    address,
    port,
    metricsPort: metricsServer?.port,
    metrics,
    pending: () => batcher!.pending,
    reloadPolicy: () => watcher?.check() ?? false,
    forceFlush: () => batcher!.flush(),
    forwarding,
    shutdown,
  };
}
