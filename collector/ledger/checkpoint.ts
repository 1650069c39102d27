import { HASH_SIZE } from './hasher';

/**
 * A checkpoint states the size and root of the ledger at a moment. Its text form follows the
 * transparency-dev checkpoint layout (origin, size, base64 root, one line each) with one
 * extension line for the time, so tooling that reads Go/C2SP checkpoints can read ours:
 *
 *   grpc-audit/collector\n
 *   1024\n
 *   <base64 of the 32-byte root>\n
 *   timestamp 1718000000000\n
 *
 * The text is what gets signed (see signed-note.ts).
 */
export interface Checkpoint {
  /** Names the log; also the signer's key name. No newline. */
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** Milliseconds since the epoch when the collector took it. */
  timestampMs: number;
}

const TIMESTAMP_PREFIX = 'timestamp ';

export class CheckpointParseError extends Error {
  override readonly name = 'CheckpointParseError';
}

export function marshalCheckpoint(c: Checkpoint): string {
  if (c.origin === '' || /[\n\r]/.test(c.origin)) throw new CheckpointParseError('checkpoint: origin must be one non-empty line');
  if (!Number.isSafeInteger(c.treeSize) || c.treeSize < 0) throw new CheckpointParseError(`checkpoint: bad tree size ${c.treeSize}`);
  if (c.rootHash.length !== HASH_SIZE) throw new CheckpointParseError(`checkpoint: root hash must be ${HASH_SIZE} bytes`);
  if (!Number.isSafeInteger(c.timestampMs) || c.timestampMs < 0) throw new CheckpointParseError(`checkpoint: bad timestamp ${c.timestampMs}`);
  return `${c.origin}\n${c.treeSize}\n${c.rootHash.toString('base64')}\n${TIMESTAMP_PREFIX}${c.timestampMs}\n`;
}

/** Parses the checkpoint text; every way it can be malformed has its own message. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointParseError('checkpoint: text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 4) throw new CheckpointParseError(`checkpoint: want 4 lines (origin, size, root, timestamp), got ${lines.length}`);
  if (lines.length > 4) throw new CheckpointParseError(`checkpoint: unexpected line ${5}: ${JSON.stringify(lines[4].slice(0, 40))}`);
  const [origin, sizeText, rootText, timeText] = lines;
  if (origin === '') throw new CheckpointParseError('checkpoint: origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new CheckpointParseError(`checkpoint: tree size ${JSON.stringify(sizeText)} is not a decimal integer`);
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) throw new CheckpointParseError(`checkpoint: tree size ${sizeText} is too large`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(rootText)) throw new CheckpointParseError('checkpoint: root hash is not standard base64');
  const rootHash = Buffer.from(rootText, 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== rootText) {
    throw new CheckpointParseError(`checkpoint: root hash must be ${HASH_SIZE} bytes in canonical base64`);
  }
  if (!timeText.startsWith(TIMESTAMP_PREFIX)) throw new CheckpointParseError(`checkpoint: line 4 must start with "${TIMESTAMP_PREFIX}"`);
  const tsText = timeText.slice(TIMESTAMP_PREFIX.length);
  if (!/^(0|[1-9][0-9]*)$/.test(tsText) || !Number.isSafeInteger(Number(tsText))) {
    throw new CheckpointParseError(`checkpoint: timestamp ${JSON.stringify(tsText)} is not a decimal integer`);
  }
  return { origin, treeSize, rootHash, timestampMs: Number(tsText) };
}
