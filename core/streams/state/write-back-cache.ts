/**
 * The in-memory write-back cache in front of a LevelDB store. Pure and synchronous: it holds
 * entries and counts their bytes, keeps the clean ones in LRU order for eviction (a doubly linked
 * list through the entries, as Kafka's NamedCache: a touch is a few pointer updates, not a Map
 * delete and insert), and the store decides when to write dirty entries out. Only clean entries
 * are ever evicted, so only their order is kept.
 *
 * Entries are keyed by the key's latin1 string: one code unit per byte, so comparing these
 * strings compares the keys in unsigned byte order.
 */
import { assert } from '../../errors.js';
import type { ScanBounds } from './bytes-store.js';
import { LinkedOrder, type Linked } from './linked-order.js';
import { SortedIdIndex } from './sorted-id-index.js';

/** A cached key: `value === null` means known absent (a delete, or a miss that was read). */
export interface CacheEntry {
  key: Buffer;
  value: Buffer | null;
  dirty: boolean;
}

/** A cached entry, linked into the clean LRU list while it is clean. */
interface Entry extends CacheEntry, Linked<Entry> {
  readonly id: string;
}

/** A dirty entry taken for writing, with its cache id (so a spill need not compute it again). */
export interface DirtyEntry extends CacheEntry {
  readonly id: string;
}

/** Bytes charged per entry beyond its key and value (Map slot, object, strings). */
export const CACHE_ENTRY_OVERHEAD_BYTES = 64;

export function cacheId(key: Buffer): string {
  return key.toString('latin1');
}

function sizeOf(entry: CacheEntry): number {
  return entry.key.length * 2 + (entry.value?.length ?? 0) + CACHE_ENTRY_OVERHEAD_BYTES;
}

export class WriteBackCache {
  private readonly entries = new Map<string, Entry>();
  /** The clean entries, least recently used first, so eviction never walks past dirty entries. */
  private readonly clean = new LinkedOrder<Entry>();
  private dirtyCount = 0;
  private bytes = 0;
  /**
   * Dirty ids in key order, for range scans that must see unflushed writes. Built by the first
   * range scan and kept up to date from then on: a store that is only read by key (an
   * aggregation's) never pays for it.
   */
  private dirtyIndex: SortedIdIndex | null = null;
  private idKey: Buffer | null = null;
  private idOfKey = '';
  /**
   * What the last `getByKey` found for `idKey` (undefined: absent), while `memoValid`: the write
   * of a read-modify-write then needs no second lookup. Any removal invalidates it.
   */
  private memoEntry: Entry | undefined = undefined;
  private memoValid = false;

  constructor(readonly maxBytes: number) {
    assert(Number.isSafeInteger(maxBytes) && maxBytes >= 0, `cacheMaxBytes must be a non-negative integer, got ${maxBytes}`);
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get overBudget(): boolean {
    return this.bytes > this.maxBytes;
  }

  get hasDirty(): boolean {
    return this.dirtyCount > 0;
  }

  /** The entry for `id`; a clean one becomes the most recently used. */
  get(id: string): CacheEntry | undefined {
    const entry = this.entries.get(id);
    if (entry !== undefined && !entry.dirty) this.clean.moveLast(entry);
    return entry;
  }

  /** `cacheId(key)`, remembered for the last key buffer asked: a read-modify-write asks twice. */
  idOf(key: Buffer): string {
    if (key !== this.idKey) {
      this.idOfKey = cacheId(key);
      this.idKey = key;
      this.memoValid = false;
    }
    return this.idOfKey;
  }

  /** `get(idOf(key))`, remembered for a `set` of the same key buffer that follows. */
  getByKey(key: Buffer): CacheEntry | undefined {
    const entry = this.get(this.idOf(key)) as Entry | undefined;
    this.memoEntry = entry;
    this.memoValid = true;
    return entry;
  }

  set(key: Buffer, value: Buffer | null, dirty: boolean): void {
    const id = this.idOf(key);
    const old = this.memoValid ? this.memoEntry : this.entries.get(id);
    if (old !== undefined) {
      // Updated in place (keeping its key buffer): an entry that is rewritten often then makes
      // one short-lived value buffer per update, not a new object, key and Map slot that the
      // garbage collector would copy and promote.
      this.bytes -= sizeOf(old);
      const wasDirty = old.dirty;
      old.value = value;
      old.dirty = dirty;
      this.bytes += sizeOf(old);
      if (!wasDirty) this.clean.unlink(old);
      if (dirty && !wasDirty) {
        this.dirtyCount += 1;
        this.dirtyIndex?.add(id);
      } else if (!dirty) {
        this.clean.append(old);
        if (wasDirty) {
          this.dirtyCount -= 1;
          this.dirtyIndex?.delete(id);
        }
      }
      return;
    }
    const entry: Entry = { id, key, value, dirty, prev: null, next: null };
    this.entries.set(id, entry);
    this.memoEntry = entry;
    this.memoValid = true;
    this.bytes += sizeOf(entry);
    if (dirty) {
      this.dirtyCount += 1;
      this.dirtyIndex?.add(id);
    } else this.clean.append(entry);
  }

  remove(id: string): void {
    this.memoValid = false;
    const old = this.entries.get(id);
    if (old === undefined) return;
    this.entries.delete(id);
    this.bytes -= sizeOf(old);
    if (old.dirty) {
      this.dirtyCount -= 1;
      this.dirtyIndex?.delete(id);
    } else this.clean.unlink(old);
  }

  /** Every dirty entry (each key once, with its final value), now marked clean. */
  takeDirty(): DirtyEntry[] {
    const out: DirtyEntry[] = [];
    if (this.dirtyCount === 0) return out;
    for (const [id, entry] of this.entries) {
      if (!entry.dirty) continue;
      out.push({ id, key: entry.key, value: entry.value, dirty: true });
      entry.dirty = false;
      this.clean.append(entry);
    }
    this.dirtyCount = 0;
    this.dirtyIndex?.clear();
    return out;
  }

  /** Drops least recently used clean entries until the cache fits its budget (or none are left). */
  evictClean(): void {
    while (this.overBudget && this.clean.head !== null) this.remove(this.clean.head.id);
  }

  /**
   * Dirty entries with keys within `bounds`, in key order: O(log n + matches), not a scan of the
   * cache. Copies, as `set` updates entries in place: a scan in progress keeps what it selected.
   */
  selectDirty(bounds: ScanBounds): CacheEntry[] {
    const out: CacheEntry[] = [];
    const id = (b: Buffer | undefined) => (b === undefined ? undefined : cacheId(b));
    for (const dirtyId of this.indexOfDirty().range(id(bounds.gte), id(bounds.lt), id(bounds.lte))) {
      const entry = this.entries.get(dirtyId);
      if (entry !== undefined && entry.dirty) out.push({ key: entry.key, value: entry.value, dirty: true });
    }
    return out;
  }

  private indexOfDirty(): SortedIdIndex {
    if (this.dirtyIndex !== null) return this.dirtyIndex;
    const index = new SortedIdIndex();
    if (this.dirtyCount > 0) for (const [id, entry] of this.entries) if (entry.dirty) index.add(id);
    return (this.dirtyIndex = index);
  }

  /** Entries whose ids satisfy `inRange`, sorted by key bytes (copies, as `selectDirty`). */
  select(inRange: (entry: CacheEntry) => boolean): CacheEntry[] {
    const out: CacheEntry[] = [];
    for (const entry of this.entries.values()) if (inRange(entry)) out.push({ key: entry.key, value: entry.value, dirty: entry.dirty });
    return out.sort((a, b) => Buffer.compare(a.key, b.key));
  }

  /** Removes every entry that `inRange` selects, dirty or not. */
  removeWhere(inRange: (entry: CacheEntry) => boolean): void {
    for (const [id, entry] of this.entries) if (inRange(entry)) this.remove(id);
  }

  clear(): void {
    this.idKey = null;
    this.memoValid = false;
    this.entries.clear();
    this.clean.clear();
    this.dirtyIndex?.clear();
    this.bytes = 0;
    this.dirtyCount = 0;
  }

}

