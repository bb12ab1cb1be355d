/**
 * Typed views of the byte-level stores: what processors (built-in and user) get from
 * `context.getStateStore(name)` and what interactive queries read. Point reads are synchronous
 * (cache, then LevelDB's getSync); range scans are async iterators.
 * Timestamped stores keep `timestamp(8 bytes BE) | value` so table results carry event time.
 */
import { FjordError } from '../../errors.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValueStore, SessionStore, WindowStore } from '../state/store.js';
import { readTime, TIMESTAMP_BYTES, writeTime } from '../state/key-schema.js';

export interface ValueAndTimestamp<V> {
  value: V;
  timestamp: number;
}

export interface KeyValueIteratorEntry<K, V> {
  key: K;
  value: V;
}

function encodeTimestamped(valueBytes: Buffer, timestamp: number): Buffer {
  const out = Buffer.allocUnsafe(TIMESTAMP_BYTES + valueBytes.length);
  writeTime(out, 0, timestamp);
  valueBytes.copy(out, TIMESTAMP_BYTES);
  return out;
}

/** A stored `timestamp | value` as its typed value and timestamp (one object per read). */
function decodeTimestamped<V>(bytes: Buffer, codec: Codec<unknown, V>): ValueAndTimestamp<V> {
  return { value: codec.readValue(bytes.subarray(TIMESTAMP_BYTES)), timestamp: readTime(bytes, 0) };
}

/** Serdes that turn typed keys/values into store bytes (the store name stands in for a topic in errors). */
class Codec<K, V> {
  constructor(readonly storeName: string, readonly keySerde: Serde<K>, readonly valueSerde: Serde<V>) {}
  key(key: K): Buffer {
    const bytes = this.keySerde.serialize(this.storeName, key);
    if (bytes === null) throw new FjordError('INVALID_ARGUMENT', `state store ${this.storeName}: null keys cannot be stored`);
    return bytes;
  }
  /**
   * The store's cache id of `key` (its serialized bytes as a latin1 string) when it needs no
   * Buffer: the key serde writes text (String, Json) and the text is ASCII, so its UTF-8 bytes are
   * its characters and the id is the text itself. Else null.
   */
  keyId(key: K): string | null {
    const text = this.keySerde.serializeText?.(this.storeName, key);
    if (typeof text !== 'string') return null;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return null;
    return text;
  }
  /** `keyId(key)`, else the latin1 string of `keyBytes` (its serialized form): the cache id either way. */
  keyIdOf(key: K, keyBytes: Buffer): string {
    return this.keyId(key) ?? keyBytes.toString('latin1');
  }
  readKey(bytes: Buffer): K {
    return this.keySerde.deserialize(this.storeName, bytes) as K;
  }
  value(value: V): Buffer {
    const bytes = this.valueSerde.serialize(this.storeName, value);
    if (bytes === null) throw new FjordError('INVALID_ARGUMENT', `state store ${this.storeName}: use delete() rather than storing a null value`);
    return bytes;
  }
  /**
   * `timestamp | value bytes`. A serde that writes UTF-8 text (String, Json) has its text encoded
   * straight after the timestamp: one buffer per write instead of two and a copy.
   */
  timestamped(value: V, timestamp: number): Buffer {
    const text = this.valueSerde.serializeText?.(this.storeName, value);
    if (text === undefined || text === null) return encodeTimestamped(this.value(value), timestamp);
    const length = Buffer.byteLength(text, 'utf8');
    const out = Buffer.allocUnsafe(TIMESTAMP_BYTES + length);
    writeTime(out, 0, timestamp);
    out.write(text, TIMESTAMP_BYTES, length, 'utf8');
    return out;
  }
  readValue(bytes: Buffer): V {
    return this.valueSerde.deserialize(this.storeName, bytes) as V;
  }
}

/** A key-value store of typed keys and values (Kafka's `KeyValueStore<K, V>`). */
export class TypedKeyValueStore<K, V> {
  private readonly codec: Codec<K, V>;
  constructor(readonly inner: KeyValueStore, keySerde: Serde<K>, valueSerde: Serde<V>) {
    this.codec = new Codec(inner.name, keySerde, valueSerde);
  }
  get name(): string {
    return this.inner.name;
  }
  get(key: K): V | null {
    const bytes = this.inner.getSync(this.codec.key(key));
    return bytes === null ? null : this.codec.readValue(bytes);
  }
  put(key: K, value: V | null): void {
    this.inner.put(this.codec.key(key), value === null ? null : this.codec.value(value));
  }
  putIfAbsent(key: K, value: V): V | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }
  delete(key: K): V | null {
    const old = this.get(key);
    this.inner.delete(this.codec.key(key));
    return old;
  }
  async *range(from: K, to: K): AsyncIterableIterator<KeyValueIteratorEntry<K, V>> {
    for await (const e of this.inner.range(this.codec.key(from), this.codec.key(to))) yield { key: this.codec.readKey(e.key), value: this.codec.readValue(e.value) };
  }
  async *all(): AsyncIterableIterator<KeyValueIteratorEntry<K, V>> {
    for await (const e of this.inner.all()) yield { key: this.codec.readKey(e.key), value: this.codec.readValue(e.value) };
  }
  approximateNumEntries(): Promise<number> {
    return this.inner.approximateNumEntries();
  }
}

/** A key-value store whose values carry the event time of their last update. */
export class TimestampedKeyValueStore<K, V> {
  private readonly codec: Codec<K, V>;
  constructor(readonly inner: KeyValueStore, keySerde: Serde<K>, valueSerde: Serde<V>) {
    this.codec = new Codec(inner.name, keySerde, valueSerde);
  }
  get name(): string {
    return this.inner.name;
  }
  keyBytes(key: K): Buffer {
    return this.codec.key(key);
  }
  /** See Codec.keyId: the cache id of `key` without building its Buffer, or null. */
  keyId(key: K): string | null {
    return this.codec.keyId(key);
  }
  /** See Codec.keyIdOf. */
  keyIdOf(key: K, keyBytes: Buffer): string {
    return this.codec.keyIdOf(key, keyBytes);
  }
  get(key: K): ValueAndTimestamp<V> | null {
    return this.getBytes(this.codec.key(key));
  }
  getBytes(keyBytes: Buffer): ValueAndTimestamp<V> | null {
    const bytes = this.inner.getSync(keyBytes);
    return bytes === null ? null : decodeTimestamped(bytes, this.codec);
  }
  put(key: K, value: ValueAndTimestamp<V> | null): void {
    this.putBytes(this.codec.key(key), value);
  }
  /** Returns the stored value's size in bytes (0 for a delete). */
  putBytes(keyBytes: Buffer, value: ValueAndTimestamp<V> | null): number {
    const bytes = value === null ? null : this.codec.timestamped(value.value, value.timestamp);
    this.inner.put(keyBytes, bytes);
    return bytes === null ? 0 : bytes.length;
  }
  async *range(from: K, to: K): AsyncIterableIterator<KeyValueIteratorEntry<K, ValueAndTimestamp<V>>> {
    for await (const e of this.inner.range(this.codec.key(from), this.codec.key(to))) yield this.decode(e.key, e.value);
  }
  /** Entries whose key bytes lie in [from, to]. */
  async *rangeBytes(from: Buffer, to: Buffer): AsyncIterableIterator<KeyValueIteratorEntry<K, ValueAndTimestamp<V>>> {
    for await (const e of this.inner.range(from, to)) yield this.decode(e.key, e.value);
  }
  async *all(): AsyncIterableIterator<KeyValueIteratorEntry<K, ValueAndTimestamp<V>>> {
    for await (const e of this.inner.all()) yield this.decode(e.key, e.value);
  }
  private decode(key: Buffer, bytes: Buffer): KeyValueIteratorEntry<K, ValueAndTimestamp<V>> {
    return { key: this.codec.readKey(key), value: decodeTimestamped(bytes, this.codec) };
  }
}

export interface WindowEntry<K, V> {
  key: K;
  windowStartMs: number;
  value: V;
}

/** A window store of typed keys and timestamped values. */
export class TimestampedWindowStore<K, V> {
  private readonly codec: Codec<K, V>;
  constructor(readonly inner: WindowStore, keySerde: Serde<K>, valueSerde: Serde<V>) {
    this.codec = new Codec(inner.name, keySerde, valueSerde);
  }
  get name(): string {
    return this.inner.name;
  }
  get retentionMs(): number {
    return this.inner.retentionMs;
  }
  keyBytes(key: K): Buffer {
    return this.codec.key(key);
  }
  /** See Codec.keyIdOf. */
  keyIdOf(key: K, keyBytes: Buffer): string {
    return this.codec.keyIdOf(key, keyBytes);
  }
  fetch(key: K, windowStartMs: number): ValueAndTimestamp<V> | null {
    return this.fetchBytes(this.codec.key(key), windowStartMs);
  }
  /** `fetch` for an already serialized key (aggregations serialize once per record). */
  fetchBytes(keyBytes: Buffer, windowStartMs: number): ValueAndTimestamp<V> | null {
    const bytes = this.inner.fetchSync(keyBytes, windowStartMs);
    return bytes === null ? null : decodeTimestamped(bytes, this.codec);
  }
  put(key: K, value: ValueAndTimestamp<V> | null, windowStartMs: number): void {
    this.putBytes(this.codec.key(key), value, windowStartMs);
  }
  /** Returns the stored value's size in bytes (0 for a delete). */
  putBytes(keyBytes: Buffer, value: ValueAndTimestamp<V> | null, windowStartMs: number): number {
    const bytes = value === null ? null : this.codec.timestamped(value.value, value.timestamp);
    this.inner.put(keyBytes, bytes, windowStartMs);
    return bytes === null ? 0 : bytes.length;
  }
  async *fetchRange(key: K, timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowEntry<K, ValueAndTimestamp<V>>> {
    for await (const e of this.inner.fetch(this.codec.key(key), timeFromMs, timeToMs)) {
      yield { key, windowStartMs: e.windowStartMs, value: decodeTimestamped(e.value, this.codec) };
    }
  }
  async *fetchAll(timeFromMs: number, timeToMs: number): AsyncIterableIterator<WindowEntry<K, ValueAndTimestamp<V>>> {
    for await (const e of this.inner.fetchAll(timeFromMs, timeToMs)) {
      yield { key: this.codec.readKey(e.key), windowStartMs: e.windowStartMs, value: decodeTimestamped(e.value, this.codec) };
    }
  }
}

export interface SessionEntry<K, V> {
  key: K;
  startMs: number;
  endMs: number;
  value: V;
}

/** A session store of typed keys and values. */
export class TypedSessionStore<K, V> {
  private readonly codec: Codec<K, V>;
  constructor(readonly inner: SessionStore, keySerde: Serde<K>, valueSerde: Serde<V>) {
    this.codec = new Codec(inner.name, keySerde, valueSerde);
  }
  get name(): string {
    return this.inner.name;
  }
  async findSessions(key: K, earliestEndMs: number, latestStartMs: number): Promise<SessionEntry<K, V>[]> {
    const out: SessionEntry<K, V>[] = [];
    for await (const s of this.inner.findSessions(this.codec.key(key), earliestEndMs, latestStartMs)) {
      out.push({ key, startMs: s.session.startMs, endMs: s.session.endMs, value: this.codec.readValue(s.value) });
    }
    return out;
  }
  fetch(key: K): Promise<SessionEntry<K, V>[]> {
    return this.findSessions(key, 0, Number.MAX_SAFE_INTEGER);
  }
  put(key: K, startMs: number, endMs: number, value: V): void {
    this.inner.put({ key: this.codec.key(key), startMs, endMs }, this.codec.value(value));
  }
  remove(key: K, startMs: number, endMs: number): void {
    this.inner.remove({ key: this.codec.key(key), startMs, endMs });
  }
}
