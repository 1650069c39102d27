import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ATTR_RETENTION_CLASS } from '../../interceptors/export/attributes';
import { inclusionProof } from '../ledger/proof';
import { StorageNodeSource } from '../ledger/storage-node-source';
import type { LedgerStorage, RecordStore, StoredRecord } from '../store/record-store';
import { holdCovers, loadLegalHolds } from './legal-holds';
import { pruneBodies } from './prune-bodies';

const DAY_NS = 86_400_000_000_000n;
const PAGE = 1000;

export interface RetentionPolicy {
  /** Retention class → days a record of the class is kept (from its start time). */
  classes: Record<string, number>;
  /** Class of records that name none (undefined: such records are kept). */
  defaultClass?: string;
}

export interface RetentionOptions {
  policy: RetentionPolicy;
  nowMs: number;
  /** Report only; change nothing. */
  dryRun?: boolean;
  /** Write the bodies about to be removed here first (gzip JSON Lines with proofs). */
  archiveDir?: string;
}

export interface RetentionReport {
  scanned: number;
  expired: number;
  held: number;
  pruned: number;
  /** Expired records after the latest checkpoint: kept until a checkpoint covers them. */
  uncheckpointed: number;
  /** Records whose class is not in the policy: kept. */
  unknownClass: number;
  archiveFile?: string;
  dryRun: boolean;
}

/** The record's retention class from its body (`grpcaudit.retention_class` span attribute). */
export function retentionClassOf(body: string | null): string | undefined {
  if (body === null || !body.includes(ATTR_RETENTION_CLASS)) return undefined;
  try {
    const v = (JSON.parse(body) as { attributes?: Record<string, { stringValue?: unknown }> }).attributes?.[ATTR_RETENTION_CLASS]?.stringValue;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One retention pass (Art. 5(1)(e)): every record whose class's period has run out since its start
 * time loses its body, unless a legal hold covers it. Admin records (the audit of the audit) are
 * never removed. Before removing, the bodies are archived (when asked) with their inclusion proofs
 * against the latest signed checkpoint; expired records not yet covered by a checkpoint wait for
 * the next pass. What stays per record is what its leaf commits to, so verify still passes.
 */
export async function runRetention(store: RecordStore & LedgerStorage, opts: RetentionOptions): Promise<RetentionReport> {
  const report: RetentionReport = { scanned: 0, expired: 0, held: 0, pruned: 0, uncheckpointed: 0, unknownClass: 0, dryRun: opts.dryRun === true };
  const holds = await loadLegalHolds(store);
  const cps = await store.listCheckpoints();
  const checkpoint = cps[cps.length - 1];
  const treeSize = checkpoint?.treeSize ?? 0;
  const nowNs = BigInt(opts.nowMs) * 1_000_000n;
  const doomed: StoredRecord[] = [];
  const end = await store.nextLeafIndex();
  for (let from = 0; from < end; from += PAGE) {
    for (const r of await store.readRange(from, Math.min(end, from + PAGE))) {
      report.scanned++;
      if (r.body === null || r.recordType === 'admin') continue;
      const cls = retentionClassOf(r.body) ?? opts.policy.defaultClass;
      if (cls === undefined) continue;
      const days = opts.policy.classes[cls];
      if (days === undefined) {
        report.unknownClass++;
        continue;
      }
      if (BigInt(r.startTimeUnixNano) + BigInt(days) * DAY_NS > nowNs) continue;
      report.expired++;
      if (holds.some((h) => holdCovers(h.scope, r))) {
        report.held++;
        continue;
      }
      if (r.leafIndex >= treeSize) {
        report.uncheckpointed++;
        continue;
      }
      doomed.push(r);
    }
  }
  if (opts.dryRun || doomed.length === 0) {
    if (opts.dryRun) report.pruned = 0;
    return report;
  }
  if (opts.archiveDir) report.archiveFile = await archive(store, doomed, checkpoint!.note, treeSize, opts);
  for (let i = 0; i < doomed.length; i += PAGE) report.pruned += await pruneBodies(store, doomed.slice(i, i + PAGE).map((r) => r.leafIndex));
  return report;
}

async function archive(store: LedgerStorage, records: StoredRecord[], note: string, treeSize: number, opts: RetentionOptions): Promise<string> {
  fs.mkdirSync(opts.archiveDir!, { recursive: true, mode: 0o700 });
  const file = path.join(opts.archiveDir!, `retention-${new Date(opts.nowMs).toISOString().replace(/[:.]/g, '-')}.jsonl.gz`);
  const source = new StorageNodeSource(store);
  const lines: string[] = [JSON.stringify({ type: 'grpcaudit.retention-archive.v1', checkpoint: note, treeSize })];
  for (const r of records) {
    const proof = await inclusionProof(source, r.leafIndex, treeSize);
    const { leafHash: _h, ...rest } = r;
    lines.push(JSON.stringify({ ...rest, inclusionProof: proof.map((h) => h.toString('hex')) }));
  }
  // Written completely (temp file + rename) before a single body is removed.
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, zlib.gzipSync(lines.join('\n') + '\n'), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
