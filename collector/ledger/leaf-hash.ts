import { hashLeafText } from './hasher';
import { encodeLeafEntry, type LeafEntryFields } from './leaf-entry';

/** Leaf hash of a record at `leafIndex`: RFC 6962 leaf hash of its canonical entry (leaf-entry.ts). */
export function leafHashOf(leafIndex: number, record: LeafEntryFields, bodySha256: string): Buffer {
  return hashLeafText(encodeLeafEntry(leafIndex, record, bodySha256));
}
