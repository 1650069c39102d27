import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces FILE with CONTENT so that a crash leaves either the old or the new version, never a
 * mix: write a temp file, fsync it, rename over, fsync the directory (when `durable`). Small
 * state files only (cursor, emitter state).
 */
export function writeFileAtomic(file: string, content: string, durable: boolean): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, content);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  if (durable) fsyncDir(path.dirname(file));
}

/** Makes a rename/create/unlink in DIR durable. Best effort where directories cannot be opened. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms/filesystems refuse fsync on a directory; the rename itself still happened.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** fsyncDir in the thread pool, off the event loop (fire and forget; best effort). */
export function fsyncDirAsync(dir: string): void {
  fs.open(dir, 'r', (err, fd) => {
    if (err) return;
    fs.fsync(fd, () => fs.close(fd, () => undefined));
  });
}

/**
 * writeFileAtomic without blocking the event loop: temp file (its own name, so it never collides
 * with a synchronous writer), optional fsync, rename. Resolves true when the rename happened.
 * `stillWanted` is asked right before the rename (a newer state may have been written since).
 */
let tmpCounter = 0;

/** A temp name no other writer (this process or another) uses; leftovers match TMP_PATTERN. */
export function uniqueTmp(file: string): string {
  return `${file}.tmp-${process.pid}-${++tmpCounter}`;
}

export const TMP_PATTERN = /\.tmp-\d+-\d+$/;

export async function writeFileAtomicAsync(file: string, content: string, durable: boolean, stillWanted: () => boolean): Promise<boolean> {
  const tmp = uniqueTmp(file);
  const fh = await fs.promises.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(content);
    if (durable) await fh.sync();
  } finally {
    await fh.close();
  }
  if (!stillWanted()) {
    await fs.promises.rm(tmp, { force: true });
    return false;
  }
  await fs.promises.rename(tmp, file);
  return true;
}

/** Parsed JSON of FILE, undefined when it does not exist; throws on unreadable/garbled content. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text);
}
