/**
 * Point reads of a table's store for a stream-table join, with each decoded value remembered per
 * stored Buffer. A join reads the same few rows again and again, and deserializing a row (its
 * UTF-8 text, then JSON.parse) cost more than the rest of the lookup.
 *
 * Why it is exact:
 * - The memo is keyed on the identity of the Buffer the store's cache holds for the row
 *   (`getCached`, or `getCachedById` for a text key that is its own cache id). The cache replaces
 *   a row's Buffer on update and never writes into one (the timestamped facade encodes every put
 *   into a new Buffer), so the same Buffer always holds the same bytes. A row the cache does not
 *   hold is read and decoded as `table.get` does (one read, no memo; a store without a cache
 *   never pays for the memo). Rows whose Buffer is gone are forgotten with it (WeakMap).
 * - Serdes are pure, so decoding the same bytes again would give an equal value. Every read gets
 *   its own copy, as a fresh decode would: a joiner that modifies its table value changes nothing
 *   the next join sees. Only values that can be copied exactly are remembered: primitives, and
 *   trees of plain extensible objects with enumerable data properties and plain arrays (what
 *   JSON.parse builds). The first value of another kind (a class instance, a Buffer, a frozen
 *   object) turns the memo off for the reader, which then reads as `table.get` does.
 */
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../runtime/store-facades.js';

/** Deeper trees are decoded on every read (copying them would recurse as deep). */
const COPY_DEPTH_MAX = 64;

/** A reader of `table` that returns what `table.get(key)` returns, decoding each stored row once. */
export function memoizedTableReader<K, V>(table: TimestampedKeyValueStore<K, V>): (key: K) => ValueAndTimestamp<V> | null {
  const memo = new WeakMap<Buffer, Remembered<V>>();
  let enabled = true;
  const byId = table.inner.getCachedById?.bind(table.inner);
  return (key) => {
    if (!enabled) return table.get(key);
    // A text key of ASCII characters is its own cache id: no Buffer is built to look it up.
    const id = byId === undefined ? null : table.keyId(key);
    let keyBytes = id === null ? table.keyBytes(key) : undefined;
    // Only the store's cache keeps a row's Buffer: a row read from LevelDB is decoded as before
    // (one read; the read caches it, so the next read of the row finds it here).
    const stored = id === null ? table.inner.getCached(keyBytes!) : byId!(id);
    if (stored === undefined) return table.getBytes(keyBytes ?? table.keyBytes(key));
    if (stored === null) return null;
    const known = memo.get(stored);
    if (known !== undefined) return { value: known.copy(known.value), timestamp: known.timestamp };
    // The same cached Buffer again (nothing ran in between), now decoded.
    keyBytes ??= table.keyBytes(key);
    const decoded = table.getBytes(keyBytes)!;
    if (!copiesExactly(decoded.value, 0)) {
      enabled = false;
      return decoded;
    }
    const remembered = { value: decoded.value, timestamp: decoded.timestamp, copy: copierFor(decoded.value) };
    memo.set(stored, remembered);
    return { value: remembered.copy(remembered.value), timestamp: remembered.timestamp };
  };
}

interface Remembered<V> extends ValueAndTimestamp<V> {
  /** How to copy `value`: chosen once, when it is remembered. */
  copy: (value: V) => V;
}

const same = <T>(value: T): T => value;
/** Spread copies own enumerable properties as data properties (`__proto__` included), as assignment would. */
const shallowObject = <T>(value: T): T => ({ ...value });
const shallowArray = <T>(value: T): T => (value as unknown[]).slice() as T;

/** The cheapest exact copy of `value` (one `copiesExactly` accepted): a flat object needs no recursion. */
function copierFor<T>(value: T): (value: T) => T {
  if (typeof value !== 'object' || value === null) return same;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (children.some((child) => typeof child === 'object' && child !== null)) return copyOf;
  return Array.isArray(value) ? shallowArray : shallowObject;
}

/** A deep copy of a value that `copiesExactly` accepted. */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = copyOf((value as Record<string, unknown>)[k]);
  return out as T;
}

/** Whether `copyOf(value)` is indistinguishable from `value` (see the module comment). */
export function copiesExactly(value: unknown, depth: number): boolean {
  if (typeof value === 'function') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= COPY_DEPTH_MAX || !Object.isExtensible(value) || Object.getOwnPropertySymbols(value).length > 0) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    const names = Object.getOwnPropertyNames(value);
    // Indices and length only, no holes.
    if (names.length !== value.length + 1) return false;
    for (let i = 0; i < value.length; i++) {
      const d = Object.getOwnPropertyDescriptor(value, i);
      if (d === undefined || !isPlainData(d) || !copiesExactly(d.value, depth + 1)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const name of Object.keys(descriptors)) {
    const d = descriptors[name]!;
    // `out.__proto__ = ...` would set the copy's prototype instead of a property.
    if (name === '__proto__' || !isPlainData(d) || !copiesExactly(d.value, depth + 1)) return false;
  }
  return true;
}

/** A property as an assignment makes it: enumerable, writable, configurable data. */
function isPlainData(d: PropertyDescriptor): boolean {
  return d.enumerable === true && d.writable === true && d.configurable === true && 'value' in d;
}
