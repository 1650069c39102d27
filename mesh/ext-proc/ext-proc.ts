import * as grpc from '@grpc/grpc-js';
import { SchemaRegistry } from '../../interceptors/decode';
import type { DurableSpanProcessor } from '../../interceptors/export/index';
import { restoreMapFields } from '../descriptor-maps';
import type { MeshRecorder } from '../mesh-recorder';
import { createRecordPipeline, readConfigFile, type MeshDeps } from '../record-pipeline';
import type { SidecarConfig } from '../sidecar-config';
import { createExtProcService, type ExtProcStats } from './ext-proc-server';

export interface ExtProcHandle {
  address: string;
  recorder: MeshRecorder;
  delivery: DurableSpanProcessor | undefined;
  stats: ExtProcStats;
  /** Stops the server (streams in flight are cut after a grace period) and flushes records. Safe twice. */
  shutdown(): Promise<void>;
}

/** Starts the Envoy external processor: schemas from descriptor sets, the record pipeline, a gRPC server. */
export async function startExtProc(config: SidecarConfig, deps: MeshDeps = {}): Promise<ExtProcHandle> {
  const registry = new SchemaRegistry();
  for (const f of config.schemas.descriptors) registry.addFileDescriptorSet(readConfigFile('schemas.descriptors', f));
  restoreMapFields(registry);
  const pipeline = createRecordPipeline(config, registry, 'ext-proc', deps);
  const service = createExtProcService({ recorder: pipeline.recorder, maxMessageBytes: config.maxMessageBytes, applicationIdentity: config.application.identity });
  const server = new grpc.Server();
  server.addService(service.definition, service.handlers);
  const t = config.listenerTls;
  const creds = t
    ? grpc.ServerCredentials.createSsl(
        t.caFile ? readConfigFile('listenerTls.caFile', t.caFile) : null,
        [{ private_key: readConfigFile('listenerTls.keyFile', t.keyFile), cert_chain: readConfigFile('listenerTls.certFile', t.certFile) }],
        t.requireClientCert,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => server.bindAsync(config.listen, creds, (err, p) => (err ? reject(err) : resolve(p))));
  const host = config.listen.slice(0, config.listen.lastIndexOf(':'));
  let stopping: Promise<void> | undefined;
  return {
    address: `${host}:${port}`,
    recorder: pipeline.recorder,
    delivery: pipeline.delivery,
    stats: service.stats,
    shutdown: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => server.forceShutdown(), 5000);
          timer.unref();
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await pipeline.shutdown();
      })()),
  };
}
