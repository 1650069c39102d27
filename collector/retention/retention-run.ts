import { parseCheckpoint } from '../ledger/checkpoint';
import { inclusionProof } from '../ledger/proof';
import { StorageNodeSource } from '../ledger/storage-node-source';
import type { LedgerStorage, StoredRecord } from '../store/record-store';
import type { AgedCursor, RetentionStore } from '../store/retention-store';
import { HoldIndex } from './legal-hold-match';
import { ArchiveWriter, ARCHIVE_FORMAT, toArchiveLine } from './retention-archive';
import { cutoffUnixNano, retentionClassOf, type RetentionPolicy } from './retention-policy';

/** A store retention can run over: its records, its ledger tables (for proofs) and its retention view. */
export interface RetentionTarget extends Pick<LedgerStorage, 'readNodes' | 'listCheckpoints'> {
  retention(): RetentionStore;
}

export interface RetentionRunOptions {
  policy: RetentionPolicy;
  nowMs?: number;
  /** Report what would happen; archive and prune nothing. */
  dryRun?: boolean;
  /** Records read per page (default 1000). */
  pageSize?: number;
}

export interface RetentionClassReport {
  action: 'archive' | 'delete';
  expired: number;
  pruned: number;
  archiveFile?: string;
}

export interface RetentionReport {
  dryRun: boolean;
  nowMs: number;
  /** Records with a body old enough for the shortest class, i.e. looked at. */
  examined: number;
  byClass: Record<string, RetentionClassReport>;
  /** Expired but covered by an active legal hold: kept; by hold id. */
  held: number;
  heldByHold: Record<string, number>;
  /** No class and no default class: kept. */
  unclassified: number;
  /** Naming a class the policy does not define: kept (and worth a look). */
  unknownClass: Record<string, number>;
  /** Expired but not yet covered by a signed checkpoint, so no proof could be archived: next run. */
  awaitingCheckpoint: number;
}

/**
 * One retention pass. Records are read oldest first in pages; for each page, the expired records
 * of archiving classes are written to the class's archive (with inclusion proofs against the
 * latest signed checkpoint) and made durable, and only then are their bodies — and those of
 * deleting classes — pruned. What stays of a pruned record is what the ledger commits to: the
 * row's fields, the body digest and the leaf hash, so proofs and `verify` keep passing.
 */
export async function runRetention(store: RetentionTarget, options: RetentionRunOptions): Promise<RetentionReport> {
  const { policy } = options;
  const nowMs = options.nowMs ?? Date.now();
  const dryRun = options.dryRun === true;
  const pageSize = options.pageSize ?? 1000;
  const rs = store.retention();
  const report: RetentionReport = { dryRun, nowMs, examined: 0, byClass: {}, held: 0, heldByHold: {}, unclassified: 0, unknownClass: {}, awaitingCheckpoint: 0 };
  const classes = Object.entries(policy.classes);
  if (classes.length === 0) return report;
  for (const [name, c] of classes) report.byClass[name] = { action: c.action, expired: 0, pruned: 0 };

  const cutoffs = new Map(classes.map(([name, c]) => [name, cutoffUnixNano(c.maxAgeDays, nowMs)]));
  // Nothing younger than the shortest class's age can expire: the scan stops there.
  let scanBefore = 0n;
  for (const v of cutoffs.values()) if (v > scanBefore) scanBefore = v;
  const holds = new HoldIndex(await rs.listLegalHolds());
  const checkpoints = await store.listCheckpoints();
  const latest = checkpoints.length > 0 ? checkpoints[checkpoints.length - 1] : undefined;
  const treeSize = latest ? parseCheckpointSize(latest.note, latest.treeSize) : 0;
  const source = new StorageNodeSource(store);
  const writers = new Map<string, ArchiveWriter>();

  let cursor: AgedCursor | undefined;
  for (;;) {
    const page = await rs.agedRecords(scanBefore, cursor, pageSize);
    if (page.length === 0) break;
    const last = page[page.length - 1];
    cursor = { startTimeNs: BigInt(last.startTimeUnixNano), leafIndex: last.leafIndex };
    const toArchive = new Map<string, StoredRecord[]>();
    const toPrune: number[] = [];
    for (const r of page) {
      report.examined++;
      const named = retentionClassOf(r.body!);
      const cls = named ?? policy.defaultClass;
      if (cls === undefined) {
        report.unclassified++;
        continue;
      }
      const cutoff = cutoffs.get(cls);
      if (cutoff === undefined) {
        report.unknownClass[cls] = (report.unknownClass[cls] ?? 0) + 1;
        continue;
      }
      if (BigInt(r.startTimeUnixNano) >= cutoff) continue;
      const hold = holds.holdOn(r);
      if (hold !== undefined) {
        report.held++;
        report.heldByHold[hold] = (report.heldByHold[hold] ?? 0) + 1;
        continue;
      }
      const action = policy.classes[cls].action;
      if (action === 'archive' && r.leafIndex >= treeSize) {
        report.awaitingCheckpoint++;
        continue;
      }
      report.byClass[cls].expired++;
      if (action === 'archive') {
        const list = toArchive.get(cls) ?? [];
        list.push(r);
        toArchive.set(cls, list);
      }
      toPrune.push(r.leafIndex);
    }
    if (dryRun || toPrune.length === 0) continue;
    for (const [cls, records] of toArchive) {
      let w = writers.get(cls);
      if (!w) {
        w = new ArchiveWriter(policy.archiveDir!, { format: ARCHIVE_FORMAT, retentionClass: cls, createdAtMs: nowMs, checkpoint: latest!.note });
        writers.set(cls, w);
        report.byClass[cls].archiveFile = w.file;
      }
      const lines = [];
      for (const r of records) lines.push(toArchiveLine(r, treeSize, await inclusionProof(source, r.leafIndex, treeSize)));
      w.append(lines);
    }
    await rs.pruneBodies(toPrune);
    countPruned(report, page, toPrune, policy);
  }
  return report;
}

/** The checkpoint's own size (the note is authoritative over the indexed column). */
function parseCheckpointSize(note: string, fallback: number): number {
  try {
    return parseCheckpoint(note.split('\n\n')[0] + '\n').treeSize;
  } catch {
    return fallback;
  }
}

function countPruned(report: RetentionReport, page: readonly StoredRecord[], pruned: readonly number[], policy: RetentionPolicy): void {
  const set = new Set(pruned);
  for (const r of page) {
    if (!set.has(r.leafIndex)) continue;
    const cls = retentionClassOf(r.body!) ?? policy.defaultClass!;
    report.byClass[cls].pruned++;
  }
}
