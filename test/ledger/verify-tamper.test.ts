import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqliteAuditLog } from '../../collector/compose/sqlite-audit-log';
import { marshalCheckpoint, parseCheckpoint } from '../../collector/ledger/checkpoint';
import { leafHashOf } from '../../collector/ledger/leaf-hash';
import { signNote } from '../../collector/ledger/signed-note';
import { keyPathsFor, loadVerifierKey, signerFromPrivateKey, type NoteVerifierKey } from '../../collector/ledger/signing-key';
import { verifyLog, type VerifyReport } from '../../collector/ledger/verify-log';
import { bodyDigest } from '../../collector/store/body-digest';
import { SqliteRecordStore } from '../../collector/store/sqlite-record-store';
import { makeRecord, makeRecords } from '../store/make-records';

const ORIGIN = 'grpc-audit/collector';

/**
 * Each test tampers with a copy of one real ledger file (600 records, a signed checkpoint every
 * 100) through plain SQL — as someone with write access to the file would — and checks that
 * verify names the first damaged record and the kind of damage.
 */
for (const mode of ['in-thread', 'worker threads', 'generic store'] as const) describe(`ledger: verify catches tampering (${mode})`, () => {
  let pristineDir: string;
  let dir: string;
  let dbPath: string;
  let verifier: NoteVerifierKey;

  before(async () => {
    pristineDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-tamper-src-'));
    const log = await openSqliteAuditLog({ path: path.join(pristineDir, 'collector.db'), checkpointIntervalMs: 0, checkpointEveryRecords: 100 });
    for (let i = 0; i < 600; i += 50) await log.append(makeRecords(i, 50));
    await log.close();
    verifier = loadVerifierKey(ORIGIN, keyPathsFor(path.join(pristineDir, 'collector.db')).publicKey);
  });
  after(() => fs.rmSync(pristineDir, { recursive: true, force: true }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ga-tamper-'));
    for (const f of fs.readdirSync(pristineDir)) fs.copyFileSync(path.join(pristineDir, f), path.join(dir, f));
    dbPath = path.join(dir, 'collector.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function tamper(sql: (db: Database.Database) => void): void {
    const db = new Database(dbPath);
    try {
      sql(db);
    } finally {
      db.close();
    }
  }

  async function verify(key: NoteVerifierKey = verifier, external?: Array<{ label: string; note: string }>): Promise<VerifyReport> {
    const store = new SqliteRecordStore({ path: dbPath, readonly: true });
    try {
      // Small chunks (64 leaves; sizes are rounded down to a power of two) so problems land
      // mid-chunk, at chunk starts and in later chunks, and checkpoints (every 100) fall inside chunks.
      const parallel = mode === 'worker threads' ? { dbPath, workers: 2, chunkSize: 97, minLeaves: 0 } : undefined;
      // 'generic store': the row-by-row path other stores (PostgreSQL) take, over the same file.
      const target = mode === 'generic store' ? asGenericStore(store) : store;
      return await verifyLog(target, { verifier: key, pageSize: 48, chunkSize: 64, parallel, external });
    } finally {
      await store.close();
    }
  }

  it('passes the untouched log', async () => {
    const r = await verify();
    assert.equal(r.ok, true, r.problem?.message);
    assert.equal(r.leaves, 600);
    assert.equal(r.checkpoints, 6);
    assert.equal(r.checkpointedSize, 600);
    assert.deepEqual(r.warnings, []);
  });

  it('one changed byte of a stored body → altered, at that leaf and record', async () => {
    tamper((db) => {
      const { body } = db.prepare('SELECT body FROM records WHERE leaf_index = 321').get() as { body: string };
      const at = body.indexOf('x');
      db.prepare('UPDATE records SET body = ? WHERE leaf_index = 321').run(`${body.slice(0, at)}y${body.slice(at + 1)}`);
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.problem?.kind, 'altered');
    assert.equal(r.problem?.leafIndex, 321);
    assert.equal(r.problem?.recordId, 'rec-321');
    assert.match(r.problem!.message, /body bytes/);
    assert.equal(r.leaves, 321, 'everything before the damage verified');
  });

  it('a changed indexed column (service) → altered, with stored and recomputed leaf hash', async () => {
    tamper((db) => db.prepare(`UPDATE records SET service = 'evil.v1.Svc' WHERE leaf_index = 42`).run());
    const r = await verify();
    assert.equal(r.problem?.kind, 'altered');
    assert.equal(r.problem?.leafIndex, 42);
    assert.equal(r.problem?.recordId, 'rec-42');
    assert.match(r.problem?.expected ?? '', /^[0-9a-f]{64}$/);
    assert.notEqual(r.problem?.expected, r.problem?.actual);
  });

  it('a body changed together with its digest column → altered (the leaf commits to the digest)', async () => {
    tamper((db) => {
      const body = JSON.stringify({ forged: true });
      db.prepare('UPDATE records SET body = ?, body_sha256 = ? WHERE leaf_index = 7').run(body, bodyDigest(body));
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'altered');
    assert.equal(r.problem?.leafIndex, 7);
  });

  it('a deleted row → missing, at its index, naming the neighbours', async () => {
    tamper((db) => db.prepare('DELETE FROM records WHERE leaf_index = 250').run());
    const r = await verify();
    assert.equal(r.problem?.kind, 'missing');
    assert.equal(r.problem?.leafIndex, 250);
    assert.match(r.problem!.message, /rec-249/);
    assert.match(r.problem!.message, /leaf 251 \(rec-251\)/);
  });

  it('two rows swapped (positions exchanged) → reordered, with the committed position', async () => {
    tamper((db) => {
      db.prepare('UPDATE records SET leaf_index = -1 WHERE leaf_index = 120').run();
      db.prepare('UPDATE records SET leaf_index = 120 WHERE leaf_index = 480').run();
      db.prepare('UPDATE records SET leaf_index = 480 WHERE leaf_index = -1').run();
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'reordered');
    assert.equal(r.problem?.leafIndex, 120);
    assert.equal(r.problem?.recordId, 'rec-480');
    assert.equal(r.problem?.committedIndex, 480);
  });

  it('two rows whose contents were swapped but whose leaf hashes stayed → reordered', async () => {
    tamper((db) => {
      const cols = 'record_id, record_type, emitter_id, seq, identity, service, method, kind, trace_id, span_id, parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns, grpc_status_code, subject_refs, received_at_ms, body, body_sha256';
      const a = db.prepare(`SELECT ${cols} FROM records WHERE leaf_index = 10`).raw().get() as unknown[];
      const b = db.prepare(`SELECT ${cols} FROM records WHERE leaf_index = 11`).raw().get() as unknown[];
      const set = cols.split(', ').map((c) => `${c} = ?`).join(', ');
      db.prepare(`UPDATE records SET record_id = 'tmp' WHERE leaf_index = 10`).run();
      db.prepare(`UPDATE records SET ${set} WHERE leaf_index = 11`).run(...a);
      db.prepare(`UPDATE records SET ${set} WHERE leaf_index = 10`).run(...b);
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'reordered');
    assert.equal(r.problem?.leafIndex, 10);
    assert.equal(r.problem?.recordId, 'rec-11');
    assert.equal(r.problem?.committedIndex, 11);
  });

  it('the tail deleted after a checkpoint (truncation) → missing from the first deleted leaf', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM records WHERE leaf_index >= 550').run();
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'missing');
    assert.equal(r.problem?.leafIndex, 550);
    assert.match(r.problem!.message, /truncated: checkpoint #\d+ covers 600 leaves but the store ends at 550/);
  });

  it('a truncation that also deletes the later checkpoints is caught by the head signed with the last batch', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM records WHERE leaf_index >= 550').run();
      db.prepare('DELETE FROM checkpoints WHERE tree_size > 500').run();
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'missing', r.problem?.message);
    assert.match(r.problem!.message, /head checkpoint covers 600 leaves but the store ends at 550/);
  });

  it('a rollback to an earlier signed tree (rows, checkpoints, head and state all rewound) passes inside, fails against a published checkpoint', async () => {
    const publishedHead = (() => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare("SELECT value FROM ledger_meta WHERE key = 'head_checkpoint'").pluck().get() as string;
      } finally {
        db.close();
      }
    })();
    tamper((db) => {
      const five = db.prepare('SELECT note FROM checkpoints WHERE tree_size = 500').pluck().get() as string;
      db.prepare('DELETE FROM records WHERE leaf_index >= 500').run();
      db.prepare('DELETE FROM tree_nodes WHERE (idx + 1) * (1 << level) > 500').run();
      db.prepare('DELETE FROM checkpoints WHERE tree_size > 500').run();
      db.prepare("UPDATE ledger_meta SET value = ? WHERE key = 'head_checkpoint'").run(five);
      db.prepare('DELETE FROM ledger_state').run();
    });
    const inside = await verify();
    assert.equal(inside.ok, true, inside.problem?.message);
    assert.equal(inside.signedSize, 500);
    const against = await verify(verifier, [{ label: 'kept-by-auditor.note', note: publishedHead }]);
    assert.equal(against.ok, false);
    assert.equal(against.problem?.kind, 'missing');
    assert.match(against.problem!.message, /published checkpoint kept-by-auditor\.note covers 600 leaves but the store ends at 500/);
  });

  it('a forged checkpoint signature → checkpoint-signature', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT id, note FROM checkpoints ORDER BY id LIMIT 1 OFFSET 2').get() as { id: number; note: string };
      const forger = signerFromPrivateKey(ORIGIN, crypto.generateKeyPairSync('ed25519').privateKey);
      const text = row.note.slice(0, row.note.lastIndexOf('\n\n') + 1);
      db.prepare('UPDATE checkpoints SET note = ? WHERE id = ?').run(signNote(text, forger), row.id);
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'checkpoint-signature');
    assert.equal(r.problem?.checkpointId, 3);
  });

  it('a checkpoint whose signed text was edited (root changed) → checkpoint-signature', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT id, note FROM checkpoints ORDER BY id LIMIT 1').get() as { id: number; note: string };
      const lines = row.note.split('\n');
      lines[2] = crypto.randomBytes(32).toString('base64');
      db.prepare('UPDATE checkpoints SET note = ? WHERE id = ?').run(lines.join('\n'), row.id);
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'checkpoint-signature');
    assert.match(r.problem!.message, /does not verify/);
  });

  it('verifying with another key → checkpoint-signature', async () => {
    const other = signerFromPrivateKey(ORIGIN, crypto.generateKeyPairSync('ed25519').privateKey);
    const r = await verify(other);
    assert.equal(r.problem?.kind, 'checkpoint-signature');
  });

  it('a row changed together with its stored leaf hash → the covering checkpoint root mismatches, range named', async () => {
    tamper((db) => {
      const rec = { ...makeRecord(333), service: 'evil.v1.Svc' };
      const digest = bodyDigest(rec.body);
      db.prepare('UPDATE records SET service = ?, leaf_hash = ? WHERE leaf_index = 333').run(rec.service, leafHashOf(333, rec, digest));
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'checkpoint-root-mismatch');
    assert.equal(r.problem?.treeSize, 400);
    assert.match(r.problem!.message, /leaves 300\.\.399/);
    assert.notEqual(r.problem?.expected, r.problem?.actual);
  });

  it('a whole rewrite re-signed with a stolen key but old checkpoints left → root mismatch at the first old checkpoint', async () => {
    // Re-signing needs the private key; an older checkpoint still in the table then disagrees.
    const signer = signerFromPrivateKey(ORIGIN, crypto.createPrivateKey(fs.readFileSync(keyPathsFor(dbPath).privateKey)));
    tamper((db) => {
      const rec = { ...makeRecord(5), method: '/evil/Method' };
      db.prepare('UPDATE records SET method = ?, leaf_hash = ? WHERE leaf_index = 5').run(rec.method, leafHashOf(5, rec, bodyDigest(rec.body)));
      const cp = parseCheckpoint(
        (db.prepare('SELECT note FROM checkpoints ORDER BY id DESC LIMIT 1').get() as { note: string }).note.split('\n\n')[0] + '\n',
      );
      db.prepare('INSERT INTO checkpoints (tree_size, root_hash, timestamp_ms, note) VALUES (?, ?, ?, ?)').run(
        cp.treeSize,
        cp.rootHash,
        cp.timestampMs,
        signNote(marshalCheckpoint({ ...cp, rootHash: crypto.randomBytes(32) }), signer),
      );
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'checkpoint-root-mismatch');
    assert.equal(r.problem?.treeSize, 100);
  });

  it('a row the ledger never committed (no leaf hash) → extra', async () => {
    tamper((db) => db.prepare('UPDATE records SET leaf_hash = NULL WHERE leaf_index = 599').run());
    const r = await verify();
    assert.equal(r.problem?.kind, 'extra');
    assert.equal(r.problem?.leafIndex, 599);
  });

  it('a row outside the dense index range → extra', async () => {
    tamper((db) => {
      db.prepare(`INSERT INTO records SELECT -5, 'smuggled', record_type, emitter_id, seq, identity, service, method, kind, trace_id, span_id,
        parent_span_id, start_time_unix_nano, end_time_unix_nano, start_time_ns, grpc_status_code, subject_refs, received_at_ms, body,
        body_sha256, leaf_hash FROM records WHERE leaf_index = 0`).run();
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'extra');
    assert.match(r.problem!.message, /601 records but only 600/);
  });

  it('a well-formed row appended after the last signed batch (digest and leaf hash recomputed) → unsigned', async () => {
    tamper((db) => {
      const rec = makeRecord(600);
      const digest = bodyDigest(rec.body);
      db.prepare(`INSERT INTO records (leaf_index, record_id, record_type, identity, service, method, kind, trace_id, span_id,
        start_time_unix_nano, end_time_unix_nano, start_time_ns, subject_refs, received_at_ms, body, body_sha256, leaf_hash)
        VALUES (600, ?, 'span', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`).run(
        rec.recordId, rec.identity, rec.service, rec.method, rec.kind, rec.traceId, rec.spanId, rec.startTimeUnixNano,
        rec.endTimeUnixNano, BigInt(rec.startTimeUnixNano), rec.receivedAtMs, rec.body, digest,
        leafHashOf(600, { ...rec, emitterId: undefined, seq: undefined, grpcStatusCode: undefined, subjectRefs: [] }, digest),
      );
    });
    const r = await verify();
    assert.equal(r.ok, false);
    assert.equal(r.problem?.kind, 'unsigned');
    assert.equal(r.problem?.leafIndex, 600);
    assert.match(r.problem!.message, /1 record\(s\) at leaves 600\.\.600 are covered by no valid signature/);
  });

  it('a pruned body (set to NULL by retention) still verifies through its digest', async () => {
    tamper((db) => db.prepare('UPDATE records SET body = NULL WHERE leaf_index IN (3, 4)').run());
    const r = await verify();
    assert.equal(r.ok, true, r.problem?.message);
    assert.equal(r.prunedBodies, 2);
  });

  it('an altered stored tree node (used for proofs) → tree-state-altered', async () => {
    tamper((db) => db.prepare(`UPDATE tree_nodes SET hash = randomblob(32) WHERE level = 8 AND idx = 1`).run());
    const r = await verify();
    assert.equal(r.problem?.kind, 'tree-state-altered');
  });

  it('a checkpoint with a smaller size than an earlier one → checkpoint-inconsistent', async () => {
    const signer = signerFromPrivateKey(ORIGIN, crypto.createPrivateKey(fs.readFileSync(keyPathsFor(dbPath).privateKey)));
    tamper((db) => {
      const first = (db.prepare('SELECT note FROM checkpoints ORDER BY id LIMIT 1').get() as { note: string }).note;
      const cp = parseCheckpoint(first.split('\n\n')[0] + '\n');
      db.prepare('INSERT INTO checkpoints (tree_size, root_hash, timestamp_ms, note) VALUES (?, ?, ?, ?)').run(
        cp.treeSize, cp.rootHash, cp.timestampMs + 1, signNote(marshalCheckpoint({ ...cp, timestampMs: cp.timestampMs + 1 }), signer),
      );
    });
    const r = await verify();
    assert.equal(r.problem?.kind, 'checkpoint-inconsistent');
    assert.match(r.problem!.message, /the log shrank/);
  });
});

/** The store seen through an object that is not a SqliteRecordStore, so verify takes its generic row path. */
function asGenericStore(store: SqliteRecordStore): SqliteRecordStore {
  return new Proxy(store, {
    getPrototypeOf: () => Object.prototype,
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
