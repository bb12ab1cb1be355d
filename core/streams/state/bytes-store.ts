/**
 * The internal byte-level store that window and session stores are built on: a key-value store
 * that can also scan with an exclusive upper bound and drop a key range without changelogging
 * it (expired window segments leave through topic retention, not tombstones).
 */
import type { KeyValue, KeyValueStore } from './store.js';

/** Scan bounds in unsigned byte order; `lt` and `lte` are alternatives. */
export interface ScanBounds {
  gte?: Buffer;
  lt?: Buffer;
  lte?: Buffer;
}

export interface BytesStore extends KeyValueStore {
  scan(bounds: ScanBounds): AsyncIterableIterator<KeyValue>;
  /** Removes `gte <= key < lt` from memory now and from storage by the next flush. */
  dropRange(gte: Buffer, lt: Buffer): void;
  /** The largest key stored or cached, if any. */
  lastKey(): Promise<Buffer | undefined>;
  /**
   * Grows whenever a write to storage is queued (a spill, a flush, a restore batch, a range
   * drop); always 0 for a store without storage behind its map. While it stays the same, no key
   * that was only ever in memory can have reached storage, so a window store can answer a read
   * of a window newer than anything stored from memory alone.
   */
  readonly storageWrites: number;
}

/** Whether `key` lies inside `bounds`. */
export function inBounds(key: Buffer, bounds: ScanBounds): boolean {
  if (bounds.gte !== undefined && Buffer.compare(key, bounds.gte) < 0) return false;
  if (bounds.lt !== undefined && Buffer.compare(key, bounds.lt) >= 0) return false;
  if (bounds.lte !== undefined && Buffer.compare(key, bounds.lte) > 0) return false;
  return true;
}
