/**
 * The sparse offset index of one segment (`.index`): 8-byte entries of int32 offset relative to
 * the segment's base offset and int32 byte position of a batch in the `.log` file, one entry
 * every `index.interval.bytes`. Fjord keys each entry by the batch's *base* offset: a lookup for
 * offset X then lands on the batch holding X or an earlier one, which is what a reader needs.
 * Entries are loaded on first use, so opening a log with many trusted segments reads nothing.
 */
import type { Storage } from '../io/storage.js';
import { assert } from '../errors.js';
import { SparseIndex, type IndexFormat } from './sparse-index.js';

/** Bytes per offset index entry. */
export const OFFSET_INDEX_ENTRY_BYTES = 8;

const format: IndexFormat<number> = {
  entryBytes: OFFSET_INDEX_ENTRY_BYTES,
  newKeys: (capacity) => new Int32Array(capacity),
  readKey: (buf, at) => buf.readInt32BE(at),
  writeKey: (buf, at, key) => void buf.writeInt32BE(key, at),
};

/** Sparse relative offset → file position map of one segment. */
export class OffsetIndex extends SparseIndex<number> {
  /** The log's size when entries were loaded: an entry pointing past it is a stale tail. */
  private logSizeAtLoad = 0;

  /** `logSize` tells a lazy load how far entries may point. */
  constructor(
    storage: Storage,
    path: string,
    private readonly logSize: () => number,
  ) {
    super(storage, path, format);
  }

  protected override load(): number {
    this.logSizeAtLoad = this.logSize();
    return super.load();
  }

  /** Offsets and positions both increase and positions point inside the log. */
  protected accepts(relativeOffset: number, position: number, kept: number): boolean {
    const increasing = kept === 0
      ? relativeOffset >= 0 && position >= 0
      : relativeOffset > this.keys[kept - 1] && position > this.values[kept - 1];
    return increasing && position < this.logSizeAtLoad;
  }

  /** Adds an entry; offsets and positions must increase. */
  append(relativeOffset: number, position: number): void {
    this.ensureLoaded();
    if (this.count > 0) {
      assert(relativeOffset > this.keys[this.count - 1], `index offset ${relativeOffset} does not increase`);
      assert(position > this.values[this.count - 1], `index position ${position} does not increase`);
    }
    this.push(relativeOffset, position);
  }

  /** Position of the last indexed batch whose relative offset is <= `relativeOffset`; 0 if none. */
  lookup(relativeOffset: number): number {
    const found = this.floorIndex(relativeOffset);
    return found < 0 ? 0 : this.values[found];
  }

  /** The last entry's position, or 0 if there is none. */
  lastPosition(): number {
    this.ensureLoaded();
    return this.count === 0 ? 0 : this.values[this.count - 1];
  }

  /** Drops every entry pointing at or past `position` (the log is cut there). */
  truncateFromPosition(position: number): void {
    this.ensureLoaded();
    let n = this.count;
    while (n > 0 && this.values[n - 1] >= position) n--;
    this.truncateTo(n);
  }
}
