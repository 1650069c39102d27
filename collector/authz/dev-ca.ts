// @peculiar/x509 (via tsyringe) needs the Reflect metadata polyfill loaded before it.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * Real X.509 certificates for demos and tests: a local CA and leaf certificates (SPIFFE
 * X509-SVIDs for workloads, a DNS/IP server certificate for the collector). ECDSA P-256 keys,
 * generated with node:crypto's WebCrypto — nothing is ever checked in.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
let providerSet = false;

type KeyPair = webcrypto.CryptoKeyPair;

export interface IssuedCertificate {
  /** PEM certificate. */
  certPem: string;
  /** PEM PKCS#8 private key. */
  keyPem: string;
}

export interface CertificateAuthority extends IssuedCertificate {
  readonly cert: x509.X509Certificate;
  readonly keys: KeyPair;
}

export interface LeafOptions {
  commonName?: string;
  /** URI SANs, e.g. SPIFFE IDs. */
  uris?: string[];
  dns?: string[];
  ips?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Extended key usages; both by default. */
  serverAuth?: boolean;
  clientAuth?: boolean;
}

function useNodeCrypto(): void {
  if (!providerSet) {
    // @peculiar/x509 types the provider as the DOM Crypto; node's webcrypto implements it.
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    providerSet = true;
  }
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // positive INTEGER
  return b.toString('hex');
}

async function newKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as KeyPair;
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

const DAY = 86_400_000;

export async function createCertificateAuthority(opts: { commonName?: string; notBefore?: Date; notAfter?: Date } = {}): Promise<CertificateAuthority> {
  useNodeCrypto();
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${opts.commonName ?? 'grpc-audit dev CA'}`,
    notBefore: opts.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: ALG,
    keys: keys as unknown as CryptoKeyPairLike,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKeyLike),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

export async function issueCertificate(ca: CertificateAuthority, opts: LeafOptions): Promise<IssuedCertificate> {
  useNodeCrypto();
  const keys = await newKeys();
  const names: x509.JsonGeneralName[] = [
    ...(opts.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(opts.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(opts.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const usages: string[] = [];
  if (opts.serverAuth !== false) usages.push(x509.ExtendedKeyUsage.serverAuth);
  if (opts.clientAuth !== false) usages.push(x509.ExtendedKeyUsage.clientAuth);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
    new x509.ExtendedKeyUsageExtension(usages, false),
    await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey as unknown as CryptoKeyLike),
  ];
  // An SVID's SAN extension is critical when the subject is empty (RFC 5280 §4.2.1.6).
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, !opts.commonName));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: opts.commonName ? `CN=${opts.commonName}` : '',
    issuer: ca.cert.subject,
    notBefore: opts.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: opts.notAfter ?? new Date(Date.now() + 90 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as unknown as CryptoKeyLike,
    signingKey: ca.keys.privateKey as unknown as CryptoKeyLike,
    extensions,
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

// The library's parameter types are the DOM ones; these aliases keep the casts in one place.
type CryptoKeyLike = Parameters<typeof x509.AuthorityKeyIdentifierExtension.create>[0] & Parameters<typeof x509.X509CertificateGenerator.create>[0] extends infer P ? P extends { signingKey: infer K } ? K : never : never;
type CryptoKeyPairLike = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
