import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseCheckpoint } from '../ledger/checkpoint';
import { leafHashOf } from '../ledger/leaf-hash';
import { verifyInclusion } from '../ledger/proof-verify';
import { openNote } from '../ledger/signed-note';
import type { NoteVerifierKey } from '../ledger/signing-key';
import { bodyDigest } from '../store/body-digest';
import type { StoredRecord } from '../store/record-store';

/**
 * Retention archives: gzip-compressed JSON Lines, one file per class and run. The first line is
 * a header holding the signed checkpoint the proofs lead to; every further line is one record as
 * stored (body included) with its inclusion proof. Each page of records is appended as its own
 * gzip member and fsynced before the bodies are pruned, so a crash never prunes a body that is
 * not on disk in the archive (gunzip reads concatenated members as one stream).
 */
export const ARCHIVE_FORMAT = 'grpc-audit.retention-archive.v1';

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  retentionClass: string;
  createdAtMs: number;
  /** Signed checkpoint note; every proof in the file is against its tree size. */
  checkpoint: string;
}

export interface ArchiveLine {
  leafIndex: number;
  treeSize: number;
  /** Audit path, leaf-most first, hex. */
  proof: string[];
  record: Omit<StoredRecord, 'leafHash'> & { leafHash: string | null };
}

export class ArchiveWriter {
  readonly file: string;
  private started = false;

  constructor(dir: string, private readonly header: ArchiveHeader) {
    fs.mkdirSync(dir, { recursive: true });
    const stamp = new Date(header.createdAtMs).toISOString().replace(/[:.]/g, '-');
    this.file = path.join(dir, `retention-${header.retentionClass}-${stamp}.jsonl.gz`);
  }

  /** Appends one page (one gzip member) and makes it durable. */
  append(lines: readonly ArchiveLine[]): void {
    let text = this.started ? '' : JSON.stringify(this.header) + '\n';
    for (const l of lines) text += JSON.stringify(l) + '\n';
    const fd = fs.openSync(this.file, this.started ? 'a' : 'wx', 0o600);
    try {
      fs.writeSync(fd, zlib.gzipSync(text));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!this.started) fsyncDir(path.dirname(this.file));
    this.started = true;
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function toArchiveLine(r: StoredRecord, treeSize: number, proof: readonly Buffer[]): ArchiveLine {
  return { leafIndex: r.leafIndex, treeSize, proof: proof.map((p) => p.toString('hex')), record: { ...r, leafHash: r.leafHash ? r.leafHash.toString('hex') : null } };
}

export interface ArchiveCheck {
  retentionClass: string;
  records: number;
  treeSize: number;
}

/**
 * Checks an archive offline with a verifier key kept outside the store: the checkpoint's
 * signature, then for every record its body digest, its leaf hash and its inclusion proof
 * against the signed root. Throws on the first failure, naming the leaf.
 */
export function verifyArchive(file: string, verifier: NoteVerifierKey): ArchiveCheck {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error(`${file}: empty archive`);
  const header = JSON.parse(lines[0]) as ArchiveHeader;
  if (header.format !== ARCHIVE_FORMAT) throw new Error(`${file}: not a retention archive (format ${String(header.format)})`);
  const checkpoint = parseCheckpoint(openNote(header.checkpoint, verifier));
  for (let i = 1; i < lines.length; i++) {
    const l = JSON.parse(lines[i]) as ArchiveLine;
    if (l.treeSize !== checkpoint.treeSize) throw new Error(`leaf ${l.leafIndex}: proof for tree size ${l.treeSize}, checkpoint has ${checkpoint.treeSize}`);
    if (l.record.body === null) throw new Error(`leaf ${l.leafIndex}: archived without its body`);
    const digest = bodyDigest(l.record.body);
    if (digest !== l.record.bodySha256) throw new Error(`leaf ${l.leafIndex}: body does not match its digest`);
    const leafHash = leafHashOf(l.leafIndex, l.record, digest);
    verifyInclusion(l.leafIndex, l.treeSize, leafHash, l.proof.map((p) => Buffer.from(p, 'hex')), checkpoint.rootHash);
  }
  return { retentionClass: header.retentionClass, records: lines.length - 1, treeSize: checkpoint.treeSize };
}
