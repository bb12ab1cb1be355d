/**
 * A key-value store on LevelDB (classic-level) with a write-back cache in front.
 *
 * - Writes go to the cache only. `flush()` writes every dirty entry in one LevelDB batch and
 *   hands the final value per key to the changelog sink; until then nothing is in LevelDB, so
 *   after a crash the changelog (not the local files) is the source of truth.
 * - When the cache grows past `cacheMaxBytes`, the put that crossed the bound spills: all dirty
 *   entries go to the sink and to one background batch (readable from `spilling` until written),
 *   then least recently used clean entries are evicted. Puts stay synchronous.
 * - Writes to LevelDB run one at a time on `writes`, so batches apply in the order they were cut.
 */
import { rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { FjordError } from '../../../errors.js';
import { inBounds, type BytesStore, type ScanBounds } from '../bytes-store.js';
import { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '../checkpoint.js';
import { mergeOverlay, overlayOn } from '../merge.js';
import type { ChangelogOffset, ChangelogRecord, ChangelogSink, KeyValue } from '../store.js';
import { WriteBackCache, cacheId, type CacheEntry } from '../write-back-cache.js';

/** Default cache bound per store: 10 MiB, Kafka's `statestore.cache.max.bytes` default. */
export const CACHE_MAX_BYTES_DEFAULT = 10 * 1024 * 1024;
/** Changelog records per LevelDB batch during restore. */
export const RESTORE_BATCH_RECORDS_MAX = 10_000;

export interface LevelDbStoreOptions {
  name: string;
  /** The store's directory: LevelDB lives in `<dir>/data`, the checkpoint in `<dir>/.checkpoint`. */
  dir: string;
  cacheMaxBytes?: number;
  changelog?: ChangelogSink;
}

type Db = ClassicLevel<Buffer, Buffer>;

/**
 * Writes `entries` (null value = delete) as one atomic LevelDB batch. The chained form: the array
 * form clones and re-validates an op object per entry, which cost a spill of 100,000 entries
 * about 40% more main-thread time.
 */
async function writeBatch(db: Db, entries: Iterable<{ key: Buffer; value: Buffer | null }>): Promise<void> {
  const batch = db.batch();
  try {
    for (const e of entries) {
      if (e.value === null) batch.del(e.key);
      else batch.put(e.key, e.value);
    }
  } catch (error) {
    await batch.close();
    throw error;
  }
  await batch.write();
}

export class LevelDbKeyValueStore implements BytesStore {
  private readonly cache: WriteBackCache;
  /** Dirty entries cut by a spill whose batch is not written yet. */
  private readonly spilling = new Map<string, CacheEntry>();
  private writes: Promise<void> = Promise.resolve();
  /** Bumped whenever a LevelDB write is queued, so a read can tell it raced one. */
  private writeEpoch = 0;
  private writeError: unknown = undefined;
  private closed = false;
  /** Whether a `.checkpoint` file describes what LevelDB holds; a spill makes it stale. */
  private checkpointOnDisk: boolean;
  /** LevelDB writes applied (batches and range deletes), for tests and metrics. */
  batchesWritten = 0;
  /** Point reads that missed the cache and went to LevelDB, for tests and metrics. */
  storageReads = 0;

  private constructor(
    readonly name: string,
    readonly dir: string,
    private readonly db: Db,
    cacheMaxBytes: number,
    private readonly sink: ChangelogSink | undefined,
    readonly checkpointedOffsets: readonly ChangelogOffset[],
  ) {
    this.cache = new WriteBackCache(cacheMaxBytes);
    this.checkpointOnDisk = checkpointedOffsets.length > 0;
  }

  static async open(options: LevelDbStoreOptions): Promise<LevelDbKeyValueStore> {
    await mkdir(options.dir, { recursive: true });
    const db: Db = new ClassicLevel<Buffer, Buffer>(join(options.dir, 'data'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const offsets = await readCheckpoint(options.dir);
    const cacheMaxBytes = options.cacheMaxBytes ?? CACHE_MAX_BYTES_DEFAULT;
    return new LevelDbKeyValueStore(options.name, options.dir, db, cacheMaxBytes, options.changelog, offsets);
  }

  get storageWrites(): number {
    return this.writeEpoch;
  }

  /** Bytes the cache holds now (bounded by `cacheMaxBytes` except for dirty entries mid-spill). */
  get cacheSizeBytes(): number {
    return this.cache.sizeBytes;
  }

  /**
   * Entries cut by spills whose LevelDB batch has not been applied yet. Puts cannot wait, so
   * this backlog is bounded only by the caller awaiting `flush()`; the runtime should flush
   * when it grows (a batch loop that awaits each batch keeps it near zero).
   */
  get spillBacklogEntries(): number {
    return this.spilling.size;
  }

  getCached(key: Buffer): Buffer | null | undefined {
    const entry = this.cache.getByKey(key) ?? (this.spilling.size === 0 ? undefined : this.spilling.get(this.cache.idOf(key)));
    return entry === undefined ? undefined : entry.value;
  }

  getCachedById(id: string): Buffer | null | undefined {
    const entry = this.cache.get(id) ?? (this.spilling.size === 0 ? undefined : this.spilling.get(id));
    return entry === undefined ? undefined : entry.value;
  }

  getSync(key: Buffer): Buffer | null {
    this.checkOpen();
    const cached = this.getCached(key);
    if (cached !== undefined) return cached;
    // Queued LevelDB writes still hold their entries in the cache or in `spilling`, so what
    // LevelDB returns here is current.
    this.storageReads += 1;
    const value = this.db.getSync(key) ?? null;
    this.cache.set(key, value, false);
    this.cache.evictClean();
    return value;
  }

  /** Removes every entry and the checkpoint: the store is rebuilt from its changelog alone. */
  async wipe(): Promise<void> {
    this.checkOpen();
    await this.writes;
    this.throwWriteError();
    this.cache.clear();
    this.spilling.clear();
    await this.db.clear();
    await rm(join(this.dir, CHECKPOINT_FILE), { force: true });
    this.checkpointOnDisk = false;
  }

  async get(key: Buffer): Promise<Buffer | null> {
    this.checkOpen();
    const cached = this.getCached(key);
    if (cached !== undefined) return cached;
    const epoch = this.writeEpoch;
    this.storageReads += 1;
    const value = (await this.db.get(key)) ?? null;
    // A put may have landed while we waited; it is newer than what LevelDB returned.
    const raced = this.getCached(key);
    if (raced !== undefined) return raced;
    if (epoch !== this.writeEpoch) {
      // A write to LevelDB was queued meanwhile and may have been spilled, written and evicted
      // after our read: read again once it is applied, and do not cache what might be stale.
      await this.writes;
      return this.getCached(key) ?? (await this.db.get(key)) ?? null;
    }
    this.cache.set(key, value, false);
    this.cache.evictClean();
    return value;
  }

  put(key: Buffer, value: Buffer | null): void {
    this.checkOpen();
    this.cache.set(key, value, true);
    if (!this.cache.overBudget) return;
    // Evicting clean entries is free; spill (a LevelDB write) only when that is not enough.
    this.cache.evictClean();
    if (this.cache.overBudget) this.spill();
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
    const dirty = this.cache.selectDirty(bounds);
    if (this.spilling.size === 0) return mergeOverlay(dirty, this.scanDb(bounds));
    const inRange = (e: CacheEntry) => inBounds(e.key, bounds);
    const pending = [...this.spilling.values()].filter(inRange).sort((a, b) => Buffer.compare(a.key, b.key));
    return mergeOverlay(overlayOn(pending, dirty), this.scanDb(bounds));
  }

  private async *scanDb(bounds: ScanBounds): AsyncIterableIterator<KeyValue> {
    for await (const [key, value] of this.db.iterator({ ...bounds })) yield { key, value };
  }

  async approximateNumEntries(): Promise<number> {
    let n = 0;
    for await (const _ of this.all()) n += 1;
    return n;
  }

  dropRange(gte: Buffer, lt: Buffer): void {
    this.checkOpen();
    const inRange = (e: CacheEntry) => inBounds(e.key, { gte, lt });
    this.cache.removeWhere(inRange);
    for (const [id, e] of this.spilling) if (inRange(e)) this.spilling.delete(id);
    this.enqueue(() => this.db.clear({ gte, lt }));
  }

  async lastKey(): Promise<Buffer | undefined> {
    const stored = (await this.db.keys({ reverse: true, limit: 1 }).all())[0];
    let last = stored;
    for (const e of [...this.cache.select((c) => c.dirty && c.value !== null), ...this.spilling.values()]) {
      if (e.value !== null && (last === undefined || Buffer.compare(e.key, last) > 0)) last = e.key;
    }
    return last;
  }

  async flush(offsets?: readonly ChangelogOffset[]): Promise<void> {
    this.checkOpen();
    const dirty = this.cache.takeDirty();
    this.record(dirty);
    if (dirty.length > 0) {
      // LevelDB is about to move past what the checkpoint describes; until the caller writes a
      // new one (after it committed its input offsets), a crash must rebuild from the changelog.
      this.invalidateCheckpoint();
      this.enqueue(() => writeBatch(this.db, dirty));
    }
    await this.writes;
    this.throwWriteError();
    this.cache.evictClean();
    if (offsets !== undefined) {
      await writeCheckpoint(this.dir, offsets);
      this.checkpointOnDisk = true;
    }
  }

  async restore(records: Iterable<ChangelogRecord>): Promise<void> {
    this.checkOpen();
    await this.writes;
    let chunk: ChangelogRecord[] = [];
    const writeChunk = async () => {
      for (const r of chunk) this.cache.remove(cacheId(r.key));
      await writeBatch(this.db, chunk);
      this.batchesWritten += 1;
      chunk = [];
    };
    for (const record of records) {
      this.writeEpoch += 1;
      chunk.push(record);
      if (chunk.length >= RESTORE_BATCH_RECORDS_MAX) await writeChunk();
    }
    if (chunk.length > 0) await writeChunk();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes;
    this.cache.clear();
    this.spilling.clear();
    await this.db.close();
  }

  /** Cuts every dirty entry into a background batch and evicts clean entries to fit the bound. */
  private spill(): void {
    // LevelDB is about to hold writes the checkpoint does not cover: after a crash the store must
    // be rebuilt from the changelog, not resumed from the checkpoint.
    this.invalidateCheckpoint();
    const dirty = this.cache.takeDirty();
    this.record(dirty);
    for (const e of dirty) this.spilling.set(e.id, e);
    this.cache.evictClean();
    if (dirty.length === 0) return;
    this.enqueue(async () => {
      await writeBatch(this.db, dirty);
      for (const e of dirty) if (this.spilling.get(e.id) === e) this.spilling.delete(e.id);
    });
  }

  private invalidateCheckpoint(): void {
    if (!this.checkpointOnDisk) return;
    rmSync(join(this.dir, CHECKPOINT_FILE), { force: true });
    this.checkpointOnDisk = false;
  }

  private record(dirty: readonly CacheEntry[]): void {
    if (this.sink === undefined) return;
    for (const e of dirty) this.sink.record(e.key, e.value);
  }

  private enqueue(write: () => Promise<void>): void {
    this.writeEpoch += 1;
    this.writes = this.writes.then(async () => {
      if (this.writeError !== undefined) return;
      try {
        await write();
        this.batchesWritten += 1;
      } catch (error) {
        this.writeError = error;
      }
    });
  }

  private throwWriteError(): void {
    if (this.writeError === undefined) return;
    throw new FjordError('KAFKA_STORAGE_ERROR', `state store ${this.name}: LevelDB write failed`, { cause: this.writeError });
  }

  private checkOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', `state store ${this.name} is closed`);
  }
}
