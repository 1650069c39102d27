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
