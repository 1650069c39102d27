import * as fs from 'node:fs';
import type { CheckpointRow } from '../store/record-store';
import { META_HEAD_CHECKPOINT } from '../store/record-store';
import type { SqliteRecordStore } from '../store/sqlite-record-store';
import { StoreError } from '../store/store-errors';
import { parseCheckpoint, type Checkpoint } from './checkpoint';
import { CompactRange } from './compact-range';
import { openNote } from './signed-note';
import type { NoteVerifierKey } from './signing-key';

export interface QuarantineResult {
  /** Leaves covered by the last valid signature whose root the stored leaf hashes reproduce. */
  signedSize: number;
  /** Rows moved out of the store. */
  moved: number;
  /** JSON Lines file holding them (undefined when nothing was moved). */
  file: string | undefined;
}

/**
 * Repair for a store holding rows no signature covers (the collector refuses to open it): finds
 * the largest tree a valid signature of `verifier` covers whose root the stored leaf hashes
 * reproduce, writes every row beyond it to a JSON Lines file (nothing is destroyed: the file keeps
 * each row with its leaf hash for the investigation) and removes them from the store with their
 * subject index entries and stored tree nodes, in one transaction, leaving the tree state and
 * head at the signed tree. Rows below that size are not judged here: run `grpc-audit verify`.
 */
export function quarantineUnsignedRows(store: SqliteRecordStore, verifier: NoteVerifierKey, outFile: string): QuarantineResult {
  const db = store.db;
  const candidates: Array<{ cp: Checkpoint; note: string }> = [];
  const rows = db.prepare('SELECT note FROM checkpoints ORDER BY id').all() as Array<Pick<CheckpointRow, 'note'>>;
  const head = db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck().get(META_HEAD_CHECKPOINT) as string | undefined;
  for (const note of [...rows.map((r) => r.note), ...(head !== undefined ? [head] : [])]) {
    try {
      candidates.push({ cp: parseCheckpoint(openNote(note, verifier)), note });
    } catch {
      // Not signed by the trusted key: it vouches for nothing.
    }
  }
  candidates.sort((a, b) => b.cp.treeSize - a.cp.treeSize);
  const next = ((db.prepare('SELECT max(leaf_index) FROM records').pluck().get() as number | null) ?? -1) + 1;
  const hashes = db.prepare('SELECT leaf_index, leaf_hash FROM records WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index').raw();
  const rangeAt = (size: number): CompactRange | undefined => {
    const range = CompactRange.empty();
    for (let from = 0; from < size; from += 65536) {
      const to = Math.min(size, from + 65536);
      for (const [i, h] of hashes.all(from, to) as Array<[number, Buffer | null]>) {
        if (i !== range.size || h === null) return undefined;
        range.append(h);
      }
    }
    return range.size === size ? range : undefined;
  };
  let chosen: { cp: Checkpoint; note: string; range: CompactRange } | undefined;
  for (const c of candidates) {
    if (c.cp.treeSize > next) continue;
    const range = rangeAt(c.cp.treeSize);
    if (range && range.root().equals(c.cp.rootHash)) {
      chosen = { ...c, range };
      break;
    }
  }
  if (chosen === undefined && next > 0 && candidates.length > 0) {
    throw new StoreError('no signed tree matches the stored leaf hashes: rows below the signed size were changed too — run grpc-audit verify; quarantine cannot repair this');
  }
  const signedSize = chosen?.cp.treeSize ?? 0;
  if (signedSize === next) return { signedSize, moved: 0, file: undefined };

  const moved = db.prepare('SELECT * FROM records WHERE leaf_index >= ? ORDER BY leaf_index').all(signedSize) as Array<Record<string, unknown>>;
  const lines = moved.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v)));
  fs.writeFileSync(outFile, lines.join('\n') + '\n', { flag: 'wx', mode: 0o600 });
  db.transaction(() => {
    db.prepare('DELETE FROM record_subjects WHERE leaf_index >= ?').run(signedSize);
    db.prepare('DELETE FROM records WHERE leaf_index >= ?').run(signedSize);
    // A stored node (level, idx) spans leaves [idx·2^level, (idx+1)·2^level): drop those reaching past the signed size.
    db.prepare('DELETE FROM tree_nodes WHERE (idx + 1) * (1 << level) > ?').run(signedSize);
    if (chosen) {
      db.prepare(
        'INSERT INTO ledger_state (id, tree_size, frontier) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET tree_size = excluded.tree_size, frontier = excluded.frontier',
      ).run(signedSize, chosen.range.toBytes());
      db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(META_HEAD_CHECKPOINT, chosen.note);
    } else {
      db.prepare('DELETE FROM ledger_state').run();
      db.prepare('DELETE FROM ledger_meta WHERE key = ?').run(META_HEAD_CHECKPOINT);
    }
  })();
  return { signedSize, moved: moved.length, file: outFile };
}
