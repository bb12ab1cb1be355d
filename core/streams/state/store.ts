/**
 * State-store interfaces for Fjord Streams. Keys and values are Buffers at this layer; serdes
 * sit above. Writes are synchronous (they land in memory: a write-back cache or a map) and only
 * `flush()` awaits storage, so a hot aggregation loop never waits on LevelDB per record.
 */

/** One key and value. */
export interface KeyValue<K = Buffer, V = Buffer> {
  key: K;
  value: V;
}

/** A changelog record: a null value is a tombstone. */
export interface ChangelogRecord {
  key: Buffer;
  value: Buffer | null;
}

/**
 * Receives the final value of every key changed since the last flush, once per key, at flush
 * (or cache-eviction) time; deletes arrive as `null` tombstones. The runtime turns these into
 * records on the compacted `<applicationId>-<store>-changelog` topic.
 */
export interface ChangelogSink {
  record(key: Buffer, value: Buffer | null): void;
}

/** The changelog offset a checkpoint records: Kafka's "topic partition offset" line. */
export interface ChangelogOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

/** What every store has: a name, flush (with an optional checkpoint), restore and close. */
export interface StateStore {
  readonly name: string;
  /** The checkpoint read on open (empty when there was none). */
  readonly checkpointedOffsets: readonly ChangelogOffset[];
  /**
   * Writes every dirty entry to storage in one batch, hands the final values to the changelog
   * sink, then (when given) writes `offsets` to the `.checkpoint` file atomically.
   */
  flush(offsets?: readonly ChangelogOffset[]): Promise<void>;
  /** Applies changelog records straight to storage, bypassing the cache and the sink. */
  restore(records: Iterable<ChangelogRecord>): Promise<void>;
  /** Removes every entry and the checkpoint (before a restore from scratch). */
  wipe(): Promise<void>;
  /** Discards unflushed writes (they are not durable until flush) and releases storage. */
  close(): Promise<void>;
}

/** A key-value store ordered by unsigned byte order of the serialized key. */
export interface KeyValueStore<K = Buffer, V = Buffer> extends StateStore {
  get(key: K): Promise<V | null>;
  /**
   * The synchronous fast path: the cached value, `null` when the key is known to be absent, or
   * `undefined` when the cache does not know (then call `get`).
   */
  getCached(key: K): V | null | undefined;
  /**
   * `getCached` for a key given by its cache id (`cacheId(key)`: the key's bytes as a latin1
   * string), for a caller that has the id without building the key's Buffer.
   */
  getCachedById?(id: string): V | null | undefined;
  /** The value now, reading storage synchronously on a cache miss (LevelDB's getSync). */
  getSync(key: K): V | null;
  put(key: K, value: V | null): void;
  putAll(entries: Iterable<KeyValue<K, V | null>>): void;
  delete(key: K): void;
  /** Entries with `from <= key <= to`, in key order, unflushed writes included. */
  range(from: K, to: K): AsyncIterableIterator<KeyValue<K, V>>;
  all(): AsyncIterableIterator<KeyValue<K, V>>;
  /** Counts by scanning: O(n), meant for metrics and tests, not the hot path. */
  approximateNumEntries(): Promise<number>;
}

/** A value stored for one key in the window starting at `windowStartMs`. */
export interface WindowedValue {
  key: Buffer;
  windowStartMs: number;
  value: Buffer;
}

/**
 * Windows keyed by (key, window start). Windows whose start is older than
 * `streamTime - retentionMs` (stream time = the largest window start put) are dropped, whole
 * segments at a time, and never returned.
 */
export interface WindowStore extends StateStore {
  readonly retentionMs: number;
  /** A null value deletes the window. Puts into expired windows are ignored. */
  put(key: Buffer, value: Buffer | null, windowStartMs: number): void;
  fetchWindow(key: Buffer, windowStartMs: number): Promise<Buffer | null>;
  /** The window's value now, reading storage synchronously on a cache miss. */
  fetchSync(key: Buffer, windowStartMs: number): Buffer | null;
  /** Synchronous fast path, as `KeyValueStore.getCached`. */
  fetchCached(key: Buffer, windowStartMs: number): Buffer | null | undefined;
  /** Windows of `key` with `timeFrom <= start <= timeTo`, by start. */
  fetch(key: Buffer, timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowedValue>;
  /** Windows of every key with `timeFrom <= start <= timeTo`. */
  fetchAll(timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowedValue>;
}

/** A session of one key: [startMs, endMs], both inclusive. */
export interface SessionKey {
  key: Buffer;
  startMs: number;
  endMs: number;
}

export interface SessionValue {
  session: SessionKey;
  value: Buffer;
}

/** Sessions keyed by (key, end, start), so the sessions that can merge with a record scan fast. */
export interface SessionStore extends StateStore {
  put(session: SessionKey, value: Buffer): void;
  remove(session: SessionKey): void;
  fetchSession(session: SessionKey): Promise<Buffer | null>;
  /** Sessions of `key` with `end >= earliestEndMs` and `start <= latestStartMs`, by end. */
  findSessions(key: Buffer, earliestEndMs: number, latestStartMs: number): AsyncIterableIterator<SessionValue>;
  /** Every session of `key`. */
  fetch(key: Buffer): AsyncIterableIterator<SessionValue>;
}
