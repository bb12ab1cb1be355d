/**
 * The entry point of the formats: `createRowSerde(columns, options, target)` validates the format
 * for the columns (see validate-format.ts) and returns the key or value serde. Rows are the column
 * values by position; a null row is a null key / tombstone and maps to null bytes.
 */
import { delimitedCodec } from './delimited-format.js';
import { unwrappedJsonCodec, wrappedJsonCodec } from './json-format.js';
import { kafkaCodec } from './kafka-format.js';
import { rowSerde, voidRowSerde } from './row-serde-base.js';
import type { FormatColumn, FormatOptions, ReadOptions, RowSerde, SerdeTarget } from './types.js';
import { parseDelimiter, validateFormat } from './validate-format.js';

export { validateFormat } from './validate-format.js';

/** True when the record carries the single column's bare value rather than an object. */
export function isUnwrapped(columns: readonly FormatColumn[], options: FormatOptions, target: SerdeTarget): boolean {
  if (columns.length !== 1) return false;
  if (options.format.toUpperCase() !== 'JSON') return true;
  return target === 'key' || options.wrapSingleValue === false;
}

/**
 * The serde for `columns` as a record's key or value in `options.format`. Throws `SqlError` when
 * invalid. `read.unread` lets a wrapped JSON value skip building columns no query part reads.
 */
export function createRowSerde(columns: FormatColumn[], options: FormatOptions, target: SerdeTarget, read: ReadOptions = {}): RowSerde {
  const format = validateFormat(columns, options, target);
  const name = `${format} ${target}`;
  // ksqlDB reads and writes no key bytes for a source without key columns, whatever the format.
  if (format === 'NONE' || (columns.length === 0 && (target === 'key' || format === 'KAFKA'))) return voidRowSerde(name);
  switch (format) {
    case 'JSON':
      return rowSerde(name, columns.length, isUnwrapped(columns, options, target) ? unwrappedJsonCodec(columns[0]!) : wrappedJsonCodec(columns, read.unread ?? []));
    case 'DELIMITED':
      return rowSerde(name, columns.length, delimitedCodec(columns, parseDelimiter(options.delimiter, target)));
    case 'KAFKA':
      return rowSerde(name, columns.length, kafkaCodec(columns[0]!));
  }
}
