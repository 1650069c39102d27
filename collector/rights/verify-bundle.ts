import { bodyDigest } from '../store/body-digest';
import { parseCheckpoint } from '../ledger/checkpoint';
import { leafHashOf } from '../ledger/leaf-hash';
import { verifyInclusion } from '../ledger/proof-verify';
import { openNote } from '../ledger/signed-note';
import type { NoteVerifierKey } from '../ledger/signing-key';
import { BUNDLE_FORMAT, type SubjectBundle } from './subject-bundle';

export interface BundleReport {
  ok: boolean;
  records: number;
  treeSize: number;
  rootHash: string;
  /** First problem found, with the leaf index when it concerns one record. */
  problem?: { message: string; leafIndex?: number };
}

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * Checks a subject bundle offline against a verifier key the checker trusts (never the one inside
 * the bundle): the checkpoint's signature, then for every record that its body hashes to the
 * digest, that the digest and fields make the leaf hash, that the inclusion proof leads from that
 * leaf to the signed root, and that the record names one of the bundle's subject references.
 */
export function verifyBundle(input: unknown, verifier: NoteVerifierKey): BundleReport {
  const fail = (message: string, leafIndex?: number, partial?: Partial<BundleReport>): BundleReport => ({
    ok: false,
    records: 0,
    treeSize: 0,
    rootHash: '',
    ...partial,
    problem: { message, leafIndex },
  });
  const b = input as SubjectBundle;
  if (!b || typeof b !== 'object' || b.format !== BUNDLE_FORMAT) return fail(`not a subject bundle (format must be ${BUNDLE_FORMAT})`);
  if (!b.checkpoint || typeof b.checkpoint.note !== 'string') return fail('bundle has no checkpoint note');
  if (!Array.isArray(b.records) || !Array.isArray(b.subjectRefs)) return fail('bundle has no records or subjectRefs list');
  let text: string;
  try {
    text = openNote(b.checkpoint.note, verifier);
  } catch (err) {
    return fail(`checkpoint: ${(err as Error).message}`);
  }
  let cp;
  try {
    cp = parseCheckpoint(text);
  } catch (err) {
    return fail(`checkpoint: ${(err as Error).message}`);
  }
  const base = { records: b.records.length, treeSize: cp.treeSize, rootHash: cp.rootHash.toString('hex') };
  const refs = new Set(b.subjectRefs);
  for (const r of b.records) {
    const at = typeof r?.leafIndex === 'number' ? r.leafIndex : undefined;
    try {
      if (!Number.isSafeInteger(r.leafIndex) || r.leafIndex < 0 || r.leafIndex >= cp.treeSize) throw new Error(`leaf index outside the checkpoint's tree of ${cp.treeSize}`);
      if (typeof r.bodySha256 !== 'string' || !HEX32.test(r.bodySha256)) throw new Error('bodySha256 is not a SHA-256 hex digest');
      if (r.body !== null && bodyDigest(r.body) !== r.bodySha256) throw new Error('body does not match its digest (altered)');
      if (!r.fields || !Array.isArray(r.fields.subjectRefs) || !r.fields.subjectRefs.some((s) => refs.has(s))) {
        throw new Error("record does not name any of the bundle's subject references");
      }
      if (!Array.isArray(r.inclusionProof) || r.inclusionProof.some((h) => typeof h !== 'string' || !HEX32.test(h))) {
        throw new Error('inclusion proof is not a list of SHA-256 hex hashes');
      }
      const leaf = leafHashOf(r.leafIndex, r.fields, r.bodySha256);
      verifyInclusion(r.leafIndex, cp.treeSize, leaf, r.inclusionProof.map((h) => Buffer.from(h, 'hex')), cp.rootHash);
    } catch (err) {
      return fail((err as Error).message, at, base);
    }
  }
  return { ok: true, ...base };
}
