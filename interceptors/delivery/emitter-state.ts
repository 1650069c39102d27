import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDir, readJsonFile, uniqueTmp, writeFileAtomic } from './atomic-file';
import { SpoolIoError } from './spool-errors';

const STATE_FILE = 'emitter.json';
const MAX_AHEAD_BLOCKS = 64;

/** fsync of a directory in the thread pool (best effort, like fsyncDir). */
function fsyncDirPromise(dir: string): Promise<void> {
  return fs.promises.open(dir, 'r').then(
    (fh) => fh.sync().catch(() => undefined).finally(() => fh.close()),
    () => undefined,
  );
}

/**
 * Who this emitter is and which sequence numbers it may still hand out. The emitter id lives in
 * the spool directory, so a restarted process keeps its identity and its numbering. Sequence
 * numbers are reserved in blocks: the high-water mark is persisted (fsynced) *before* any number
 * of the block is used, so a crash can never cause a number to be used twice. Numbers reserved but
 * not used by a crashed run are skipped; the restart declares them (see `previousReservedTo`).
 */
export class EmitterState {
  private next: number;
  private reservedTo: number;
  /**
   * How far ahead the background writes keep the mark: starts at the block size and doubles
   * (up to MAX_AHEAD_BLOCKS blocks) whenever numbers ran out before a background write landed —
   * at 10k+ records/s a 1000-number block lasts less than one write + fsync on a busy disk, and
   * running out means a synchronous write and fsync on the call path.
   */
  private ahead: number;
  /** The largest mark ever renamed into place (it may still await its directory fsync). */
  private fileMark: number;

  private constructor(
    private readonly file: string | undefined,
    readonly emitterId: string,
    /** High-water mark the previous run had reserved (0 when new). */
    readonly previousReservedTo: number,
    private readonly blockSize: number,
    private readonly durable: boolean,
  ) {
    this.next = previousReservedTo + 1;
    this.reservedTo = previousReservedTo;
    this.ahead = blockSize;
    this.fileMark = previousReservedTo;
  }

  /** Loads (or creates) the state in DIR. Throws SpoolIoError when it cannot be read or written. */
  static open(dir: string, blockSize: number, durable: boolean): EmitterState {
    const file = path.join(dir, STATE_FILE);
    let raw: unknown;
    try {
      raw = readJsonFile(file);
    } catch (err) {
      // A garbled state file must not silently reset numbering (that would reuse numbers).
      throw new SpoolIoError('EBADSTATE', `${file} is unreadable (${(err as Error).message}); move it away to start a new emitter identity`);
    }
    const r = raw as { emitterId?: unknown; reservedTo?: unknown } | undefined;
    let emitterId: string;
    let reservedTo = 0;
    if (r === undefined) emitterId = newEmitterId();
    else if (typeof r.emitterId === 'string' && /^[0-9a-f]{32}$/.test(r.emitterId) && Number.isSafeInteger(r.reservedTo) && (r.reservedTo as number) >= 0) {
      emitterId = r.emitterId;
      reservedTo = r.reservedTo as number;
    } else throw new SpoolIoError('EBADSTATE', `${file} does not hold an emitter id and sequence mark`);
    const state = new EmitterState(file, emitterId, reservedTo, blockSize, durable);
    state.reserve(true); // fails now, at start, if the directory is not writable
    return state;
  }

  /** A state kept only in memory (no usable spool directory): a new identity per process. */
  static ephemeral(blockSize: number): EmitterState {
    return new EmitterState(undefined, newEmitterId(), 0, blockSize, false);
  }

  get persistent(): boolean {
    return this.file !== undefined;
  }

  /**
   * Next sequence number (1-based, never reused). The persisted mark is kept a block ahead of use
   * by background writes (write + fsync off the hot path); only if one has not finished when the
   * reserved numbers run out does a call pay for a synchronous write.
   */
  nextSeq(): number {
    if (this.next > this.reservedTo) {
      if (this.file && this.lastSeq > 0) this.ahead = Math.min(this.ahead * 2, this.blockSize * MAX_AHEAD_BLOCKS);
      this.reserve();
    } else if (this.file && !this.aheadPending && this.reservedTo - this.next < this.ahead) this.reserveAhead();
    return this.next++;
  }

  /** Resolves when no background reservation write is running (orderly shutdown, tests). */
  async idle(): Promise<void> {
    while (this.aheadPending) await new Promise((r) => setTimeout(r, 5));
  }

  /** Bumped by every synchronous write; a background write that sees it changed is dropped. */
  private generation = 0;
  private aheadPending = false;

  private reserveAhead(): void {
    const file = this.file!;
    const target = this.reservedTo + this.ahead;
    const generation = this.generation;
    const tmp = uniqueTmp(file);
    this.aheadPending = true;
    const content = JSON.stringify({ version: 1, emitterId: this.emitterId, reservedTo: target });
    (async () => {
      const fh = await fs.promises.open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(content);
        if (this.durable) await fh.sync();
      } finally {
        await fh.close();
      }
    })()
      .then(() => {
        // Check and rename in one synchronous step: no synchronous write can slip in between, so
        // the file's mark only ever grows.
        if (generation !== this.generation || target <= this.reservedTo) {
          fs.rmSync(tmp, { force: true });
          return;
        }
        fs.renameSync(tmp, file);
        this.fileMark = Math.max(this.fileMark, target);
        // The new name is made durable in the thread pool; the numbers count as reserved after that.
        if (this.durable) return fsyncDirPromise(path.dirname(file)).then(() => this.landed(target));
        this.landed(target);
      })
      .catch(() => {
        this.persistFailures++;
        fs.rmSync(tmp, { force: true });
      })
      .finally(() => {
        this.aheadPending = false;
      });
  }

  private landed(target: number): void {
    if (target > this.reservedTo) this.reservedTo = target;
  }

  /**
   * Clean stop: shrink the persisted mark to the last number used, so the next run continues
   * right after it instead of skipping (and declaring) the rest of the block. Best effort.
   */
  release(): void {
    if (!this.file) return;
    this.generation++;
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: 1, emitterId: this.emitterId, reservedTo: this.lastSeq }), this.durable);
      this.reservedTo = this.lastSeq;
      this.fileMark = this.lastSeq;
    } catch {
      // The larger mark stays: the next run declares the unused numbers ('restart').
    }
  }

  /** The last number handed out (0 when none). */
  get lastSeq(): number {
    return this.next - 1;
  }

  /**
   * Failures to persist the mark after start (disk full) do not stop numbering — records keep
   * flowing to the collector — but are counted: a crash before a later block is persisted could
   * make a restart reuse numbers, which the collector reports (docs/delivery.md).
   */
  persistFailures = 0;

  private reserve(initial = false): void {
    this.generation++;
    // Beyond any mark already in the file (a background one may be awaiting its directory fsync),
    // so the persisted mark only ever grows.
    const to = Math.max(this.reservedTo, this.next - 1, this.fileMark) + this.blockSize;
    if (this.file) {
      try {
        writeFileAtomic(this.file, JSON.stringify({ version: 1, emitterId: this.emitterId, reservedTo: to }), this.durable);
        this.fileMark = Math.max(this.fileMark, to);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (initial) throw new SpoolIoError(e.code ?? 'EIO', `cannot persist the sequence mark: ${e.message}`);
        this.persistFailures++;
      }
    }
    this.reservedTo = to;
  }
}

export function newEmitterId(): string {
  return randomBytes(16).toString('hex');
}
