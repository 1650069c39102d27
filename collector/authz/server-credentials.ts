import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { experimental, type ServerCredentials } from '@grpc/grpc-js';
import { ConfigError } from '../config/config-error';
import type { TlsConfig } from '../config/collector-config';

export interface CertificateReloadEvents {
  /** The served certificate or the CA bundle changed on disk and was picked up. */
  onReload(what: 'server-certificate' | 'ca-bundle', fingerprint: string): void;
  /** A refresh found a file missing; grpc-js refuses new connections until it is back. */
  onReloadError(what: 'server-certificate' | 'ca-bundle'): void;
}

export interface ReloadingServerCredentials {
  credentials: ServerCredentials;
  /** Resolves once the first read of all three files has reached the credentials. */
  ready: Promise<void>;
  close(): void;
}

/**
 * mTLS server credentials that re-read certificate, key and CA bundle from disk every
 * `refreshIntervalMs` (grpc-js experimental FileWatcherCertificateProvider; one provider serves
 * as both identity and CA provider, see DESIGN "Verified facts").
 *
 * The files are checked first so that a bad start-up configuration is a ConfigError naming the
 * key, not a server that silently drops every connection.
 */
export function createReloadingServerCredentials(tls: TlsConfig, events: CertificateReloadEvents): ReloadingServerCredentials {
  const served = checkServerFiles(tls.certFile, tls.keyFile);
  readCaBundle(tls.caFile);
  const provider = new experimental.FileWatcherCertificateProvider({
    certificateFile: tls.certFile,
    privateKeyFile: tls.keyFile,
    caCertificateFile: tls.caFile,
    refreshIntervalMs: tls.refreshIntervalMs,
  });
  let certFingerprint: string | undefined = served;
  let caHash: string | undefined;
  let gotIdentity = false;
  let gotCa = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const onIdentity: experimental.IdentityCertificateUpdateListener = (update) => {
    if (!update) return events.onReloadError('server-certificate');
    let fp: string;
    try {
      fp = new X509Certificate(update.certificate).fingerprint256;
    } catch {
      return events.onReloadError('server-certificate');
    }
    if (gotIdentity && fp !== certFingerprint) events.onReload('server-certificate', fp);
    certFingerprint = fp;
    gotIdentity = true;
    if (gotCa) markReady();
  };
  const onCa: experimental.CaCertificateUpdateListener = (update) => {
    if (!update) return events.onReloadError('ca-bundle');
    const h = createHash('sha256').update(update.caCertificate).digest('hex');
    if (gotCa && h !== caHash) events.onReload('ca-bundle', h.slice(0, 16));
    caHash = h;
    gotCa = true;
    if (gotIdentity) markReady();
  };
  provider.addIdentityCertificateListener(onIdentity);
  provider.addCaCertificateListener(onCa);

  const credentials = experimental.createCertificateProviderServerCredentials(provider, provider, tls.clientAuth === 'handshake');
  return {
    credentials,
    ready,
    close() {
      provider.removeIdentityCertificateListener(onIdentity);
      provider.removeCaCertificateListener(onCa);
    },
  };
}

function readFile(key: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(key, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Checks the served certificate parses, its key matches, and returns its fingerprint. */
function checkServerFiles(certFile: string, keyFile: string): string {
  const certPem = readFile('tls.certFile', certFile);
  const keyPem = readFile('tls.keyFile', keyFile);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new ConfigError('tls.certFile', `${certFile} does not hold a PEM certificate`);
  }
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new ConfigError('tls.keyFile', `${keyFile} does not hold a PEM private key`);
  }
  if (!cert.checkPrivateKey(key)) throw new ConfigError('tls.keyFile', `the key in ${keyFile} does not belong to the certificate in ${certFile}`);
  if (Date.parse(cert.validTo) < Date.now()) throw new ConfigError('tls.certFile', `the certificate in ${certFile} expired on ${cert.validTo}`);
  return cert.fingerprint256;
}

function readCaBundle(caFile: string): void {
  const pem = readFile('tls.caFile', caFile).toString('utf8');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError('tls.caFile', `${caFile} holds no PEM certificate`);
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch {
      throw new ConfigError('tls.caFile', `${caFile} holds a certificate that cannot be parsed`);
    }
  }
}
