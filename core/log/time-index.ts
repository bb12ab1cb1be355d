/**
 * The time index of one segment (`.timeindex`): 12-byte entries of int64 timestamp and int32
 * offset relative to the segment's base offset. An entry is appended whenever a batch's
 * maxTimestamp exceeds the last indexed one, keyed by that batch's last offset, so timestamps in
 * the index strictly increase and the last entry is the segment's largest timestamp (which
 * retention needs without reading the log). Loaded on first use.
 */
import type { Storage } from '../io/storage.js';
import { assert } from '../errors.js';
import { EntryFile, PENDING_ENTRIES_MAX } from './entry-file.js';

/** Bytes per time index entry. */
export const TIME_INDEX_ENTRY_BYTES = 12;
/** Kafka's "no timestamp". */
export const NO_TIMESTAMP = -1n;

/** Timestamp → relative offset map of one segment. */
export class TimeIndex {
  private readonly file: EntryFile;
  private ts = new BigInt64Array(0);
  private rel = new Int32Array(0);
  private count = 0;
  private loaded = false;
  /** The last entry read without loading everything (fast open); null when unknown. */
  private peekedLast: { timestamp: bigint; relativeOffset: number } | null = null;

  constructor(storage: Storage, path: string) {
    this.file = new EntryFile(storage, path, TIME_INDEX_ENTRY_BYTES);
  }

  get path(): string {
    return this.file.path;
  }

  get entries(): number {
    this.ensureLoaded();
    return this.count;
  }

  private ensureLoaded(): void {
    if (this.loaded) return;
    const buf = this.file.readAll();
    const total = buf.length / TIME_INDEX_ENTRY_BYTES;
    this.reserve(total);
    let kept = 0;
    for (let i = 0; i < total; i++) {
      const t = buf.readBigInt64BE(i * 12);
      const r = buf.readInt32BE(i * 12 + 8);
      // Timestamps and offsets both increase; anything else is a torn or stale tail.
      const ok = kept === 0 ? r >= 0 : t > this.ts[kept - 1] && r > this.rel[kept - 1];
      if (!ok) break;
      this.ts[kept] = t;
      this.rel[kept] = r;
      kept++;
    }
    this.count = kept;
    this.loaded = true;
    this.peekedLast = null;
    this.file.truncateEntries(kept);
  }

  private reserve(n: number): void {
    if (n <= this.ts.length) return;
    const cap = Math.max(n, this.ts.length * 2, 64);
    const ts = new BigInt64Array(cap);
    const rel = new Int32Array(cap);
    ts.set(this.ts.subarray(0, this.count));
    rel.set(this.rel.subarray(0, this.count));
    this.ts = ts;
    this.rel = rel;
  }

  /** The largest indexed timestamp, or -1 if none; reads one entry when not loaded. */
  lastTimestamp(): bigint {
    if (!this.loaded) {
      if (this.peekedLast === null) {
        const buf = this.file.readLast();
        if (buf === null) return NO_TIMESTAMP;
        this.peekedLast = { timestamp: buf.readBigInt64BE(0), relativeOffset: buf.readInt32BE(8) };
      }
      return this.peekedLast.timestamp;
    }
    return this.count === 0 ? NO_TIMESTAMP : this.ts[this.count - 1];
  }

  /** The first indexed timestamp (the segment's first batch with a timestamp), or -1. */
  firstTimestamp(): bigint {
    if (!this.loaded) {
      const buf = this.file.readFirst();
      return buf === null ? NO_TIMESTAMP : buf.readBigInt64BE(0);
    }
    return this.count === 0 ? NO_TIMESTAMP : this.ts[0];
  }

  /** Records a batch's maxTimestamp if it exceeds the last indexed one. */
  maybeAppend(timestamp: bigint, relativeOffset: number): void {
    this.ensureLoaded();
    if (this.count > 0 && timestamp <= this.ts[this.count - 1]) return;
    if (timestamp <= NO_TIMESTAMP) return;
    if (this.count > 0) assert(relativeOffset > this.rel[this.count - 1], `time index offset ${relativeOffset} does not increase`);
    this.reserve(this.count + 1);
    this.ts[this.count] = timestamp;
    this.rel[this.count] = relativeOffset;
    this.count++;
    if (this.count - this.file.writtenCount >= PENDING_ENTRIES_MAX) this.writePending();
  }

  /**
   * Relative offset of the last entry whose timestamp is <= `timestamp`, or -1 if none: every
   * batch before that entry's batch has a smaller maxTimestamp, so a search can start there.
   */
  lookup(timestamp: bigint): number {
    this.ensureLoaded();
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts[mid] <= timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? -1 : this.rel[found];
  }

  /** Drops entries for offsets at or past `relativeOffset` (the log is cut there). */
  truncateFromOffset(relativeOffset: number): void {
    this.ensureLoaded();
    let n = this.count;
    while (n > 0 && this.rel[n - 1] >= relativeOffset) n--;
    this.count = n;
    this.file.truncateEntries(n);
  }

  /** Drops the in-memory entries (written out first); the next use reloads them. */
  unload(): void {
    if (!this.loaded) return;
    this.writePending();
    this.ts = new BigInt64Array(0);
    this.rel = new Int32Array(0);
    this.count = 0;
    this.loaded = false;
  }

  /** Writes entries not yet in the file. */
  writePending(): void {
    if (!this.loaded || this.count === this.file.writtenCount) return;
    const from = this.file.writtenCount;
    const buf = Buffer.allocUnsafe((this.count - from) * TIME_INDEX_ENTRY_BYTES);
    for (let i = from; i < this.count; i++) {
      buf.writeBigInt64BE(this.ts[i], (i - from) * 12);
      buf.writeInt32BE(this.rel[i], (i - from) * 12 + 8);
    }
    this.file.append(buf);
  }

  /** Writes pending entries and fsyncs the file. */
  flush(): void {
    this.writePending();
    this.file.sync();
  }

  close(): void {
    this.writePending();
    this.file.close();
  }

  delete(): void {
    this.file.delete();
  }
}
