/**
 * What the offset index and the time index share: entries of (key, value) in two typed columns,
 * loaded lazily from an EntryFile, appended in memory and written out in bounded runs. Keys
 * strictly increase, so "the last entry whose key is <= x" is a binary search.
 */
import type { Storage } from '../io/storage.js';
import { EntryFile, PENDING_ENTRIES_MAX } from './entry-file.js';

/** A typed array of keys: Int32Array for relative offsets, BigInt64Array for timestamps. */
export interface KeyColumn<K> {
  [index: number]: K;
  readonly length: number;
  subarray(begin: number, end: number): KeyColumn<K>;
  set(source: KeyColumn<K>): void;
}

/** How one kind of index stores its entries. */
export interface IndexFormat<K> {
  entryBytes: number;
  newKeys(capacity: number): KeyColumn<K>;
  readKey(buf: Buffer, at: number): K;
  writeKey(buf: Buffer, at: number, key: K): void;
}

export abstract class SparseIndex<K extends number | bigint> {
  protected readonly file: EntryFile;
  protected keys: KeyColumn<K>;
  protected values = new Int32Array(0);
  protected count = 0;
  protected loaded = false;

  constructor(
    storage: Storage,
    path: string,
    private readonly format: IndexFormat<K>,
  ) {
    this.file = new EntryFile(storage, path, format.entryBytes);
    this.keys = format.newKeys(0);
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

  /** Whether an entry read from the file may follow the `kept` entries before it. */
  protected abstract accepts(key: K, value: number, kept: number): boolean;

  protected ensureLoaded(): void {
    if (!this.loaded) this.load();
  }

  /**
   * Loads the entries, keeping the longest prefix `accepts` allows; a bad tail (a torn write,
   * zeros after a power loss) is cut off the file. Returns the number of entries dropped.
   */
  protected load(): number {
    const { entryBytes } = this.format;
    const buf = this.file.readAll();
    const total = buf.length / entryBytes;
    this.reserve(total);
    let kept = 0;
    for (let i = 0; i < total; i++) {
      const key = this.format.readKey(buf, i * entryBytes);
      const value = buf.readInt32BE(i * entryBytes + entryBytes - 4);
      if (!this.accepts(key, value, kept)) break;
      this.keys[kept] = key;
      this.values[kept] = value;
      kept++;
    }
    this.count = kept;
    this.loaded = true;
    this.file.truncateEntries(kept);
    return total - kept;
  }

  protected reserve(n: number): void {
    if (n <= this.keys.length) return;
    const cap = Math.max(n, this.keys.length * 2, 64);
    const keys = this.format.newKeys(cap);
    const values = new Int32Array(cap);
    keys.set(this.keys.subarray(0, this.count));
    values.set(this.values.subarray(0, this.count));
    this.keys = keys;
    this.values = values;
  }

  /** Appends an entry in memory, writing a run out when enough are pending. */
  protected push(key: K, value: number): void {
    this.reserve(this.count + 1);
    this.keys[this.count] = key;
    this.values[this.count] = value;
    this.count++;
    if (this.count - this.file.writtenCount >= PENDING_ENTRIES_MAX) this.writePending();
  }

  /** Index of the last entry whose key is <= `key`, or -1. */
  protected floorIndex(key: K): number {
    this.ensureLoaded();
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] <= key) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Keeps the first `n` entries, in memory and in the file. */
  protected truncateTo(n: number): void {
    this.count = n;
    this.file.truncateEntries(n);
  }

  /** Drops the in-memory entries (written out first); the next use reloads them. */
  unload(): void {
    if (!this.loaded) return;
    this.writePending();
    this.keys = this.format.newKeys(0);
    this.values = new Int32Array(0);
    this.count = 0;
    this.loaded = false;
  }

  /** Writes entries not yet in the file. */
  writePending(): void {
    if (!this.loaded || this.count === this.file.writtenCount) return;
    const { entryBytes } = this.format;
    const from = this.file.writtenCount;
    const buf = Buffer.allocUnsafe((this.count - from) * entryBytes);
    for (let i = from; i < this.count; i++) {
      this.format.writeKey(buf, (i - from) * entryBytes, this.keys[i]);
      buf.writeInt32BE(this.values[i], (i - from) * entryBytes + entryBytes - 4);
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
