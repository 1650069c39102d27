import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Publishes checkpoints outside the store: one signed-note file per checkpoint in an append-only
 * directory (`checkpoint-<size, 16 digits>.note`). A file is written to a temporary name and then
 * hard-linked into place, which fails instead of overwriting: a published checkpoint is never
 * changed, even by the collector. Whoever keeps (or mirrors) this directory holds checkpoints
 * that `grpc-audit verify --since` checks the current log against, so a rewritten, truncated or
 * forked log is caught without trusting the store.
 */
export class CheckpointPublisher {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  }

  /** Writes the note for `treeSize` unless one is already published for that size. */
  publish(treeSize: number, note: string): void {
    const file = path.join(this.dir, checkpointFileName(treeSize));
    if (fs.existsSync(file)) return;
    const tmp = path.join(this.dir, `.tmp-${process.pid}-${treeSize}-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(tmp, note, { mode: 0o444 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
}

export function checkpointFileName(treeSize: number): string {
  return `checkpoint-${String(treeSize).padStart(16, '0')}.note`;
}

/** The published notes of a directory (or the one file given), in size order. */
export function readPublishedCheckpoints(source: string): Array<{ file: string; note: string }> {
  if (!fs.statSync(source).isDirectory()) return [{ file: source, note: fs.readFileSync(source, 'utf8') }];
  return fs
    .readdirSync(source)
    .filter((f) => /^checkpoint-\d+\.note$/.test(f))
    .sort()
    .map((f) => ({ file: path.join(source, f), note: fs.readFileSync(path.join(source, f), 'utf8') }));
}
