import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDirAsync, readJsonFile, TMP_PATTERN, writeFileAtomic, writeFileAtomicAsync } from './atomic-file';
import { decodeFrame, encodeFrameInto, FRAME_HEADER_BYTES, frameSize, type SpoolEntry } from './spool-frame';
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

/** An entry handed out for sending, with where it ends in the spool (so a batch can be split). */
export interface SpoolBatchEntry extends SpoolEntry {
  /** Position just after this entry. */
  end: SpoolCursor;
  /** Its frame bytes. */
  size: number;
}

export interface SpoolBatch {
  entries: SpoolBatchEntry[];
  /** Cursor just after the last entry of the batch: pass it to ack(). */
  end: SpoolCursor;
  /** Frame bytes of the batch (for accounting). */
  bytes: number;
}

/** Result of a group commit: the first `written` entries are in the spool; `error` says why the rest are not. */
export interface AppendResult {
  written: number;
  error?: SpoolError;
}

/**
 * Splits a batch after its first `n` entries (bisection of a batch the collector refuses). The
 * halves are contiguous, so acknowledging the first and then the second is the same as the whole.
 */
export function splitSpoolBatch(batch: SpoolBatch, n: number): [SpoolBatch, SpoolBatch] {
  const a = batch.entries.slice(0, n);
  const b = batch.entries.slice(n);
  const bytesA = a.reduce((x, e) => x + e.size, 0);
  return [
    { entries: a, end: a[a.length - 1].end, bytes: bytesA },
    { entries: b, end: batch.end, bytes: batch.bytes - bytesA },
  ];
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
/** Least time between the starts of two background cursor writes (see persistCursor). */
const CURSOR_MIN_INTERVAL_MS = 100;
const LOCK_FILE = 'spool.lock';
const READ_CHUNK = 256 * 1024;
/**
 * Entries written but not yet handed out are also kept in memory up to this many bytes, so the
 * sender reads them from there instead of reading the segment back (a backlog larger than this is
 * read from disk until the sender has caught up).
 */
const MIRROR_MAX_BYTES = 8 * 1024 * 1024;

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
 * Append-only, segmented, crash-safe record spool. An append is a group commit: one synchronous
 * write(2) of many length+CRC framed entries (one per segment touched). The sender takes batches
 * from its send position (`readNext`, several may be in flight) and acknowledges them in order;
 * the ack cursor (an atomically replaced file) only ever moves past acknowledged entries; a
 * segment is deleted only when every entry in it is acknowledged. Opening replays what a previous
 * run left: torn tails are cut off, corrupt regions reported (never silently skipped).
 */
export class DiskSpool {
  private segments: Segment[] = [];
  private activeFd: number | undefined;
  private cursor: SpoolCursor;
  /** Where the next readNext() starts: entries between the cursor and here are out for sending. */
  private sendPos: SpoolCursor;
  /** Entries after sendPos, held in memory while `mirrorOk` (then it is all of them, in order). */
  private mirror: SpoolBatchEntry[] = [];
  private mirrorHead = 0;
  private mirrorBytes = 0;
  private mirrorOk = false;
  private ackedMaxSeq: number;
  private dirty = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly segDir: string;
  /** Corrupt regions met while reading at run time (drained by the owner). */
  private readonly runtimeCorruptions: SpoolCorruption[] = [];
  pendingEntries = 0;
  pendingBytes = 0;
  /** Entries written and not yet handed out by readNext (approximate after runtime corruption). */
  unsentEntries = 0;
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
    this.sendPos = { ...this.cursor };
    this.unsentEntries = this.pendingEntries;
    this.mirrorOk = !this.hasUnsent();
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
    const r = this.appendBatch([{ seq, payload }]);
    if (r.error) throw r.error;
  }

  /**
   * Group commit: appends the entries in order with one write(2) per segment touched (one in the
   * common case), then one fdatasync under 'always'. Stops at the first entry that does not fit or
   * cannot be written: the entries before it are in the spool (`written`), the rest are not, and
   * `error` says why. A failed write is cut off again, so nothing partial hides later appends.
   */
  appendBatch(entries: ReadonlyArray<SpoolEntry>): AppendResult {
    if (this.closed) return { written: 0, error: new SpoolError('spool is closed', 'spool_closed') };
    let i = 0;
    while (i < entries.length) {
      const first = frameSize(entries[i].payload);
      if (!this.hasRoomFor(first)) return { written: i, error: new SpoolFullError(this.options.maxBytes) };
      if (this.activeFd === undefined || this.needsNewSegment(first)) {
        try {
          this.roll();
        } catch (err) {
          return { written: i, error: err instanceof SpoolError ? err : errno(err) };
        }
      }
      const active = this.segments[this.segments.length - 1];
      // The run of entries that goes into this segment, under the size bound.
      let bytes = 0;
      let j = i;
      while (j < entries.length) {
        const f = frameSize(entries[j].payload);
        if (j > i && (active.size + bytes + f > this.options.segmentBytes || this.diskBytes + bytes + f > this.options.maxBytes)) break;
        bytes += f;
        j++;
      }
      const buf = Buffer.allocUnsafe(bytes);
      let off = 0;
      for (let k = i; k < j; k++) off = encodeFrameInto(buf, off, entries[k].seq, entries[k].payload);
      try {
        writeAll(this.activeFd!, buf);
      } catch (err) {
        // Cut a partial write off so that later appends are not hidden behind garbage.
        try {
          fs.ftruncateSync(this.activeFd!, active.size);
        } catch {
          this.closeActive(); // next append starts a new segment; the reader reports the bad tail
        }
        return { written: i, error: errno(err) };
      }
      let pos = active.size;
      for (let k = i; k < j; k++) {
        const e = entries[k];
        const size = frameSize(e.payload);
        pos += size;
        if (this.mirrorOk) this.mirror.push({ seq: e.seq, payload: e.payload, end: { segment: active.index, offset: pos }, size });
        if (e.seq > this.maxSeq) this.maxSeq = e.seq;
      }
      active.size += bytes;
      active.end = active.size;
      this.diskBytes += bytes;
      this.pendingBytes += bytes;
      this.pendingEntries += j - i;
      this.unsentEntries += j - i;
      if (this.mirrorOk) {
        this.mirrorBytes += bytes;
        if (this.mirrorBytes > MIRROR_MAX_BYTES) this.dropMirror();
      }
      i = j;
    }
    if (this.options.fsync === 'always') {
      try {
        if (this.activeFd !== undefined) fs.fdatasyncSync(this.activeFd);
      } catch (err) {
        this.dirty = true;
        return { written: entries.length, error: errno(err) }; // written, but not known to be on stable storage
      }
    } else this.dirty = true;
    return { written: entries.length };
  }

  private dropMirror(): void {
    this.mirror = [];
    this.mirrorHead = 0;
    this.mirrorBytes = 0;
    this.mirrorOk = false;
  }

  /**
   * Next entries to send, after those already handed out (several batches can be in flight);
   * oldest first, up to `maxEntries`/`maxBytes`. Undefined when there is nothing new. An empty
   * batch can be returned to move past an unreadable region (acknowledge it like any other).
   */
  readNext(maxEntries: number, maxBytes: number): SpoolBatch | undefined {
    if (this.closed) return undefined;
    if (this.mirrorOk) {
      if (this.mirrorHead >= this.mirror.length) return undefined;
      const entries: SpoolBatchEntry[] = [];
      let bytes = 0;
      while (this.mirrorHead < this.mirror.length && entries.length < maxEntries) {
        const e = this.mirror[this.mirrorHead];
        if (entries.length > 0 && bytes + e.size > maxBytes) break;
        entries.push(e);
        bytes += e.size;
        this.mirrorHead++;
      }
      this.mirrorBytes -= bytes;
      if (this.mirrorHead === this.mirror.length) {
        this.mirror = [];
        this.mirrorHead = 0;
      } else if (this.mirrorHead > 4096) {
        this.mirror = this.mirror.slice(this.mirrorHead);
        this.mirrorHead = 0;
      }
      const end = entries[entries.length - 1].end;
      this.sendPos = end;
      this.unsentEntries = Math.max(0, this.unsentEntries - entries.length);
      return { entries, end, bytes };
    }
    const batch = this.readFromDisk(this.sendPos, maxEntries, maxBytes);
    if (batch) {
      this.sendPos = batch.end;
      this.unsentEntries = Math.max(0, this.unsentEntries - batch.entries.length);
    }
    if (!this.hasUnsent()) {
      // Caught up with the writer: from now on new entries are handed out from memory.
      this.dropMirror();
      this.mirrorOk = true;
      this.unsentEntries = 0;
    }
    return batch;
  }

  /**
   * Up to `maxEntries`/`maxBytes` unacknowledged entries from the ack cursor, oldest first;
   * undefined when none. Rewinds the send position to the cursor: everything not acknowledged is
   * handed out again (a resend).
   */
  readBatch(maxEntries: number, maxBytes: number): SpoolBatch | undefined {
    if (this.sendPos.segment !== this.cursor.segment || this.sendPos.offset !== this.cursor.offset) {
      this.sendPos = { ...this.cursor };
      this.unsentEntries = this.pendingEntries;
      this.dropMirror();
    }
    return this.readNext(maxEntries, maxBytes);
  }

  /** True while some written entries have not been handed out by readNext. */
  hasUnsent(): boolean {
    return this.unreadFrom(this.sendPos);
  }

  /** Reads entries from the segment files, starting at `from`. */
  private readFromDisk(from: SpoolCursor, maxEntries: number, maxBytes: number): SpoolBatch | undefined {
    if (!this.unreadFrom(from)) return undefined;
    const entries: SpoolBatchEntry[] = [];
    let bytes = 0;
    let pos: SpoolCursor = { ...from };
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
              afterSeq: entries.length ? entries[entries.length - 1].seq : Math.max(this.ackedMaxSeq, this.lastHandedOutSeq),
            });
            seg.end = pos.offset; // never read (or reported) again
            pos = { segment: seg.index, offset: seg.size };
            break;
          }
          pos = { segment: seg.index, offset: pos.offset + fr.size };
          entries.push({ seq: fr.entry.seq, payload: fr.entry.payload, end: pos, size: fr.size });
          bytes += fr.size;
        }
      } finally {
        fs.closeSync(fd);
      }
      if (entries.length >= maxEntries || bytes >= maxBytes) break;
    }
    // An empty batch can still move the cursor past an unreadable region.
    if (entries.length === 0 && pos.segment === from.segment && pos.offset === from.offset) return undefined;
    if (entries.length) this.lastHandedOutSeq = entries[entries.length - 1].seq;
    return { entries, end: pos, bytes };
  }

  private lastHandedOutSeq = 0;

  /** True while some appended bytes lie after the ack cursor (sent or not). */
  hasUnread(): boolean {
    return this.unreadFrom(this.cursor);
  }

  private unreadFrom(from: SpoolCursor): boolean {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i];
      if (seg.index < from.segment) return false;
      const start = seg.index === from.segment ? from.offset : SEGMENT_MAGIC.length;
      if (start < seg.end) return true;
    }
    return false;
  }

  /** Corrupt regions found while reading since the last call. */
  takeCorruptions(): SpoolCorruption[] {
    return this.runtimeCorruptions.splice(0);
  }

  /**
   * The collector acknowledged `batch` — the oldest batch not acknowledged yet (the caller
   * acknowledges in the order batches were handed out): advance and persist the cursor, delete
   * segments that are now wholly acknowledged. A crash before the cursor is persisted only causes a resend, which
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
    if (this.pendingEntries === 0 && active && active.index === this.cursor.segment && active.size >= this.rollAckedBytes() && !this.hasUnsent()) {
      this.closeActive();
      this.cursor = { segment: active.index + 1, offset: SEGMENT_MAGIC.length };
      this.sendPos = { ...this.cursor };
    }
    // Segments before the cursor go once the cursor naming them acknowledged is on disk (see
    // persistCursor): until then they are what tells a restart the highest number used.
    this.persistCursor();
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
    const started = Date.now();
    const segment = this.cursor.segment;
    const content = JSON.stringify({ ...this.cursor, ackedMaxSeq: this.ackedMaxSeq });
    writeFileAtomicAsync(path.join(this.segDir, CURSOR_FILE), content, this.durable, () => !this.closed)
      .catch(() => false)
      .then((written) => {
        // Only now: a crash before the cursor landed must still find the acknowledged entries
        // (their numbers), or the restart would not know they were used.
        if (written && !this.closed) this.deleteBefore(segment);
      })
      .finally(() => {
        if (!this.cursorDirty || this.closed) {
          this.cursorWriting = false;
          return;
        }
        // At most one cursor write per CURSOR_MIN_INTERVAL_MS: back to back, a busy emitter
        // (acks every few ms) spent ~4 % of its CPU on temp file, fsync, rename and directory
        // fsync. Waiting only widens what a crash makes it resend (de-duplicated by the
        // collector). The wait counts as writing, so idle() and the next ack see it.
        const rewrite = (): void => {
          this.cursorWriting = false;
          if (this.closed) return;
          this.cursorDirty = false;
          this.persistCursor();
        };
        const wait = CURSOR_MIN_INTERVAL_MS - (Date.now() - started);
        if (wait > 0) setTimeout(rewrite, wait).unref();
        else rewrite();
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
      this.deleteBefore(this.cursor.segment);
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
