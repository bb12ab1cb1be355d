/**
 * The sparse offset index of one segment (`.index`): 8-byte entries of int32 offset relative to
 * the segment's base offset and int32 byte position of a batch in the `.log` file, one entry
 * every `index.interval.bytes`. Fjord keys each entry by the batch's *base* offset: a lookup for
 * offset X then lands on the batch holding X or an earlier one, which is what a reader needs.
 * Entries are loaded on first use, so opening a log with many trusted segments reads nothing.
 */
import type { Storage } from '../io/storage.js';
import { assert } from '../errors.js';
import { EntryFile, PENDING_ENTRIES_MAX } from './entry-file.js';

/** Bytes per offset index entry. */
export const OFFSET_INDEX_ENTRY_BYTES = 8;

/** Sparse relative offset → file position map of one segment. */
export class OffsetIndex {
  private readonly file: EntryFile;
  private rel = new Int32Array(0);
  private pos = new Int32Array(0);
  private count = 0;
  private loaded = false;

  /** `logSize` tells a lazy load how far entries may point. */
  constructor(
    storage: Storage,
    path: string,
    private readonly logSize: () => number,
  ) {
    this.file = new EntryFile(storage, path, OFFSET_INDEX_ENTRY_BYTES);
  }

  /** True if the file did not exist when the segment was opened. */
  get wasMissing(): boolean {
    return this.file.wasMissing;
  }

  get path(): string {
    return this.file.path;
  }

  /** Entries in memory (loading them if needed). */
  get entries(): number {
    this.ensureLoaded();
    return this.count;
  }

  /**
   * Loads the entries, keeping the longest prefix that is strictly increasing in both offset and
   * position and points inside the log (`logSize`); a bad tail (e.g. zeros after a power loss)
   * is cut off the file. Returns the number of entries dropped.
   * Called on first use, so the entries of segments nobody reads are never loaded.
   */
  private load(logSize: number): number {
    const buf = this.file.readAll();
    const total = buf.length / OFFSET_INDEX_ENTRY_BYTES;
    this.reserve(total);
    let kept = 0;
    for (let i = 0; i < total; i++) {
      const r = buf.readInt32BE(i * 8);
      const p = buf.readInt32BE(i * 8 + 4);
      const prevOk = kept === 0 ? r >= 0 && p >= 0 : r > this.rel[kept - 1] && p > this.pos[kept - 1];
      if (!prevOk || p >= logSize) break;
      this.rel[kept] = r;
      this.pos[kept] = p;
      kept++;
    }
    this.count = kept;
    this.loaded = true;
    this.file.truncateEntries(kept);
    return total - kept;
  }

  private ensureLoaded(): void {
    if (!this.loaded) this.load(this.logSize());
  }

  private reserve(n: number): void {
    if (n <= this.rel.length) return;
    const cap = Math.max(n, this.rel.length * 2, 64);
    const rel = new Int32Array(cap);
    const pos = new Int32Array(cap);
    rel.set(this.rel.subarray(0, this.count));
    pos.set(this.pos.subarray(0, this.count));
    this.rel = rel;
    this.pos = pos;
  }

  /** Adds an entry; offsets and positions must increase. */
  append(relativeOffset: number, position: number): void {
    this.ensureLoaded();
    if (this.count > 0) {
      assert(relativeOffset > this.rel[this.count - 1], `index offset ${relativeOffset} does not increase`);
      assert(position > this.pos[this.count - 1], `index position ${position} does not increase`);
    }
    this.reserve(this.count + 1);
    this.rel[this.count] = relativeOffset;
    this.pos[this.count] = position;
    this.count++;
    if (this.count - this.file.writtenCount >= PENDING_ENTRIES_MAX) this.writePending();
  }

  /** Position of the last indexed batch whose relative offset is <= `relativeOffset`; 0 if none. */
  lookup(relativeOffset: number): number {
    this.ensureLoaded();
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rel[mid] <= relativeOffset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.pos[found];
  }

  /** The last entry's position, or 0 if there is none. */
  lastPosition(): number {
    this.ensureLoaded();
    return this.count === 0 ? 0 : this.pos[this.count - 1];
  }

  /** Drops every entry pointing at or past `position` (the log is cut there). */
  truncateFromPosition(position: number): void {
    this.ensureLoaded();
    let n = this.count;
    while (n > 0 && this.pos[n - 1] >= position) n--;
    this.count = n;
    this.file.truncateEntries(n);
  }

  /** Drops the in-memory entries (written out first); the next use reloads them. */
  unload(): void {
    if (!this.loaded) return;
    this.writePending();
    this.rel = new Int32Array(0);
    this.pos = new Int32Array(0);
    this.count = 0;
    this.loaded = false;
  }

  /** Writes entries not yet in the file. */
  writePending(): void {
    if (!this.loaded || this.count === this.file.writtenCount) return;
    const from = this.file.writtenCount;
    const buf = Buffer.allocUnsafe((this.count - from) * OFFSET_INDEX_ENTRY_BYTES);
    for (let i = from; i < this.count; i++) {
      buf.writeInt32BE(this.rel[i], (i - from) * 8);
      buf.writeInt32BE(this.pos[i], (i - from) * 8 + 4);
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
