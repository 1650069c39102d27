import type { LedgerStorage } from '../store/record-store';
import { hashChildren } from './hasher';
import type { NodeSource } from './node-source';

/**
 * Levels at which complete subtree hashes are persisted (8, 16, 24, …). One stored node per 256
 * leaves costs nothing measurable at ingest, and any subtree hash is then a fold of at most 255
 * stored hashes from the level below.
 */
export const STORED_LEVEL_STEP = 8;

export function isStoredLevel(level: number): boolean {
  return level > 0 && level % STORED_LEVEL_STEP === 0;
}

/** NodeSource over a LedgerStorage: leaf hashes (level 0) and nodes at stored levels. */
export class StorageNodeSource implements NodeSource {
  constructor(private readonly storage: Pick<LedgerStorage, 'readNodes'>) {}

  async nodeHash(level: number, index: number): Promise<Buffer> {
    const base = level - (level % STORED_LEVEL_STEP);
    const width = 2 ** (level - base);
    let hashes = await this.storage.readNodes(base, index * width, (index + 1) * width);
    while (hashes.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < hashes.length; i += 2) up.push(hashChildren(hashes[i], hashes[i + 1]));
      hashes = up;
    }
    return hashes[0];
  }
}
