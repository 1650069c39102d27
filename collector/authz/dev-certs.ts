import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCertificateAuthority, issueCertificate } from './dev-ca';
import { parseSpiffeId } from './spiffe-id';

export interface DevCertsOptions {
  outDir: string;
  trustDomain: string;
  /** Workload names; each gets spiffe://<trustDomain>/<name>. */
  workloads: string[];
  /** Overwrite existing files (otherwise refuse, so a CA key is never replaced by accident). */
  force?: boolean;
}

export interface DevCertsResult {
  files: string[];
  workloads: Array<{ name: string; spiffeId: string; certFile: string; keyFile: string }>;
}

const NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * `grpc-audit certs dev`: a local CA, a collector server certificate (localhost, 127.0.0.1) and
 * one SPIFFE X509-SVID per workload, plus a starter identity policy. Keys are written mode 0600.
 * For demos only: a real deployment takes SVIDs from SPIRE or a cert-manager CA.
 */
export async function writeDevCerts(opts: DevCertsOptions): Promise<DevCertsResult> {
  const td = parseSpiffeId(`spiffe://${opts.trustDomain}`);
  if ('error' in td) throw new Error(`--trust-domain ${opts.trustDomain}: ${td.error}`);
  for (const w of opts.workloads) {
    if (!NAME.test(w) || w.split('/').some((s) => s === '.' || s === '..')) throw new Error(`--workload ${w}: use letters, digits, '.', '-', '_' and '/' between segments`);
  }
  // Every target is named and checked before anything is written: a refusal leaves the directory
  // as it was (no new CA beside an old key), and no workload may land on another file's name
  // ('ca' would replace the CA key, 'a/b' and 'a_b' the same pair).
  const targets = ['ca.crt', 'ca.key', 'collector.crt', 'collector.key', 'policy.yaml'];
  for (const w of opts.workloads) {
    const base = w.replace(/\//g, '_');
    for (const f of [`${base}.crt`, `${base}.key`]) {
      if (targets.includes(f)) throw new Error(`--workload ${w}: its files would be ${base}.crt/.key, which another file of the set already uses`);
      targets.push(f);
    }
  }
  if (!opts.force) {
    const existing = targets.map((t) => path.join(opts.outDir, t)).filter((f) => fs.existsSync(f));
    if (existing.length > 0) throw new Error(`${existing[0]} exists; pass --force to overwrite`);
  }
  fs.mkdirSync(opts.outDir, { recursive: true, mode: 0o700 });
  const files: string[] = [];
  const write = (name: string, content: string, secret: boolean): string => {
    const file = path.join(opts.outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, content, { mode: secret ? 0o600 : 0o644 });
    fs.chmodSync(file, secret ? 0o600 : 0o644); // mode is ignored when the file already existed
    files.push(file);
    return file;
  };

  const ca = await createCertificateAuthority({ commonName: `grpc-audit dev CA (${opts.trustDomain})` });
  write('ca.crt', ca.certPem, false);
  write('ca.key', ca.keyPem, true);
  const server = await issueCertificate(ca, { commonName: 'localhost', dns: ['localhost'], ips: ['127.0.0.1'], clientAuth: false });
  write('collector.crt', server.certPem, false);
  write('collector.key', server.keyPem, true);

  const workloads: DevCertsResult['workloads'] = [];
  for (const name of opts.workloads) {
    const spiffeId = `spiffe://${opts.trustDomain}/${name}`;
    const leaf = await issueCertificate(ca, { uris: [spiffeId], serverAuth: false });
    const base = name.replace(/\//g, '_');
    const certFile = write(`${base}.crt`, leaf.certPem, false);
    const keyFile = write(`${base}.key`, leaf.keyPem, true);
    workloads.push({ name, spiffeId, certFile, keyFile });
  }
  const policy =
    '# Identity policy: which workload may report which service.name (see docs/collector.md).\nrules:\n' +
    workloads.map((w) => `  - identity: ${w.spiffeId}\n    services: [${JSON.stringify(w.name.split('/').pop())}]\n`).join('');
  write('policy.yaml', workloads.length > 0 ? policy : 'rules: []\n', false);
  return { files, workloads };
}
