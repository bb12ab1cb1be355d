/**
 * The on-disk side of an index: a file of fixed-size entries, appended in batches. Indexes keep
 * their entries in memory and write new ones lazily (at most `PENDING_ENTRIES_MAX` behind, and
 * always before a flush or close), because an index is only a hint: every segment that is not
 * covered by the recovery point has its indexes rebuilt on open, so entries lost in a crash cost
 * nothing but a scan.
 */
import type { Storage, StorageFile } from '../io/storage.js';
import { assert } from '../errors.js';

/** Most entries an index holds in memory before writing them out. */
export const PENDING_ENTRIES_MAX = 512;

/** A file of `entryBytes`-sized records. */
export class EntryFile {
  private readonly file: StorageFile;
  /** Entries already written to the file. */
  writtenCount = 0;
  /** True if the file did not exist when opened (a missing index must be rebuilt). */
  readonly wasMissing: boolean;

  constructor(
    private readonly storage: Storage,
    readonly path: string,
    private readonly entryBytes: number,
  ) {
    this.wasMissing = !storage.exists(path);
    this.file = storage.open(path);
    this.writtenCount = Math.floor(this.file.size() / entryBytes);
  }

  /** Reads every whole entry; a torn trailing partial entry is cut off the file. */
  readAll(): Buffer {
    const size = this.file.size();
    const whole = size - (size % this.entryBytes);
    if (whole !== size) this.file.truncate(whole);
    const buf = Buffer.allocUnsafe(whole);
    const n = this.file.read(buf, 0, whole, 0);
    assert(n === whole, `short read of ${this.path}: ${n} of ${whole} bytes`);
    this.writtenCount = whole / this.entryBytes;
    return buf;
  }

  /** Reads only the last whole entry, or null if the file has none. */
  readLast(): Buffer | null {
    const size = this.file.size();
    const count = Math.floor(size / this.entryBytes);
    if (count === 0) return null;
    const buf = Buffer.allocUnsafe(this.entryBytes);
    const n = this.file.read(buf, 0, this.entryBytes, (count - 1) * this.entryBytes);
    return n === this.entryBytes ? buf : null;
  }

  /** Reads only the first entry, or null if the file has none. */
  readFirst(): Buffer | null {
    if (this.file.size() < this.entryBytes) return null;
    const buf = Buffer.allocUnsafe(this.entryBytes);
    return this.file.read(buf, 0, this.entryBytes, 0) === this.entryBytes ? buf : null;
  }

  /** Appends encoded entries (whole entries only) after the ones already written. */
  append(encoded: Buffer): void {
    assert(encoded.length % this.entryBytes === 0, 'index write of partial entries');
    if (encoded.length === 0) return;
    this.file.write(encoded, this.writtenCount * this.entryBytes);
    this.writtenCount += encoded.length / this.entryBytes;
  }

  /** Cuts the file to its first `count` entries. */
  truncateEntries(count: number): void {
    if (count >= this.writtenCount) return;
    this.file.truncate(count * this.entryBytes);
    this.writtenCount = count;
  }

  sync(): void {
    this.file.sync();
  }

  close(): void {
    this.file.close();
  }

  /** Closes and deletes the file. */
  delete(): void {
    this.file.close();
    this.storage.remove(this.path);
  }
}
