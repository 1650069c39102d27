import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDirAsync, readJsonFile, TMP_PATTERN, writeFileAtomic, writeFileAtomicAsync } from './atomic-file';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, type SpoolEntry } from './spool-frame';
import { SpoolError, SpoolFullError, SpoolIoError } from './spool-errors';
import { SpoolLock } from './spool-lock';

/**
 * fsync policy of the spool. A record written with write(2) survives `kill -9` of the process in
 * every mode (it is in the kernel's page cache); fsync is about power loss / OS crash:
 * 'always' = every append is fdatasync'ed before it returns; { intervalMs } = at most that long
 * unsynced; 'never' = left to the OS.
 */
export type FsyncPolicy = 'always' | 'never' | { intervalMs: number };

export interface DiskSpoolOptions {
  dir: string;
  /** Bound on the bytes of all segment files together. */
  maxBytes: number;
  /** A segment is closed once it reaches this size; only whole segments are deleted. */
  segmentBytes: number;
  fsync: FsyncPolicy;
}

/** Position in the spool: entries before it are acknowledged by the collector. */
export interface SpoolCursor {
  segment: number;
  offset: number;
}

export interface SpoolBatch {
  entries: SpoolEntry[];
  /** Cursor just after the last entry of the batch: pass it to ack(). */
  end: SpoolCursor;
  /** Frame bytes of the batch (for accounting). */
  bytes: number;
}

/** Unreadable bytes found in a segment; the entries there are lost and must be reported. */
export interface SpoolCorruption {
  segment: number;
  offset: number;
  detail: string;
  /** Seq of the last good entry before it (0 if none). */
  afterSeq: number;
}

export interface SpoolOpenReport {
  entries: number;
  bytes: number;
  /** Highest seq seen in the spool or acknowledged by a previous run (0 when none). */
  maxSeq: number;
  /** Bytes cut from the tail of the last segment: a write torn by a crash. */
  tornTailBytes: number;
  corruptions: SpoolCorruption[];
}

const SEGMENT_MAGIC = Buffer.from('GASPOOL1');
const SEGMENT_PREFIX = 'seg-';
const SEGMENT_SUFFIX = '.spool';
const CURSOR_FILE = 'ack-cursor.json';
const LOCK_FILE = 'spool.lock';
const READ_CHUNK = 256 * 1024;

interface Segment {
  index: number;
  /** Bytes in the file (what counts against the bound). */
  size: number;
  /** Where readable entries end: `size`, or the start of a corrupt region found at open. */
  end: number;
}

function segmentName(index: number): string {
  return `${SEGMENT_PREFIX}${String(index).padStart(16, '0')}${SEGMENT_SUFFIX}`;
}

function errno(err: unknown): SpoolIoError {
  const e = err as NodeJS.ErrnoException;
  return new SpoolIoError(e?.code ?? 'EIO', e?.message ?? String(err));
}

/**
 * Append-only, segmented, crash-safe record spool. Appends are synchronous single write(2)s of
 * a length+CRC framed entry; the sender reads batches from the ack cursor and advances the cursor
 * (an atomically replaced file) once the collector acknowledged them; a segment is deleted only
 * when every entry in it is acknowledged. Opening replays what a previous run left: torn tails are
 * cut off, corrupt regions reported (never silently skipped).
 */
export class DiskSpool {
  private segments: Segment[] = [];
  private activeFd: number | undefined;
  private cursor: SpoolCursor;
  private ackedMaxSeq: number;
  private dirty = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly segDir: string;
  /** Corrupt regions met while reading at run time (drained by the owner). */
  private readonly runtimeCorruptions: SpoolCorruption[] = [];
  pendingEntries = 0;
  pendingBytes = 0;
  diskBytes = 0;
  maxSeq = 0;
  readonly openReport: SpoolOpenReport;

  private constructor(
    private readonly options: DiskSpoolOptions,
    private readonly lock: SpoolLock,
  ) {
    this.segDir = options.dir;
    const stored = readCursor(path.join(options.dir, CURSOR_FILE));
    this.cursor = stored.cursor;
    this.ackedMaxSeq = stored.ackedMaxSeq;
    this.openReport = this.recover();
    if (typeof options.fsync === 'object') {
      this.syncTimer = setInterval(() => this.sync(), options.fsync.intervalMs);
      this.syncTimer.unref();
    }
  }

  /** Creates DIR when needed, takes its lock and recovers its contents. Throws SpoolIoError. */
  static open(options: DiskSpoolOptions): DiskSpool {
    try {
      fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      fs.accessSync(options.dir, fs.constants.W_OK);
    } catch (err) {
      throw errno(err);
    }
    const lock = SpoolLock.acquire(path.join(options.dir, LOCK_FILE));
    try {
      return new DiskSpool(options, lock);
    } catch (err) {
      lock.release();
      throw err instanceof SpoolError ? err : errno(err);
    }
  }

  get durable(): boolean {
    return this.options.fsync !== 'never';
  }

  /** True when an entry of `frameBytes` fits under the size bound now. */
  hasRoomFor(frameBytes: number): boolean {
    return !this.closed && this.diskBytes + frameBytes + (this.needsNewSegment(frameBytes) ? SEGMENT_MAGIC.length : 0) <= this.options.maxBytes;
  }

  /**
   * Appends one entry; returns once it is written (and fsynced under 'always').
   * Throws SpoolFullError / SpoolIoError / SpoolError('spool_closed'); the spool stays usable.
   */
  append(seq: number, payload: Buffer): void {
    if (this.closed) throw new SpoolError('spool is closed', 'spool_closed');
    const frame = encodeFrame(seq, payload);
    if (!this.hasRoomFor(frame.length)) throw new SpoolFullError(this.options.maxBytes);
    if (this.activeFd === undefined || this.needsNewSegment(frame.length)) this.roll();
    const active = this.segments[this.segments.length - 1];
    try {
      writeAll(this.activeFd!, frame);
    } catch (err) {
      // Cut a partial frame off so that later appends are not hidden behind garbage.
      try {
        fs.ftruncateSync(this.activeFd!, active.size);
      } catch {
        this.closeActive(); // next append starts a new segment; the reader reports the bad tail
      }
      throw errno(err);
    }
    active.size += frame.length;
    active.end = active.size;
    this.diskBytes += frame.length;
    this.pendingBytes += frame.length;
    this.pendingEntries++;
    if (seq > this.maxSeq) this.maxSeq = seq;
    if (this.options.fsync === 'always') {
      try {
        fs.fdatasyncSync(this.activeFd!);
      } catch (err) {
        throw errno(err);
      }
    } else this.dirty = true;
  }

  /** Up to `maxEntries`/`maxBytes` unacknowledged entries from the cursor, oldest first; undefined when none. */
  readBatch(maxEntries: number, maxBytes: number): SpoolBatch | undefined {
    if (this.closed || !this.hasUnread()) return undefined;
    const entries: SpoolEntry[] = [];
    let bytes = 0;
    let pos: SpoolCursor = { ...this.cursor };
    for (const seg of this.segments) {
      if (seg.index < pos.segment) continue;
      if (seg.index > pos.segment) pos = { segment: seg.index, offset: SEGMENT_MAGIC.length };
      if (pos.offset >= seg.end) continue;
      const fd = fs.openSync(path.join(this.segDir, segmentName(seg.index)), 'r');
      try {
        let buf = Buffer.alloc(0);
        let bufStart = pos.offset;
        while (pos.offset < seg.end && entries.length < maxEntries && bytes < maxBytes) {
          let rel = pos.offset - bufStart;
          let fr = decodeFrame(buf, rel);
          if (!fr.ok && fr.reason === 'short') {
            const want = Math.min(seg.end - pos.offset, Math.max(READ_CHUNK, fr.need, maxBytes - bytes));
            buf = Buffer.allocUnsafe(want);
            const n = fs.readSync(fd, buf, 0, want, pos.offset);
            buf = buf.subarray(0, n);
            bufStart = pos.offset;
            rel = 0;
            fr = decodeFrame(buf, 0);
          }
          if (!fr.ok) {
            // Only possible if the disk changed under us; the rest of this segment is unreadable.
            this.runtimeCorruptions.push({
              segment: seg.index,
              offset: pos.offset,
              detail: fr.reason === 'short' ? 'truncated entry' : fr.detail,
              afterSeq: entries.length ? entries[entries.length - 1].seq : this.ackedMaxSeq,
            });
            seg.end = pos.offset; // never read (or reported) again
            pos = { segment: seg.index, offset: seg.size };
            break;
          }
          entries.push(fr.entry);
          bytes += fr.size;
          pos = { segment: seg.index, offset: pos.offset + fr.size };
        }
      } finally {
        fs.closeSync(fd);
      }
      if (entries.length >= maxEntries || bytes >= maxBytes) break;
    }
    // An empty batch can still move the cursor past an unreadable region.
    if (entries.length === 0 && pos.segment === this.cursor.segment && pos.offset === this.cursor.offset) return undefined;
    return { entries, end: pos, bytes };
  }

  /** True while some appended bytes lie after the ack cursor. */
  hasUnread(): boolean {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i];
      if (seg.index < this.cursor.segment) return false;
      const start = seg.index === this.cursor.segment ? this.cursor.offset : SEGMENT_MAGIC.length;
      if (start < seg.end) return true;
    }
    return false;
  }

  /** Corrupt regions found while reading since the last call. */
  takeCorruptions(): SpoolCorruption[] {
    return this.runtimeCorruptions.splice(0);
  }

  /**
   * The collector acknowledged `batch`: advance and persist the cursor, delete segments that are
   * now wholly acknowledged. A crash before the cursor is persisted only causes a resend, which
   * the collector de-duplicates by record id.
   */
  ack(batch: SpoolBatch): void {
    if (this.closed) return;
    this.cursor = batch.end;
    for (const e of batch.entries) if (e.seq > this.ackedMaxSeq) this.ackedMaxSeq = e.seq;
    this.pendingEntries -= batch.entries.length;
    this.pendingBytes -= batch.bytes;
    if (this.pendingEntries <= 0) {
      this.pendingEntries = 0;
      this.pendingBytes = 0;
    }
    const active = this.segments[this.segments.length - 1];
    // Everything acknowledged and the active segment has grown: start afresh so it can go.
    if (this.pendingEntries === 0 && active && active.index === this.cursor.segment && active.size >= this.rollAckedBytes()) {
      this.closeActive();
      this.cursor = { segment: active.index + 1, offset: SEGMENT_MAGIC.length };
    }
    this.persistCursor();
    this.deleteBefore(this.cursor.segment);
  }

  /**
   * Records sent from memory (never spooled) were acknowledged up to `seq`: remember it with the
   * cursor, so a restart does not declare their numbers as unexplained.
   */
  noteDelivered(seq: number): void {
    if (this.closed || seq <= this.ackedMaxSeq) return;
    this.ackedMaxSeq = seq;
    this.persistCursor();
  }

  private cursorWriting = false;
  private cursorDirty = false;

  /** Resolves when no background write of this spool is running (orderly teardown, tests). */
  idle(): Promise<void> {
    if (!this.cursorWriting && this.syncing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!this.cursorWriting && this.syncing.size === 0) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  }

  /**
   * Writes the cursor in the background (coalesced: at most one write in flight). Nothing waits
   * for it: a crash before it lands only makes the next run resend acknowledged records, which the
   * collector de-duplicates; acknowledged segments may even be deleted first — a cursor naming a
   * deleted segment resumes at the first one that exists.
   */
  private persistCursor(): void {
    if (this.cursorWriting) {
      this.cursorDirty = true;
      return;
    }
    this.cursorWriting = true;
    const content = JSON.stringify({ ...this.cursor, ackedMaxSeq: this.ackedMaxSeq });
    writeFileAtomicAsync(path.join(this.segDir, CURSOR_FILE), content, this.durable, () => !this.closed)
      .catch(() => false)
      .finally(() => {
        this.cursorWriting = false;
        if (this.cursorDirty && !this.closed) {
          this.cursorDirty = false;
          this.persistCursor();
        }
      });
  }

  /** fds with an fdatasync running in the thread pool; closed by its callback when asked to. */
  private readonly syncing = new Set<number>();
  private readonly closeAfterSync = new Set<number>();

  /**
   * fdatasync the active segment if anything was appended since the last sync — in the thread
   * pool, so the interval policy never stalls the event loop (and with it the application's calls).
   */
  sync(): void {
    const fd = this.activeFd;
    if (!this.dirty || fd === undefined || this.syncing.has(fd)) return;
    this.dirty = false;
    this.syncing.add(fd);
    fs.fdatasync(fd, (err) => {
      this.syncing.delete(fd);
      if (err && fd === this.activeFd) this.dirty = true; // retried at the next interval / close
      if (this.closeAfterSync.delete(fd)) fs.close(fd, () => undefined);
    });
  }

  /** Syncs (synchronously, once), writes the cursor, closes and releases the lock. Idempotent. */
  close(): void {
    if (this.closed) return;
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.closeActive(true);
    this.closed = true;
    try {
      writeFileAtomic(path.join(this.segDir, CURSOR_FILE), JSON.stringify({ ...this.cursor, ackedMaxSeq: this.ackedMaxSeq }), this.durable);
    } catch {
      // The last background write stays; the next run resends a little more.
    }
    this.lock.release();
  }

  // ---- internals ----

  private rollAckedBytes(): number {
    return Math.min(64 * 1024, Math.floor(this.options.segmentBytes / 4));
  }

  private needsNewSegment(frameBytes: number): boolean {
    const active = this.segments[this.segments.length - 1];
    if (this.activeFd === undefined || !active) return true;
    return active.size > SEGMENT_MAGIC.length && active.size + frameBytes > this.options.segmentBytes;
  }

  private roll(): void {
    this.closeActive();
    const last = this.segments[this.segments.length - 1];
    const index = Math.max(last ? last.index + 1 : 1, this.cursor.segment);
    const file = path.join(this.segDir, segmentName(index));
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (err) {
      throw errno(err);
    }
    try {
      writeAll(fd, SEGMENT_MAGIC);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw errno(err);
    }
    if (this.durable) fsyncDirAsync(this.segDir); // the new name, off the hot path
    this.activeFd = fd;
    this.segments.push({ index, size: SEGMENT_MAGIC.length, end: SEGMENT_MAGIC.length });
    this.diskBytes += SEGMENT_MAGIC.length;
  }

  /**
   * Closes the active segment. `final` (spool close): sync now. Otherwise (a roll, on the hot
   * path) the pending fdatasync runs in the thread pool and closes the fd when done — an fd is
   * never closed under a running sync, whose number could otherwise be reused.
   */
  private closeActive(final = false): void {
    if (this.activeFd === undefined) return;
    const fd = this.activeFd;
    this.activeFd = undefined;
    const needSync = this.dirty && this.durable;
    this.dirty = false;
    if (final && needSync) {
      try {
        fs.fdatasyncSync(fd);
      } catch {
        // nothing more to do at close
      }
    }
    if (this.syncing.has(fd)) {
      this.closeAfterSync.add(fd);
      return;
    }
    if (!final && needSync) {
      this.syncing.add(fd);
      fs.fdatasync(fd, () => {
        this.syncing.delete(fd);
        this.closeAfterSync.delete(fd);
        fs.close(fd, () => undefined);
      });
      return;
    }
    fs.closeSync(fd);
  }

  private deleteBefore(segment: number): void {
    let removed = false;
    while (this.segments.length && this.segments[0].index < segment) {
      const seg = this.segments.shift()!;
      fs.rmSync(path.join(this.segDir, segmentName(seg.index)), { force: true });
      this.diskBytes -= seg.size;
      removed = true;
    }
    if (removed && this.durable) fsyncDirAsync(this.segDir);
  }

  /** Scans every segment at or after the cursor; cuts a torn tail; counts what is pending. */
  private recover(): SpoolOpenReport {
    const report: SpoolOpenReport = { entries: 0, bytes: 0, maxSeq: this.ackedMaxSeq, tornTailBytes: 0, corruptions: [] };
    const names = fs.readdirSync(this.segDir);
    // Temp files of background writes interrupted by a crash (state files are written atomically).
    for (const n of names) if (TMP_PATTERN.test(n)) fs.rmSync(path.join(this.segDir, n), { force: true });
    const indexes = names
      .filter((n) => n.startsWith(SEGMENT_PREFIX) && n.endsWith(SEGMENT_SUFFIX))
      .map((n) => Number(n.slice(SEGMENT_PREFIX.length, -SEGMENT_SUFFIX.length)))
      .filter((n) => Number.isSafeInteger(n) && n > 0)
      .sort((a, b) => a - b);
    let lastSeq = this.ackedMaxSeq;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      const file = path.join(this.segDir, segmentName(index));
      if (index < this.cursor.segment) {
        fs.rmSync(file, { force: true }); // acknowledged; deletion was interrupted by a crash
        continue;
      }
      const isLast = i === indexes.length - 1;
      const data = fs.readFileSync(file);
      if (data.length < SEGMENT_MAGIC.length || !data.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
        if (isLast && SEGMENT_MAGIC.subarray(0, data.length).equals(data)) {
          fs.rmSync(file, { force: true }); // created, magic not fully written: nothing in it
          continue;
        }
        report.corruptions.push({ segment: index, offset: 0, detail: 'not a spool segment (bad magic)', afterSeq: lastSeq });
        this.segments.push({ index, size: data.length, end: 0 });
        this.diskBytes += data.length;
        continue;
      }
      let off = index === this.cursor.segment ? Math.max(this.cursor.offset, SEGMENT_MAGIC.length) : SEGMENT_MAGIC.length;
      let size = data.length;
      let end = data.length;
      while (off < data.length) {
        const fr = decodeFrame(data, off);
        if (fr.ok) {
          report.entries++;
          report.bytes += fr.size;
          lastSeq = fr.entry.seq;
          if (fr.entry.seq > report.maxSeq) report.maxSeq = fr.entry.seq;
          off += fr.size;
          continue;
        }
        if (isLast) {
          // A write torn by a crash: the entry never completed, so its append never returned.
          report.tornTailBytes = data.length - off;
          fs.truncateSync(file, off);
          size = off;
        } else {
          report.corruptions.push({ segment: index, offset: off, detail: fr.reason === 'short' ? 'truncated entry' : fr.detail, afterSeq: lastSeq });
        }
        end = off;
        break;
      }
      this.segments.push({ index, size, end: Math.min(end, size) });
      this.diskBytes += size;
    }
    this.pendingEntries = report.entries;
    this.pendingBytes = report.bytes;
    this.maxSeq = report.maxSeq;
    // Appends always go to a fresh segment after a restart: the old tail stays immutable.
    return report;
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

function readCursor(file: string): { cursor: SpoolCursor; ackedMaxSeq: number } {
  const fresh = { cursor: { segment: 0, offset: SEGMENT_MAGIC.length }, ackedMaxSeq: 0 };
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch {
    return fresh; // garbled cursor: resend everything; the collector de-duplicates
  }
  const r = raw as { segment?: unknown; offset?: unknown; ackedMaxSeq?: unknown } | undefined;
  if (!r || !Number.isSafeInteger(r.segment) || !Number.isSafeInteger(r.offset)) return fresh;
  return {
    cursor: { segment: r.segment as number, offset: r.offset as number },
    ackedMaxSeq: Number.isSafeInteger(r.ackedMaxSeq) ? (r.ackedMaxSeq as number) : 0,
  };
}

export { FRAME_HEADER_BYTES };
