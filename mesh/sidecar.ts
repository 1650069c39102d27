import * as grpc from '@grpc/grpc-js';
import type { DurableSpanProcessor } from '../interceptors/export/index';
import { SchemaRegistry } from '../interceptors/decode';
import { restoreMapFields } from './descriptor-maps';
import { MeshRecorder } from './mesh-recorder';
import { createRecordPipeline, readConfigFile, type MeshDeps } from './record-pipeline';
import { fetchReflectedSchemas, fileDescriptorSetBytes } from './reflection-client';
import type { SidecarConfig } from './sidecar-config';
import { SidecarProxy, type ProxyStats } from './sidecar-proxy';

export type SidecarDeps = MeshDeps;

export interface SidecarHandle {
  /** The bound 'host:port'. */
  address: string;
  proxy: SidecarProxy;
  recorder: MeshRecorder;
  registry: SchemaRegistry;
  /** The durable exporter, when records go to a collector. */
  delivery: DurableSpanProcessor | undefined;
  stats(): ProxyStats;
  /** Stops accepting, drains calls in flight, flushes records. Safe twice. */
  shutdown(): Promise<void>;
}

const read = readConfigFile;

/** Schemas from descriptor sets, or from the upstream's server reflection (fetched once, at start). */
export async function loadSchemas(config: SidecarConfig, registry: SchemaRegistry): Promise<void> {
  for (const f of config.schemas.descriptors) registry.addFileDescriptorSet(read('schemas.descriptors', f));
  if (config.schemas.reflection) {
    const t = config.upstreamTls;
    const creds = t
      ? grpc.credentials.createSsl(read('upstreamTls.caFile', t.caFile), t.keyFile ? read('upstreamTls.keyFile', t.keyFile) : null, t.certFile ? read('upstreamTls.certFile', t.certFile) : null)
      : grpc.credentials.createInsecure();
    const reflected = await fetchReflectedSchemas(config.upstream, creds, config.schemas.reflectionTimeoutMs);
    registry.addFileDescriptorSet(fileDescriptorSetBytes(reflected.files));
  }
  restoreMapFields(registry);
}

/**
 * Starts a recording sidecar: schemas, masker, the durable exporter to the collector (under the
 * sidecar's own certificate), the recorder and the proxy. Configuration errors throw ConfigError
 * before anything listens.
 */
export async function startSidecar(config: SidecarConfig, deps: SidecarDeps = {}): Promise<SidecarHandle> {
  const registry = deps.registry ?? new SchemaRegistry();
  if (!deps.registry) await loadSchemas(config, registry);
  const pipeline = createRecordPipeline(config, registry, 'sidecar', deps);
  const { recorder, delivery } = pipeline;
  const t = config.listenerTls;
  const u = config.upstreamTls;
  const proxy = new SidecarProxy({
    listen: config.listen,
    upstream: config.upstream,
    listenerTls: t ? { cert: read('listenerTls.certFile', t.certFile), key: read('listenerTls.keyFile', t.keyFile), ca: t.caFile ? read('listenerTls.caFile', t.caFile) : undefined, requireClientCert: t.requireClientCert } : undefined,
    upstreamTls: u
      ? { ca: read('upstreamTls.caFile', u.caFile), cert: u.certFile ? read('upstreamTls.certFile', u.certFile) : undefined, key: u.keyFile ? read('upstreamTls.keyFile', u.keyFile) : undefined, servername: u.servername }
      : undefined,
    maxMessageBytes: config.maxMessageBytes,
    applicationIdentity: config.application.identity,
    recorder,
    logger: deps.logger ?? { warn: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f ?? {})}\n`) },
  });
  const address = await proxy.listen();
  let closing: Promise<void> | undefined;
  return {
    address,
    proxy,
    recorder,
    registry,
    delivery,
    stats: () => proxy.stats,
    shutdown: () =>
      (closing ??= (async () => {
        await proxy.close();
        await pipeline.shutdown();
      })()),
  };
}
