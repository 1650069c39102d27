import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { Command } from 'commander';
import { adminPackage } from '../admin/admin-proto';

/** Connection flags shared by the commands that call the collector's admin API. */
export interface AdminConnectionFlags {
  collector: string;
  cert: string;
  key: string;
  ca: string;
}

export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--collector <host:port>', 'collector address (admin API on the OTLP port)')
    .requiredOption('--cert <file>', 'client certificate (PEM) of an identity with the needed role')
    .requiredOption('--key <file>', 'private key of --cert')
    .requiredOption('--ca <file>', 'CA bundle that signed the collector certificate');
}

function read(flag: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function credentials(f: AdminConnectionFlags): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(read('--ca', f.ca), read('--key', f.key), read('--cert', f.cert));
}

const CHANNEL_OPTIONS = { 'grpc.max_receive_message_length': -1 };

/** Calls one unary admin method; rejects with an Error whose message is `CODE: details`. */
export function callAdmin<Res>(f: AdminConnectionFlags, method: string, request: Record<string, unknown>, deadlineMs = 120_000): Promise<Res> {
  const Ctor = adminPackage().AdminService;
  const client = new Ctor(f.collector, credentials(f), CHANNEL_OPTIONS);
  return new Promise<Res>((resolve, reject) => {
    const fn = (client as unknown as Record<string, (req: unknown, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: Res) => void) => void>)[method];
    fn.call(client, request, { deadline: Date.now() + deadlineMs }, (err, res) => {
      client.close();
      if (err) reject(new Error(`${grpc.status[err.code] ?? err.code}: ${err.details}`));
      else resolve(res);
    });
  });
}

/** `--subject` as the admin API's selector: a pseudonymous reference stays one, anything else is a raw id. */
export function subjectSelector(subject: string): Record<string, string> {
  return /^hmac:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/.test(subject) ? { subjectRef: subject } : { subjectId: subject };
}
