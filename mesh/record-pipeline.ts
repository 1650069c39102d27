import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { TracerProvider } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { DurableSpanProcessor } from '../interceptors/export/index';
import { createMasker } from '../interceptors/mask/create-masker';
import { FileKeyring, loadPolicyFile } from '../interceptors/mask';
import type { Masker } from '../interceptors/mask/masker';
import type { AuditLogger } from '../interceptors/config/audit-options';
import { ConfigError } from '../interceptors/config/config-error';
import { MeshRecorder } from './mesh-recorder';
import type { SidecarConfig } from './sidecar-config';
import type { SchemaRegistry } from '../interceptors/decode';
import type { RecordGate } from '../interceptors/capture/record-gate';

export interface MeshDeps {
  /** Records go here instead of the collector (tests, or an app-owned pipeline). */
  tracerProvider?: TracerProvider;
  masker?: Masker;
  logger?: AuditLogger;
  /** Schemas to use instead of loading the configured ones (embedding, benchmarks). */
  registry?: SchemaRegistry;
  /** Fail-closed seam when records do not go through the durable exporter (which is the gate otherwise). */
  gate?: RecordGate;
}

/** The recording half shared by the sidecar and the external processor: masker, durable exporter, recorder. */
export interface RecordPipeline {
  recorder: MeshRecorder;
  /** The durable exporter, when records go to a collector. */
  delivery: DurableSpanProcessor | undefined;
  /** Flushes and stops the exporter (records of calls in flight are spooled). */
  shutdown(): Promise<void>;
}

export function readConfigFile(key: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(key, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * Records are exported with the durable exporter to the collector under the component's own
 * certificate (its SPIFFE ID is the emitter the collector authenticates), with the application's
 * name as service.name — the collector's identity policy must allow that pair.
 */
export function createRecordPipeline(config: SidecarConfig, registry: SchemaRegistry, recorderName: 'sidecar' | 'ext-proc', deps: MeshDeps): RecordPipeline {
  const masker =
    deps.masker ??
    createMasker(config.masking.policyFile ? loadPolicyFile(config.masking.policyFile) : undefined, {
      keyring: config.masking.keyringFile ? FileKeyring.open(config.masking.keyringFile, { create: true }) : undefined,
    });
  let delivery: DurableSpanProcessor | undefined;
  let provider: BasicTracerProvider | undefined;
  let tracerProvider = deps.tracerProvider;
  if (!tracerProvider) {
    const c = config.collector;
    if (!c) throw new ConfigError('collector', 'is required (address, caFile, and this component’s certFile/keyFile)');
    const resource = resourceFromAttributes({ 'service.name': config.application.serviceName });
    delivery = new DurableSpanProcessor({
      address: c.address,
      credentials: grpc.credentials.createSsl(readConfigFile('collector.caFile', c.caFile), readConfigFile('collector.keyFile', c.keyFile), readConfigFile('collector.certFile', c.certFile)),
      spoolDir: c.spoolDir,
      persistence: c.persistence,
      resource,
    });
    provider = new BasicTracerProvider({ resource, spanProcessors: [delivery] });
    tracerProvider = provider;
  }
  const recorder = new MeshRecorder({
    recorder: recorderName,
    direction: config.direction,
    maxMessageBytes: config.maxMessageBytes,
    audit: { ...config.audit, registry, masker, tracerProvider, gate: delivery ?? deps.gate, logger: deps.logger },
  });
  let stopping: Promise<void> | undefined;
  return {
    recorder,
    delivery,
    shutdown: () =>
      (stopping ??= (async () => {
        recorder.runtime.stopped = true;
        if (provider) await provider.shutdown();
      })()),
  };
}
