/**
 * The time index of one segment (`.timeindex`): 12-byte entries of int64 timestamp and int32
 * offset relative to the segment's base offset. An entry is appended whenever a batch's
 * maxTimestamp exceeds the last indexed one, keyed by that batch's last offset, so timestamps in
 * the index strictly increase and the last entry is the segment's largest timestamp (which
 * retention needs without reading the log). Loaded on first use.
 */
import type { Storage } from '../io/storage.js';
import { assert } from '../errors.js';
import { SparseIndex, type IndexFormat } from './sparse-index.js';

/** Bytes per time index entry. */
export const TIME_INDEX_ENTRY_BYTES = 12;
/** Kafka's "no timestamp". */
export const NO_TIMESTAMP = -1n;

const format: IndexFormat<bigint> = {
  entryBytes: TIME_INDEX_ENTRY_BYTES,
  newKeys: (capacity) => new BigInt64Array(capacity),
  readKey: (buf, at) => buf.readBigInt64BE(at),
  writeKey: (buf, at, key) => void buf.writeBigInt64BE(key, at),
};

/** Timestamp → relative offset map of one segment. */
export class TimeIndex extends SparseIndex<bigint> {
  /** The last entry read without loading everything (fast open); null when unknown. */
  private peekedLast: { timestamp: bigint; relativeOffset: number } | null = null;

  constructor(storage: Storage, path: string) {
    super(storage, path, format);
  }

  protected override load(): number {
    this.peekedLast = null;
    return super.load();
  }

  /** Timestamps and offsets both increase; anything else is a torn or stale tail. */
  protected accepts(timestamp: bigint, relativeOffset: number, kept: number): boolean {
    return kept === 0 ? relativeOffset >= 0 : timestamp > this.keys[kept - 1] && relativeOffset > this.values[kept - 1];
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
    return this.count === 0 ? NO_TIMESTAMP : this.keys[this.count - 1];
  }

  /** The first indexed timestamp (the segment's first batch with a timestamp), or -1. */
  firstTimestamp(): bigint {
    if (!this.loaded) {
      const buf = this.file.readFirst();
      return buf === null ? NO_TIMESTAMP : buf.readBigInt64BE(0);
    }
    return this.count === 0 ? NO_TIMESTAMP : this.keys[0];
  }

  /** Records a batch's maxTimestamp if it exceeds the last indexed one. */
  maybeAppend(timestamp: bigint, relativeOffset: number): void {
    this.ensureLoaded();
    if (this.count > 0 && timestamp <= this.keys[this.count - 1]) return;
    if (timestamp <= NO_TIMESTAMP) return;
    if (this.count > 0) assert(relativeOffset > this.values[this.count - 1], `time index offset ${relativeOffset} does not increase`);
    this.push(timestamp, relativeOffset);
  }

  /**
   * Relative offset of the last entry whose timestamp is <= `timestamp`, or -1 if none: every
   * batch before that entry's batch has a smaller maxTimestamp, so a search can start there.
   */
  lookup(timestamp: bigint): number {
    const found = this.floorIndex(timestamp);
    return found < 0 ? -1 : this.values[found];
  }

  /** Drops entries for offsets at or past `relativeOffset` (the log is cut there). */
  truncateFromOffset(relativeOffset: number): void {
    this.ensureLoaded();
    let n = this.count;
    while (n > 0 && this.values[n - 1] >= relativeOffset) n--;
    this.truncateTo(n);
  }
}
