import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointParseError, marshalCheckpoint, parseCheckpoint, type Checkpoint } from '../../collector/ledger/checkpoint';
import { Checkpointer } from '../../collector/ledger/checkpointer';
import { NoteError, openNote, signNote } from '../../collector/ledger/signed-note';
import {
  SigningKeyError,
  formatVerifierKey,
  loadOrCreateSigningKey,
  loadVerifierKey,
  parseVerifierKey,
  signerFromPrivateKey,
} from '../../collector/ledger/signing-key';

const ROOT = crypto.createHash('sha256').update('root').digest();
const CP: Checkpoint = { origin: 'grpc-audit/test', treeSize: 1234, rootHash: ROOT, timestampMs: 1718000000000 };
const newSigner = (name = 'grpc-audit/test') => signerFromPrivateKey(name, crypto.generateKeyPairSync('ed25519').privateKey);

describe('ledger: checkpoint text', () => {
  it('marshals to origin/size/base64 root/timestamp lines and parses back', () => {
    const text = marshalCheckpoint(CP);
    assert.equal(text, `grpc-audit/test\n1234\n${ROOT.toString('base64')}\ntimestamp 1718000000000\n`);
    const back = parseCheckpoint(text);
    assert.deepEqual({ ...back, rootHash: back.rootHash.toString('hex') }, { ...CP, rootHash: ROOT.toString('hex') });
  });

  const good = marshalCheckpoint(CP);
  const lines = good.split('\n');
  const cases: [string, string, RegExp][] = [
    ['no final newline', good.slice(0, -1), /must end with a newline/],
    ['too few lines', `${lines[0]}\n${lines[1]}\n`, /want 4 lines/],
    ['extra line', `${good}extra\n`, /unexpected line 5/],
    ['empty origin', good.replace('grpc-audit/test', ''), /origin line is empty/],
    ['size with sign', good.replace('\n1234\n', '\n+1234\n'), /not a decimal integer/],
    ['size with leading zero', good.replace('\n1234\n', '\n01234\n'), /not a decimal integer/],
    ['root not base64', good.replace(ROOT.toString('base64'), '!!!'), /not standard base64/],
    ['root wrong length', good.replace(ROOT.toString('base64'), Buffer.alloc(31).toString('base64')), /must be 32 bytes/],
    ['no timestamp prefix', good.replace('timestamp ', 'time '), /must start with "timestamp "/],
    ['bad timestamp', good.replace('1718000000000', '17x'), /timestamp "17x" is not a decimal integer/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name} with its own message`, () => {
      assert.throws(() => parseCheckpoint(text), (err: unknown) => err instanceof CheckpointParseError && message.test(err.message));
    });
  }

  it('refuses to marshal impossible values', () => {
    assert.throws(() => marshalCheckpoint({ ...CP, origin: 'a\nb' }), CheckpointParseError);
    assert.throws(() => marshalCheckpoint({ ...CP, treeSize: -1 }), CheckpointParseError);
    assert.throws(() => marshalCheckpoint({ ...CP, rootHash: Buffer.alloc(3) }), CheckpointParseError);
  });
});

describe('ledger: signed note and keys', () => {
  it('signs and opens a checkpoint note; a changed byte or another key fails', () => {
    const signer = newSigner();
    const note = signNote(marshalCheckpoint(CP), signer);
    assert.match(note, /\n\n\u2014 grpc-audit\/test [A-Za-z0-9+/=]+\n$/);
    assert.equal(openNote(note, signer), marshalCheckpoint(CP));
    assert.throws(() => openNote(note.replace('1234', '1235'), signer), (e: unknown) => e instanceof NoteError && /does not verify/.test(e.message));
    assert.throws(() => openNote(note, newSigner()), (e: unknown) => e instanceof NoteError && /another key of that name/.test(e.message));
    assert.throws(() => openNote(note, newSigner('other/log')), (e: unknown) => e instanceof NoteError && /not signed by other\/log/.test(e.message));
    assert.throws(() => openNote(marshalCheckpoint(CP), signer), /no blank line/);
  });

  it('Checkpointer stamps the injected time and signs', () => {
    const signer = newSigner();
    const s = new Checkpointer(signer, () => 42).sign(7, ROOT);
    assert.equal(s.checkpoint.timestampMs, 42);
    assert.equal(parseCheckpoint(openNote(s.note, signer)).treeSize, 7);
  });

  it('verifier key line round-trips and checks its key id', () => {
    const signer = newSigner();
    const line = formatVerifierKey(signer);
    const v = parseVerifierKey(line);
    assert.equal(v.keyId.toString('hex'), signer.keyId.toString('hex'));
    const note = signNote(marshalCheckpoint(CP), signer);
    assert.equal(openNote(note, v), marshalCheckpoint(CP));
    const [name, , key] = line.split('+');
    assert.throws(() => parseVerifierKey(`${name}+00000000+${key}`), SigningKeyError);
    assert.throws(() => parseVerifierKey('nonsense'), SigningKeyError);
  });

  it('creates the key once with mode 0600, reloads it, and refuses a world-readable or missing key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-key-'));
    try {
      const priv = path.join(dir, 'c.db.ed25519.key');
      const pub = path.join(dir, 'c.db.ed25519.pub');
      assert.throws(() => loadOrCreateSigningKey('grpc-audit/test', priv, pub, false), /is missing/);
      const first = loadOrCreateSigningKey('grpc-audit/test', priv, pub, true);
      assert.equal(first.created, true);
      assert.equal(fs.statSync(priv).mode & 0o777, 0o600);
      const again = loadOrCreateSigningKey('grpc-audit/test', priv, pub, true);
      assert.equal(again.created, false);
      assert.equal(again.signer.keyId.toString('hex'), first.signer.keyId.toString('hex'));
      // The exported public key verifies what the private key signs.
      const v = loadVerifierKey('grpc-audit/test', pub);
      assert.equal(openNote(signNote(marshalCheckpoint(CP), first.signer), v), marshalCheckpoint(CP));
      fs.chmodSync(priv, 0o644);
      assert.throws(() => loadOrCreateSigningKey('grpc-audit/test', priv, pub, true), /accessible by group\/others/);
      assert.throws(() => loadVerifierKey('grpc-audit/test', path.join(dir, 'nope')), SigningKeyError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
