/**
 * A key-value store held in a Map, with the same contract as the LevelDB one: the changelog
 * sink sees each changed key once per flush, with its final value. For TopologyTestDriver and
 * tests; nothing survives the process. Scans sort on every call (O(n log n)).
 */
import { FjordError } from '../../../errors.js';
import { inBounds, type BytesStore, type ScanBounds } from '../bytes-store.js';
import type { ChangelogOffset, ChangelogRecord, ChangelogSink, KeyValue } from '../store.js';
import { cacheId } from '../write-back-cache.js';
import { SortedIdIndex } from '../sorted-id-index.js';

export interface InMemoryStoreOptions {
  name: string;
  changelog?: ChangelogSink;
}

export class InMemoryKeyValueStore implements BytesStore {
  readonly name: string;
  readonly checkpointedOffsets: readonly ChangelogOffset[] = [];
  /** Nothing stands behind the map: a miss in it is an absent key. */
  readonly storageWrites = 0;
  /** The offsets the last flush was given: an in-memory stand-in for the checkpoint file. */
  lastFlushOffsets: readonly ChangelogOffset[] = [];
  private readonly entries = new Map<string, KeyValue>();
  /** Ids in key order, for range scans. */
  private readonly index = new SortedIdIndex();
  private readonly dirty = new Map<string, ChangelogRecord>();
  private readonly sink: ChangelogSink | undefined;
  private closed = false;

  constructor(options: InMemoryStoreOptions) {
    this.name = options.name;
    this.sink = options.changelog;
  }

  getCached(key: Buffer): Buffer | null {
    this.checkOpen();
    return this.entries.get(cacheId(key))?.value ?? null;
  }

  getCachedById(id: string): Buffer | null {
    this.checkOpen();
    return this.entries.get(id)?.value ?? null;
  }

  getSync(key: Buffer): Buffer | null {
    return this.getCached(key);
  }

  async wipe(): Promise<void> {
    this.entries.clear();
    this.index.clear();
    this.dirty.clear();
    this.lastFlushOffsets = [];
  }

  async get(key: Buffer): Promise<Buffer | null> {
    return this.getCached(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.checkOpen();
    const id = cacheId(key);
    this.apply(id, key, value);
    this.dirty.set(id, { key, value });
  }

  putAll(entries: Iterable<KeyValue<Buffer, Buffer | null>>): void {
    for (const e of entries) this.put(e.key, e.value);
  }

  delete(key: Buffer): void {
    this.put(key, null);
  }

  range(from: Buffer, to: Buffer): AsyncIterableIterator<KeyValue> {
    return this.scan({ gte: from, lte: to });
  }

  all(): AsyncIterableIterator<KeyValue> {
    return this.scan({});
  }

  scan(bounds: ScanBounds): AsyncIterableIterator<KeyValue> {
    this.checkOpen();
    // A snapshot, so writes during the iteration do not disturb it (as the LevelDB store's).
    const selected: KeyValue[] = [];
    const id = (b: Buffer | undefined) => (b === undefined ? undefined : cacheId(b));
    for (const entryId of this.index.range(id(bounds.gte), id(bounds.lt), id(bounds.lte))) {
      const e = this.entries.get(entryId);
      if (e !== undefined) selected.push(e);
    }
    return (async function* () {
      yield* selected;
    })();
  }

  async approximateNumEntries(): Promise<number> {
    return this.entries.size;
  }

  dropRange(gte: Buffer, lt: Buffer): void {
    for (const [id, e] of this.entries) {
      if (inBounds(e.key, { gte, lt })) {
        this.entries.delete(id);
        this.index.delete(id);
        this.dirty.delete(id);
      }
    }
  }

  async lastKey(): Promise<Buffer | undefined> {
    let last: Buffer | undefined;
    for (const e of this.entries.values()) if (last === undefined || Buffer.compare(e.key, last) > 0) last = e.key;
    return last;
  }

  async flush(offsets?: readonly ChangelogOffset[]): Promise<void> {
    this.checkOpen();
    if (this.sink !== undefined) for (const r of this.dirty.values()) this.sink.record(r.key, r.value);
    this.dirty.clear();
    if (offsets !== undefined) this.lastFlushOffsets = offsets;
  }

  async restore(records: Iterable<ChangelogRecord>): Promise<void> {
    this.checkOpen();
    for (const r of records) this.apply(cacheId(r.key), r.key, r.value);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
    this.index.clear();
    this.dirty.clear();
  }

  private apply(id: string, key: Buffer, value: Buffer | null): void {
    if (value === null) {
      this.entries.delete(id);
      this.index.delete(id);
    } else {
      this.entries.set(id, { key, value });
      this.index.add(id);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', `state store ${this.name} is closed`);
  }
}
