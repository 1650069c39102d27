import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { FileKeyring } from '../../../interceptors/mask/keyring/file-keyring';
import { Pseudonymizer } from '../../../interceptors/mask/strategies/pseudonymize';
import { SubjectCipher } from '../../../interceptors/mask/strategies/subject-cipher';
import { adminPackage } from '../../../collector/admin/admin-proto';
import type { CertFiles, TestPki } from '../../helpers/certs';
import { kv, request, span, RawOtlpClient } from '../../collector/support/otlp';

export const BIN = path.resolve(__dirname, '../../../bin/grpc-audit.js');

export const EMITTER_ID = 'spiffe://example.org/ns/shop/checkout';
export const AUDITOR_ID = 'spiffe://example.org/officers/auditor';
export const DPO_ID = 'spiffe://example.org/officers/dpo';

export const POLICY = `
rules:
  - identity: ${EMITTER_ID}
    services: [checkout]
  - identity: ${AUDITOR_ID}
    roles: [auditor]
  - identity: ${DPO_ID}
    roles: [dpo]
`;

export interface Identities {
  emitter: CertFiles;
  auditor: CertFiles;
  dpo: CertFiles;
}

export async function makeIdentities(pki: TestPki): Promise<Identities> {
  return {
    emitter: await pki.workload('emitter', EMITTER_ID),
    auditor: await pki.workload('auditor', AUDITOR_ID),
    dpo: await pki.workload('dpo', DPO_ID),
  };
}

/** A collector subprocess (`grpc-audit collector --config`) on 127.0.0.1:0. */
export interface CollectorProcess {
  address: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startCollectorProcess(configFile: string, cwd: string): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [BIN, 'collector', '--config', configFile], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/collector listening on (\S+?),?\s/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`collector exited ${code}: ${err}`)));
  });
  return {
    address,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function writeCollectorConfig(dir: string, pki: TestPki, extra: string[] = [], policyText = POLICY): string {
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(policy, policyText);
  const file = path.join(dir, 'collector.yaml');
  fs.writeFileSync(
    file,
    [
      'listen: 127.0.0.1:0',
      'tls:',
      `  certFile: ${pki.server.certFile}`,
      `  keyFile: ${pki.server.keyFile}`,
      `  caFile: ${pki.caFile}`,
      '  refreshIntervalMs: 200',
      'identity:',
      `  policyFile: ${policy}`,
      'metrics:',
      '  listen: false',
      'batching:',
      '  maxDelayMs: 5',
      'log:',
      '  level: warn',
      ...extra,
    ].join('\n') + '\n',
  );
  return file;
}

/** Runs the CLI to completion. */
export function cli(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function connectionArgs(address: string, pki: TestPki, who: CertFiles): string[] {
  return ['--collector', address, '--cert', who.certFile, '--key', who.keyFile, '--ca', pki.caFile];
}

/** An admin client on the given identity. */
export function adminClient(address: string, pki: TestPki, who: CertFiles): grpc.Client & Record<string, unknown> {
  const creds = grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(who.keyPem), Buffer.from(who.certPem));
  return new (adminPackage().AdminService)(address, creds) as grpc.Client & Record<string, unknown>;
}

export function unaryCall<Res>(client: grpc.Client & Record<string, unknown>, method: string, req: unknown): Promise<{ err?: grpc.ServiceError; res?: Res }> {
  return new Promise((resolve) => {
    (client[method] as (r: unknown, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => void).call(
      client,
      req,
      { deadline: Date.now() + 30_000 },
      (e, r) => resolve(e ? { err: e } : { res: r }),
    );
  });
}

/**
 * Emits one checkout record about a subject, masked as the interceptors would: the subject's
 * reference from the keyring's HMAC key, the e-mail encrypted under the subject's data key.
 */
export function subjectSpan(ring: FileKeyring, customerId: string, email: string): { span: ReturnType<typeof span>; ref: string; ciphertext: string } {
  const ref = new Pseudonymizer(ring).pseudonym(customerId);
  const ciphertext = new SubjectCipher(ring).encrypt(email, ref);
  const payload = JSON.stringify({ customerId: ref, email: ciphertext, item: 'book' });
  const s = span({
    rpc: ['shop.v1.Checkout', 'PlaceOrder'],
    attrs: [kv('grpcaudit.subject_refs', [ref])],
    events: [{ name: 'rpc.message', timeUnixNano: '1700000000001000000', attributes: [kv('message.type', 'RECEIVED'), kv('message.id', 1), kv('grpcaudit.payload', payload)] }],
  });
  return { span: s, ref, ciphertext };
}

export async function emit(address: string, pki: TestPki, who: CertFiles, spans: ReturnType<typeof span>[], service = 'checkout'): Promise<void> {
  const creds = grpc.credentials.createSsl(fs.readFileSync(pki.caFile), Buffer.from(who.keyPem), Buffer.from(who.certPem));
  const client = new RawOtlpClient(address, creds);
  try {
    const out = await client.export(request([{ service, spans }]));
    if (out.err) throw out.err;
  } finally {
    client.close();
  }
}
