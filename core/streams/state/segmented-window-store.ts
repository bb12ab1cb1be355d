/**
 * A window store over a byte store, split into time segments like Kafka's segmented stores:
 * the storage key is `segmentId | key | windowStart`, so fetching one key in a time range is one
 * contiguous scan per segment, and dropping everything older than retention is one range delete.
 *
 * Stream time is the largest window start put (or restored). A window is live while
 * `windowStart > streamTime - retentionMs` (Kafka's rule); whole segments below the oldest live
 * window's segment are dropped as stream time advances, and reads never return expired windows.
 * Changelog keys drop the segment prefix (`key | windowStart`), since it follows from the time.
 *
 * Point reads of a window newer than anything storage may hold are answered from the cache
 * alone: an aggregation's first record in a new window would otherwise read LevelDB for a key
 * that cannot be there. The bound is conservative: after open it is the end of the newest
 * stored segment; whenever the inner store queues a write to storage, every window put or
 * restored so far (starts <= stream time) counts as stored.
 */
import { assert } from '../../errors.js';
import type { BytesStore } from './bytes-store.js';
import {
  TIMESTAMP_BYTES,
  parseSegmentedWindowKey,
  parseWindowKey,
  readTime,
  segmentedWindowKey,
  timeBytes,
} from './key-schema.js';
import type { ChangelogOffset, ChangelogRecord, ChangelogSink, WindowStore, WindowedValue } from './store.js';

/** Kafka's floor for the segment interval. */
export const SEGMENT_INTERVAL_MIN_MS = 60_000;

export interface WindowStoreOptions {
  retentionMs: number;
  /** Defaults to max(retentionMs / 2, 60 s), as Kafka. */
  segmentIntervalMs?: number;
}

export function defaultSegmentIntervalMs(retentionMs: number): number {
  return Math.max(Math.floor(retentionMs / 2), SEGMENT_INTERVAL_MIN_MS);
}

/** Wraps a changelog sink so it receives `key | windowStart` instead of the storage key. */
export function stripSegmentSink(sink: ChangelogSink | undefined): ChangelogSink | undefined {
  if (sink === undefined) return undefined;
  return { record: (stored, value) => sink.record(stored.subarray(TIMESTAMP_BYTES), value) };
}

export class SegmentedWindowStore implements WindowStore {
  readonly retentionMs: number;
  readonly segmentIntervalMs: number;
  private streamTimeMs = -1;
  /** The largest segment that may hold data: fetches never scan past it. */
  private maxSegment = -1;
  /** Segments below this one have been dropped. */
  private liveSegmentMin = 0;
  /** An upper bound of the window starts storage may hold (-1: none). */
  private storedStartMaxMs = -1;
  /** `inner.storageWrites` when `storedStartMaxMs` was last brought up to date. */
  private storageWritesSeen = 0;
  /** The storage key last built: an aggregation reads a window, then writes the same one. */
  private memoKey: Buffer | null = null;
  private memoStartMs = -1;
  private memoStored: Buffer | null = null;

  private constructor(private readonly inner: BytesStore, options: WindowStoreOptions) {
    assert(Number.isSafeInteger(options.retentionMs) && options.retentionMs > 0, 'retentionMs must be a positive integer');
    this.retentionMs = options.retentionMs;
    this.segmentIntervalMs = options.segmentIntervalMs ?? defaultSegmentIntervalMs(options.retentionMs);
    assert(Number.isSafeInteger(this.segmentIntervalMs) && this.segmentIntervalMs > 0, 'segmentIntervalMs must be positive');
  }

  /** Builds the store and recovers a lower bound of stream time from the newest stored segment. */
  static async create(inner: BytesStore, options: WindowStoreOptions): Promise<SegmentedWindowStore> {
    const store = new SegmentedWindowStore(inner, options);
    const last = await inner.lastKey();
    store.storageWritesSeen = inner.storageWrites;
    if (last !== undefined) {
      store.maxSegment = readTime(last, 0);
      store.streamTimeMs = store.maxSegment * store.segmentIntervalMs;
      store.storedStartMaxMs = (store.maxSegment + 1) * store.segmentIntervalMs - 1;
    }
    return store;
  }

  get name(): string {
    return this.inner.name;
  }

  get checkpointedOffsets(): readonly ChangelogOffset[] {
    return this.inner.checkpointedOffsets;
  }

  /** The largest window start seen (a lower bound right after reopening). */
  get observedStreamTimeMs(): number {
    return this.streamTimeMs;
  }

  put(key: Buffer, value: Buffer | null, windowStartMs: number): void {
    this.advance(windowStartMs);
    if (!this.isLive(windowStartMs)) return;
    this.inner.put(this.storedKey(key, windowStartMs), value);
  }

  async fetchWindow(key: Buffer, windowStartMs: number): Promise<Buffer | null> {
    if (!this.isLive(windowStartMs)) return null;
    return this.inner.get(segmentedWindowKey(this.segmentOf(windowStartMs), key, windowStartMs));
  }

  fetchSync(key: Buffer, windowStartMs: number): Buffer | null {
    if (!this.isLive(windowStartMs)) return null;
    const stored = this.storedKey(key, windowStartMs);
    if (windowStartMs > this.storedStartMax()) return this.inner.getCached(stored) ?? null;
    return this.inner.getSync(stored);
  }

  fetchCached(key: Buffer, windowStartMs: number): Buffer | null | undefined {
    if (!this.isLive(windowStartMs)) return null;
    const stored = this.storedKey(key, windowStartMs);
    const cached = this.inner.getCached(stored);
    return cached === undefined && windowStartMs > this.storedStartMax() ? null : cached;
  }

  async *fetch(key: Buffer, timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowedValue> {
    const from = Math.max(timeFromMs, this.oldestLiveMs());
    if (from > timeToMs) return;
    const lastSegment = Math.min(this.segmentOf(timeToMs), this.maxSegment);
    for (let segment = this.segmentOf(from); segment <= lastSegment; segment++) {
      const segmentTo = Math.min(timeToMs, (segment + 1) * this.segmentIntervalMs - 1);
      const bounds = { gte: segmentedWindowKey(segment, key, from), lte: segmentedWindowKey(segment, key, segmentTo) };
      for await (const { key: stored, value } of this.inner.scan(bounds)) {
        const parsed = parseSegmentedWindowKey(stored);
        if (parsed.key.equals(key)) yield { key: parsed.key, windowStartMs: parsed.windowStartMs, value };
      }
    }
  }

  async *fetchAll(timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowedValue> {
    const from = Math.max(timeFromMs, this.oldestLiveMs());
    if (from > timeToMs) return;
    const lastSegment = Math.min(this.segmentOf(timeToMs), this.maxSegment);
    for (let segment = this.segmentOf(from); segment <= lastSegment; segment++) {
      const bounds = { gte: timeBytes(segment), lt: timeBytes(segment + 1) };
      for await (const { key: stored, value } of this.inner.scan(bounds)) {
        const parsed = parseSegmentedWindowKey(stored);
        if (parsed.windowStartMs >= from && parsed.windowStartMs <= timeToMs) yield { ...parsed, value };
      }
    }
  }

  flush(offsets?: readonly ChangelogOffset[]): Promise<void> {
    return this.inner.flush(offsets);
  }

  /** Applies changelog records (`key | windowStart`) to storage; expired windows are skipped. */
  async restore(records: Iterable<ChangelogRecord>): Promise<void> {
    const self = this;
    function* toStored(): Iterable<ChangelogRecord> {
      for (const r of records) {
        const { key, windowStartMs } = parseWindowKey(r.key);
        self.advance(windowStartMs);
        if (!self.isLive(windowStartMs)) continue;
        yield { key: segmentedWindowKey(self.segmentOf(windowStartMs), key, windowStartMs), value: r.value };
      }
    }
    await this.inner.restore(toStored());
  }

  async wipe(): Promise<void> {
    await this.inner.wipe();
    this.streamTimeMs = -1;
    this.maxSegment = -1;
    this.liveSegmentMin = 0;
    this.storedStartMaxMs = -1;
    this.storageWritesSeen = this.inner.storageWrites;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** `segmentId | key | windowStart`, reused when asked for the same key buffer and start again. */
  private storedKey(key: Buffer, windowStartMs: number): Buffer {
    if (key === this.memoKey && windowStartMs === this.memoStartMs) return this.memoStored!;
    const stored = segmentedWindowKey(this.segmentOf(windowStartMs), key, windowStartMs);
    this.memoKey = key;
    this.memoStartMs = windowStartMs;
    this.memoStored = stored;
    return stored;
  }

  /** The largest window start storage may hold now (see the file comment). */
  private storedStartMax(): number {
    const writes = this.inner.storageWrites;
    if (writes !== this.storageWritesSeen) {
      this.storageWritesSeen = writes;
      this.storedStartMaxMs = Math.max(this.storedStartMaxMs, this.streamTimeMs);
    }
    return this.storedStartMaxMs;
  }

  private segmentOf(timeMs: number): number {
    return Math.floor(timeMs / this.segmentIntervalMs);
  }

  private oldestLiveMs(): number {
    return Math.max(0, this.streamTimeMs - this.retentionMs + 1);
  }

  private isLive(windowStartMs: number): boolean {
    return windowStartMs >= this.oldestLiveMs();
  }

  /** Moves stream time forward and drops the segments that fell out of retention. */
  private advance(windowStartMs: number): void {
    if (!(windowStartMs >= 0 && Number.isSafeInteger(windowStartMs))) assert(false, `window start must be >= 0, got ${windowStartMs}`);
    if (windowStartMs <= this.streamTimeMs) return;
    this.streamTimeMs = windowStartMs;
    this.maxSegment = Math.max(this.maxSegment, this.segmentOf(windowStartMs));
    const minLive = this.segmentOf(this.oldestLiveMs());
    if (minLive <= this.liveSegmentMin) return;
    this.inner.dropRange(Buffer.alloc(0), timeBytes(minLive));
    this.liveSegmentMin = minLive;
  }
}
