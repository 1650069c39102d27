import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Ed25519 keys for checkpoints, with the C2SP signed-note key id: the first 4 bytes of
 * SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). The verifier string `name+keyid+base64(0x01‖pub)`
 * is the note "vkey" format, so the public half can be published as one line.
 */
const ED25519_ALG = 0x01;

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

export interface NoteVerifierKey {
  /** Key name; equals the ledger origin. */
  readonly name: string;
  /** 4-byte key id as used on signature lines. */
  readonly keyId: Buffer;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner extends NoteVerifierKey {
  sign(message: Buffer): Buffer;
}

export function keyIdFor(name: string, rawPublicKey: Buffer): Buffer {
  return crypto
    .createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_ALG]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

export function verifierFromPublicKey(name: string, key: crypto.KeyObject): NoteVerifierKey {
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`expected an Ed25519 key, got ${key.asymmetricKeyType}`);
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  const raw = Buffer.from(pub.export({ format: 'jwk' }).x as string, 'base64url');
  return {
    name,
    keyId: keyIdFor(name, raw),
    publicKey: raw,
    verify: (message, signature) => signature.length === 64 && crypto.verify(null, message, pub, signature),
  };
}

export function signerFromPrivateKey(name: string, key: crypto.KeyObject): NoteSigner {
  const verifier = verifierFromPublicKey(name, key);
  return { ...verifier, sign: (message) => crypto.sign(null, message, key) };
}

/** Note verifier key line: `name+hex(keyid)+base64(0x01 ‖ pub)`. */
export function formatVerifierKey(v: NoteVerifierKey): string {
  return `${v.name}+${v.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519_ALG]), v.publicKey]).toString('base64')}`;
}

/** Parses a vkey line (see formatVerifierKey); checks the key id matches. */
export function parseVerifierKey(line: string): NoteVerifierKey {
  // Split at the first two '+' only: the base64 key itself may contain '+'.
  const text = line.trim();
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (a <= 0 || b < 0) throw new SigningKeyError('verifier key: want name+keyid+key');
  const [name, idHex, keyB64] = [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
  const keyBytes = Buffer.from(keyB64, 'base64');
  if (keyBytes.length !== 33 || keyBytes[0] !== ED25519_ALG) throw new SigningKeyError('verifier key: not an Ed25519 key');
  const raw = keyBytes.subarray(1);
  const pub = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  const v = verifierFromPublicKey(name, pub);
  if (v.keyId.toString('hex') !== idHex.toLowerCase()) throw new SigningKeyError('verifier key: key id does not match name and key');
  return v;
}

/** Where the key pair lives for a database file: `<db>.ed25519.key` (0600) and `<db>.ed25519.pub`. */
export function keyPathsFor(dbPath: string): { privateKey: string; publicKey: string } {
  return { privateKey: `${dbPath}.ed25519.key`, publicKey: `${dbPath}.ed25519.pub` };
}

/**
 * Loads the private key at `privateKeyPath`, or creates it (mode 0600, with the public key PEM
 * beside it) when `create` is true and it does not exist. Refuses a key file readable by others.
 */
export function loadOrCreateSigningKey(
  name: string,
  privateKeyPath: string,
  publicKeyPath: string,
  create: boolean,
): { signer: NoteSigner; created: boolean } {
  if (fs.existsSync(privateKeyPath)) {
    const st = fs.statSync(privateKeyPath);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new SigningKeyError(`signing key ${privateKeyPath} is accessible by group/others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    const key = crypto.createPrivateKey(fs.readFileSync(privateKeyPath));
    const signer = signerFromPrivateKey(name, key);
    if (!fs.existsSync(publicKeyPath)) writePublicKey(publicKeyPath, key);
    return { signer, created: false };
  }
  if (!create) throw new SigningKeyError(`signing key ${privateKeyPath} is missing`);
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(privateKeyPath), { recursive: true });
  // 'wx' fails instead of overwriting a key another process just created.
  fs.writeFileSync(privateKeyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  writePublicKey(publicKeyPath, privateKey);
  return { signer: signerFromPrivateKey(name, privateKey), created: true };
}

function writePublicKey(file: string, key: crypto.KeyObject): void {
  fs.writeFileSync(file, crypto.createPublicKey(key).export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
}

/** Reads a verifier from a PEM (SPKI) file, or a vkey line / file holding one. */
export function loadVerifierKey(name: string, source: string): NoteVerifierKey {
  const text = fs.existsSync(source) ? fs.readFileSync(source, 'utf8') : source;
  if (text.includes('-----BEGIN')) {
    try {
      return verifierFromPublicKey(name, crypto.createPublicKey(text));
    } catch (err) {
      if (err instanceof SigningKeyError) throw err;
      throw new SigningKeyError(`cannot read public key from ${source}: ${(err as Error).message}`);
    }
  }
  if (text.trim().split('+').length === 3) return parseVerifierKey(text);
  throw new SigningKeyError(`${source}: neither a PEM public key file nor a verifier key line`);
}
