/**
 * The record cache size of a query's Streams application, from the session's properties, as
 * ksqlDB reads it: `cache.max.bytes.buffering` (ksqlDB's name; Kafka 3.4+ calls it
 * `statestore.cache.max.bytes`), with or without the `ksql.streams.` prefix. 0 makes aggregations
 * emit every update instead of one result per key and commit.
 */
import { SqlError } from '../errors.js';

/** The property names, most specific first. */
export const CACHE_PROPERTIES = [
  'ksql.streams.statestore.cache.max.bytes',
  'ksql.streams.cache.max.bytes.buffering',
  'statestore.cache.max.bytes',
  'cache.max.bytes.buffering',
] as const;

/** The configured cache bound in bytes, or undefined for the runtime's default (10 MiB). */
export function cacheMaxBytesProperty(properties: ReadonlyMap<string, string>): number | undefined {
  for (const name of CACHE_PROPERTIES) {
    const raw = properties.get(name);
    if (raw !== undefined) return cacheBytes(name, raw);
  }
  return undefined;
}

/** Refuses a bad value for a cache property at SET, naming it; other properties pass. */
export function checkCacheProperty(name: string, raw: string): void {
  if ((CACHE_PROPERTIES as readonly string[]).includes(name)) cacheBytes(name, raw);
}

function cacheBytes(name: string, raw: string): number {
  const text = raw.trim();
  const bytes = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(bytes)) throw new SqlError(`Invalid value for property '${name}': '${raw}' is not a whole number of bytes >= 0`, 'statement');
  return bytes;
}
