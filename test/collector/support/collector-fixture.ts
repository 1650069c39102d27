import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import type { CollectorConfigInput } from '../../../collector/config/collector-config';
import { parseCollectorConfig } from '../../../collector/config/load-config';
import { InMemoryRecordSink } from '../../../collector/ingest/in-memory-record-sink';
import type { ManagedSink } from '../../../collector/ingest/sink-lifecycle';
import { startCollector, type CollectorDeps, type CollectorHandle } from '../../../collector/server';
import type { CertFiles, TestPki } from '../../helpers/certs';

/** A collector on 127.0.0.1:0 with real mTLS, an in-memory (or given) sink and captured JSON logs. */
export interface RunningCollector {
  handle: CollectorHandle;
  sink: ManagedSink;
  memory: InMemoryRecordSink | undefined;
  logs: Array<Record<string, unknown>>;
  logText(): string;
  policyFile: string;
  clientCreds(files: CertFiles | undefined, caFile?: string): grpc.ChannelCredentials;
}

export const DEFAULT_POLICY = `
rules:
  - identity: spiffe://example.org/ns/shop/checkout
    services: [checkout]
  - identity: spiffe://example.org/ns/shop/*
    services: ["shop-*"]
    methods: ["/demo.v1.Shop/*"]
`;

export async function runCollector(
  pki: TestPki,
  opts: { config?: Partial<CollectorConfigInput>; tls?: Partial<NonNullable<CollectorConfigInput['tls']>>; policy?: string; sink?: ManagedSink; deps?: Partial<CollectorDeps> } = {},
): Promise<RunningCollector> {
  const policyFile = path.join(pki.dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(policyFile, opts.policy ?? DEFAULT_POLICY);
  const config = parseCollectorConfig({
    listen: '127.0.0.1:0',
    tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.caFile, refreshIntervalMs: 200, ...opts.tls },
    identity: { policyFile, refreshIntervalMs: 100 },
    metrics: { listen: '127.0.0.1:0' },
    batching: { maxDelayMs: 5 },
    ...opts.config,
  });
  const logs: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => { raw.push(line); logs.push(JSON.parse(line)); } });
  const memory = opts.sink ? undefined : new InMemoryRecordSink();
  const sink = opts.sink ?? memory!;
  const handle = await startCollector(config, { sink, logger, ...opts.deps });
  return {
    handle,
    sink,
    memory,
    logs,
    logText: () => raw.join(''),
    policyFile,
    clientCreds(files, caFile = pki.caFile) {
      const ca = fs.readFileSync(caFile);
      return files ? grpc.credentials.createSsl(ca, Buffer.from(files.keyPem), Buffer.from(files.certPem)) : grpc.credentials.createSsl(ca);
    },
  };
}
