/**
 * A small application for crash tests, run as its own process: a gRPC server and a client in one
 * process, both audited by createGrpcAudit, whose spans go to a DurableSpanProcessor (write-ahead
 * spool) that exports to the collector. Every call the application sees completed is appended to
 * a log file with fsync after the exporter's flush barrier (`whenSpooled()`) — the ground truth
 * the store is compared with after `kill -9`.
 *
 * argv[2]: JSON config (see AppConfig). Prints 'ready <emitterId>' when serving, and on
 * 'drain' mode prints 'stats <json>' after flushing and exits 0.
 */
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createGrpcAudit } from '../../../interceptors/capture/grpc-audit';
import { DurableSpanProcessor } from '../../../interceptors/delivery/durable-span-processor';

export interface AppConfig {
  collector: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  spoolDir: string;
  logFile: string;
  /** 'load': call until killed; 'drain': make `calls` calls, flush, exit. */
  mode: 'load' | 'drain';
  calls?: number;
  concurrency?: number;
  /** Default 'write-ahead'. */
  persistence?: 'write-ahead' | 'overflow';
}

const cfg = JSON.parse(process.argv[2]) as AppConfig;
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const processor = new DurableSpanProcessor({
  address: cfg.collector,
  credentials: grpc.credentials.createSsl(fs.readFileSync(cfg.caFile), fs.readFileSync(cfg.keyFile), fs.readFileSync(cfg.certFile)),
  spoolDir: cfg.spoolDir,
  persistence: cfg.persistence ?? 'write-ahead',
  scheduledDelayMs: 5,
  initialBackoffMs: 20,
  maxBackoffMs: 300,
  exportTimeoutMs: 3000,
  shutdownTimeoutMs: 10_000,
  logger: { warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) },
});
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'checkout' }),
  spanProcessors: [processor as unknown as SpanProcessor],
});
const audit = createGrpcAudit({ tracerProvider: provider });
const appTracer = provider.getTracer('app'); // parent spans: not records (scope is not grpc-audit)

const pass = (b: Buffer): Buffer => b;
const service: grpc.ServiceDefinition = {
  Say: { path: '/demo.v1.Echo/Say', requestStream: false, responseStream: false, requestSerialize: pass, requestDeserialize: pass, responseSerialize: pass, responseDeserialize: pass, originalName: 'say' },
};

async function main(): Promise<void> {
  const server = new grpc.Server({ interceptors: [audit.serverInterceptor] });
  server.addService(service, { Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, call.request) });
  const port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  const Client = grpc.makeGenericClientConstructor(service, 'Echo');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), audit.clientOptions()) as unknown as {
    Say(req: Buffer, cb: (e: grpc.ServiceError | null, r?: Buffer) => void): void;
  };
  const log = fs.openSync(cfg.logFile, 'a');
  process.stdout.write(`ready ${processor.emitterId}\n`);

  let made = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const parent = appTracer.startSpan('app-call');
      const traceId = parent.spanContext().traceId;
      context.with(trace.setSpan(context.active(), parent), () => {
        client.Say(Buffer.from(`call ${made}`), (err) => {
          parent.end();
          if (err) return resolve();
          // The ground truth: this call completed, as far as the application knows — logged after
          // the group commit's flush barrier (write-ahead guarantees "in the spool within the
          // event-loop turn the span ended in", not "before onEnd returns").
          void processor.whenSpooled().then(() => {
            fs.writeSync(log, `${traceId}\n`);
            fs.fsyncSync(log);
            resolve();
          });
        });
      });
    });
  const worker = async (): Promise<void> => {
    while (cfg.mode === 'load' || made < (cfg.calls ?? 0)) {
      made++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency ?? 4 }, worker));
  // drain mode: everything delivered (or persisted) before exit
  await processor.forceFlush();
  await processor.shutdown();
  process.stdout.write(`stats ${JSON.stringify(processor.stats())}\n`);
  server.forceShutdown();
  client && (client as unknown as grpc.Client).close();
}

main().catch((err) => {
  process.stderr.write(`emitter-app failed: ${(err as Error).stack}\n`);
  process.exit(3);
});
