import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createCertificateAuthority,
  issueCertificate,
  type CertificateAuthority,
  type LeafOptions,
} from '../../collector/authz/dev-ca';

/**
 * Certificates made per test run (never checked in): a CA, a collector server certificate for
 * localhost/127.0.0.1, a second unrelated CA, and workload certificates on demand — SPIFFE SVIDs,
 * expired ones, ones with two URI SANs or none. Files land in a fresh temp directory.
 */
export interface CertFiles {
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

export interface TestPki {
  dir: string;
  ca: CertificateAuthority;
  caFile: string;
  /** An unrelated CA: certificates it issues must not be trusted by the collector. */
  otherCa: CertificateAuthority;
  otherCaFile: string;
  server: CertFiles;
  /** Issues a leaf certificate from `ca` (or `otherCa` with issuer 'other') and writes it as NAME.crt/NAME.key. */
  issue(name: string, opts: LeafOptions, issuer?: 'ca' | 'other'): Promise<CertFiles>;
  /** A workload X509-SVID: exactly one spiffe:// URI SAN. */
  workload(name: string, spiffeId: string): Promise<CertFiles>;
  /** A workload certificate whose validity ended yesterday. */
  expired(name: string, spiffeId: string): Promise<CertFiles>;
  /** Same shape as `workload`, but signed by the other CA. */
  foreign(name: string, spiffeId: string): Promise<CertFiles>;
  /** Overwrites FILE atomically (write + rename), as rotation tools do. */
  replaceFile(file: string, content: string): void;
  cleanup(): void;
}

const DAY = 86_400_000;

export async function makeTestPki(): Promise<TestPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-audit-pki-'));
  const ca = await createCertificateAuthority({ commonName: 'grpc-audit test CA' });
  const otherCa = await createCertificateAuthority({ commonName: 'unrelated test CA' });
  const caFile = path.join(dir, 'ca.crt');
  const otherCaFile = path.join(dir, 'other-ca.crt');
  fs.writeFileSync(caFile, ca.certPem);
  fs.writeFileSync(otherCaFile, otherCa.certPem);

  const issue = async (name: string, opts: LeafOptions, issuer: 'ca' | 'other' = 'ca'): Promise<CertFiles> => {
    const c = await issueCertificate(issuer === 'ca' ? ca : otherCa, opts);
    const certFile = path.join(dir, `${name}.crt`);
    const keyFile = path.join(dir, `${name}.key`);
    fs.writeFileSync(certFile, c.certPem);
    fs.writeFileSync(keyFile, c.keyPem, { mode: 0o600 });
    return { certFile, keyFile, certPem: c.certPem, keyPem: c.keyPem };
  };
  const server = await issue('collector', { commonName: 'localhost', dns: ['localhost'], ips: ['127.0.0.1'] });

  return {
    dir,
    ca,
    caFile,
    otherCa,
    otherCaFile,
    server,
    issue,
    workload: (name, spiffeId) => issue(name, { uris: [spiffeId] }),
    expired: (name, spiffeId) =>
      issue(name, { uris: [spiffeId], notBefore: new Date(Date.now() - 3 * DAY), notAfter: new Date(Date.now() - DAY) }),
    foreign: (name, spiffeId) => issue(name, { uris: [spiffeId] }, 'other'),
    replaceFile(file, content) {
      const tmp = `${file}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, content, { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
