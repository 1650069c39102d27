import * as fs from 'node:fs';
import { SpoolIoError } from './spool-errors';

/**
 * One process per spool directory: two writers would interleave frames and both believe they own
 * the ack cursor. The lock is a file holding the owner's pid; a lock left by a process that no
 * longer exists (kill -9) is taken over.
 */
/** Locks held by this process (a restarted container may reuse the dead owner's pid, e.g. 1). */
const held = new Set<string>();

export class SpoolLock {
  private released = false;
  private constructor(private readonly file: string) {}

  static acquire(file: string): SpoolLock {
    if (held.has(file)) throw new SpoolIoError('ELOCKED', `spool ${file} is already open in this process`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
        held.add(file);
        return new SpoolLock(file);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code !== 'EEXIST') throw new SpoolIoError(e.code ?? 'EIO', `cannot create lock ${file}: ${e.message}`);
      }
      const owner = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new SpoolIoError('ELOCKED', `spool ${file} is in use by process ${owner}`);
      }
      fs.rmSync(file, { force: true }); // stale: its owner died without releasing it
    }
    throw new SpoolIoError('ELOCKED', `could not take the spool lock ${file}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.file);
    fs.rmSync(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
