import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { PYTHON } from './descriptor-set';

const SCRIPT = path.join(__dirname, 'py_kitchen_sink.py');

/** The Python kitchen-sink server (grpcio) on 127.0.0.1:0, plaintext; stops when its stdin closes. */
export interface PythonServer {
  address: string;
  stop(): Promise<void>;
}

export async function startPythonServer(stubsDir: string): Promise<PythonServer> {
  const child: ChildProcess = spawn(PYTHON, [SCRIPT, 'server', stubsDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`python server exited (${code})`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** What the Python client saw of each call of a scenario ('calls' | 'faults'), one object per call (a child process: the sidecar under test runs in this one). */
export function runPythonClient(stubsDir: string, target: string, scenario: 'calls' | 'faults', tls?: { ca: string; key: string; cert: string }): Promise<Array<Record<string, unknown>>> {
  const args = [SCRIPT, 'client', stubsDir, target, scenario];
  if (tls) args.push(tls.ca, tls.key, tls.cert);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`python client exited ${code}: ${err.slice(-2000)}`));
      resolve(out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
    });
  });
}
