import type { KeyMaterial } from '../../interceptors/mask/keyring/keyring';
import { parseCheckpoint } from '../ledger/checkpoint';
import { inclusionProof } from '../ledger/proof';
import { openNote } from '../ledger/signed-note';
import { parseVerifierKey } from '../ledger/signing-key';
import { StorageNodeSource } from '../ledger/storage-node-source';
import type { LedgerStorage, RecordStore, StoredRecord } from '../store/record-store';
import { decryptView, subjectKeyIds } from './decrypt-view';
import type { SubjectKeys } from './subject-keys';
import { BUNDLE_FORMAT, type BundleRecord, type SubjectBundle } from './subject-bundle';

/** Page size of the record scan per reference. */
const PAGE = 500;

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/**
 * Builds the subject bundle (subject-bundle.ts) from a ledger store: every record whose subject
 * references include one of `refs`, up to the latest signed checkpoint, each with its inclusion
 * proof. The caller signs a fresh checkpoint first when records after the last one should be in.
 */
export async function exportSubject(
  store: RecordStore & LedgerStorage,
  refs: readonly string[],
  keys: Pick<SubjectKeys, 'dataKey'>,
  now: () => number = Date.now,
): Promise<SubjectBundle> {
  const checkpoints = await store.listCheckpoints();
  const last = checkpoints[checkpoints.length - 1];
  if (!last) throw new ExportError('the ledger has no signed checkpoint yet; nothing can be proven');
  const vkeyLine = await store.getMeta('verifier_key');
  if (!vkeyLine) throw new ExportError('the ledger records no verifier key');
  const cp = parseCheckpoint(openNote(last.note, parseVerifierKey(vkeyLine)));

  const byLeaf = new Map<number, StoredRecord>();
  for (const ref of refs) {
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.query({ subjectRef: ref }, { limit: PAGE, offset, order: 'asc' });
      for (const r of page) byLeaf.set(r.leafIndex, r);
      if (page.length < PAGE) break;
    }
  }
  const all = [...byLeaf.values()].sort((a, b) => a.leafIndex - b.leafIndex);
  const provable = all.filter((r) => r.leafIndex < cp.treeSize);

  const refSet = new Set(refs);
  const keyIds = new Set<string>();
  for (const r of provable) subjectKeyIds(r.body, refSet, keyIds);
  const loaded = new Map<string, KeyMaterial>();
  for (const id of keyIds) {
    const k = await keys.dataKey(id);
    if (k) loaded.set(id, k);
  }

  const source = new StorageNodeSource(store);
  const records: BundleRecord[] = [];
  for (const r of provable) {
    const proof = await inclusionProof(source, r.leafIndex, cp.treeSize);
    const counts = { decrypted: 0, erased: 0, unreadable: 0 };
    const { leafIndex, body, bodySha256, leafHash: _leafHash, ...fields } = r;
    records.push({
      leafIndex,
      fields,
      body,
      bodySha256,
      inclusionProof: proof.map((h) => h.toString('hex')),
      view: decryptView(body, refSet, loaded, counts),
      encrypted: counts,
    });
  }
  return {
    format: BUNDLE_FORMAT,
    generatedAtMs: now(),
    origin: cp.origin,
    verifierKey: vkeyLine,
    subjectRefs: [...refs],
    checkpoint: { note: last.note, treeSize: cp.treeSize, rootHash: cp.rootHash.toString('hex') },
    records,
    recordsAfterCheckpoint: all.length - provable.length,
  };
}
