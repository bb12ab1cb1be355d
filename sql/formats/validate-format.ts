/**
 * Whether a format can carry a set of key or value columns with the given options, with ksqlDB's
 * messages. Checks run in ksqlDB's order: the format name, the configs it accepts (delimiter),
 * WRAP_SINGLE_VALUE, map-typed keys, then the column types the format supports (the last wrapped
 * in ksqlDB's "Key format does not support schema." report): KAFKA one INTEGER / BIGINT / DOUBLE /
 * STRING / BYTES column, DELIMITED no ARRAY / MAP / STRUCT, JSON no MAP with non-STRING keys.
 */
import { SqlError } from '../errors.js';
import { formatType, quoteName, type Type } from '../types/types.js';
import type { FormatColumn, FormatOptions, SerdeTarget } from './types.js';

export type FormatName = 'JSON' | 'DELIMITED' | 'KAFKA' | 'NONE';

const SUPPORTED: readonly FormatName[] = ['JSON', 'DELIMITED', 'KAFKA', 'NONE'];
/** Formats ksqlDB knows but Fjord does not implement (they need a schema registry). */
const KNOWN_UNSUPPORTED = ['AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR'];

/** The format's canonical name; throws `Unknown format: FOO` for names ksqlDB does not know. */
export function formatName(options: FormatOptions): FormatName {
  const name = options.format.toUpperCase();
  if ((SUPPORTED as readonly string[]).includes(name)) return name as FormatName;
  if (KNOWN_UNSUPPORTED.includes(name)) {
    throw new SqlError(`The '${name}' format is not supported by Fjord (supported: ${SUPPORTED.join(', ')})`, 'statement');
  }
  throw new SqlError(`Unknown format: ${options.format}`, 'statement');
}

const DELIMITER_EXAMPLE = "\nExample valid value: ';'";

/**
 * The delimiter character: `,` by default; `TAB` and `SPACE` by name; otherwise one character.
 * Blank text (a space or a tab typed literally) counts as empty, as in ksqlDB. Errors carry
 * ksqlDB's full message, naming `KEY_DELIMITER` or `VALUE_DELIMITER` by `target`.
 */
export function parseDelimiter(delimiter: string | undefined, target: SerdeTarget = 'value'): string {
  if (delimiter === undefined) return ',';
  const upper = delimiter.toUpperCase();
  if (upper === 'TAB') return '\t';
  if (upper === 'SPACE') return ' ';
  const prefix = `Failed to prepare statement: Configuration ${target.toUpperCase()}_DELIMITER is invalid: `;
  if (delimiter.trim().length === 0) {
    throw new SqlError(`${prefix}Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'${DELIMITER_EXAMPLE}`, 'statement');
  }
  if ([...delimiter].length !== 1) {
    throw new SqlError(`${prefix}Invalid delimiter value: '${delimiter}'. Delimiter must be a single character or TAB,SPACE${DELIMITER_EXAMPLE}`, 'statement');
  }
  return delimiter;
}

/** `[`A` INTEGER, `B` STRING]`, with ` KEY` after each key column, as ksqlDB lists columns. */
export function formatColumns(columns: readonly FormatColumn[], target: SerdeTarget): string {
  const suffix = target === 'key' ? ' KEY' : '';
  return '[' + columns.map((c) => `${quoteName(c.name)} ${formatType(c.type)}${suffix}`).join(', ') + ']';
}

function containsMap(t: Type): boolean {
  switch (t.kind) {
    case 'MAP': return true;
    case 'ARRAY': return containsMap(t.element);
    case 'STRUCT': return t.fields.some((f) => containsMap(f.type));
    default: return false;
  }
}

const KAFKA_TYPES = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES']);
const DELIMITED_REJECTS = new Set(['ARRAY', 'MAP', 'STRUCT']);

/** Why `format` cannot carry `columns`, or undefined when it can. */
function schemaProblem(format: FormatName, columns: readonly FormatColumn[], target: SerdeTarget): string | undefined {
  switch (format) {
    case 'NONE':
      return columns.length === 0 ? undefined : `The 'NONE' format can only be used when no columns are defined. Got: ${formatColumns(columns, target)}`;
    case 'KAFKA': {
      if (columns.length > 1) return `The 'KAFKA' format only supports a single field. Got: ${formatColumns(columns, target)}`;
      const c = columns[0];
      if (c !== undefined && !KAFKA_TYPES.has(c.type.kind)) return `The 'KAFKA' format does not support type '${c.type.kind}'`;
      return undefined;
    }
    case 'DELIMITED': {
      const bad = columns.find((c) => DELIMITED_REJECTS.has(c.type.kind));
      return bad === undefined ? undefined : `The 'DELIMITED' format does not support type '${bad.type.kind}', column: ${quoteName(bad.name)}`;
    }
    case 'JSON':
      // A JSON object's field names are strings, so ksqlDB refuses other MAP key types outright.
      return columns.some((c) => hasNonStringMapKey(c.type)) ? 'JSON only supports MAP types with STRING keys' : undefined;
  }
}

function hasNonStringMapKey(t: Type): boolean {
  switch (t.kind) {
    case 'MAP': return t.key.kind !== 'STRING' || hasNonStringMapKey(t.value);
    case 'ARRAY': return hasNonStringMapKey(t.element);
    case 'STRUCT': return t.fields.some((f) => hasNonStringMapKey(f.type));
    default: return false;
  }
}

function checkConfigs(format: FormatName, options: FormatOptions, target: SerdeTarget): void {
  if (options.delimiter === undefined) return;
  // ksqlDB checks the delimiter's text while reading the WITH clause, before the format.
  parseDelimiter(options.delimiter, target);
  if (format !== 'DELIMITED') throw new SqlError(`${format} does not support the following configs: [delimiter]`, 'statement');
}

function checkWrapping(format: FormatName, options: FormatOptions, columns: readonly FormatColumn[], target: SerdeTarget): void {
  const wrap = options.wrapSingleValue;
  if (wrap === undefined || target === 'key') return;
  // DELIMITED and KAFKA values are always unwrapped; NONE has no values at all.
  if (format === 'NONE' || (wrap && (format === 'DELIMITED' || format === 'KAFKA'))) {
    throw new SqlError(`Format '${format}' does not support 'WRAP_SINGLE_VALUE' set to '${wrap}'.`, 'statement');
  }
  if (columns.length !== 1) throw new SqlError("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas", 'statement');
}

function features(format: FormatName, options: FormatOptions, columns: readonly FormatColumn[], target: SerdeTarget): string {
  if (format !== 'JSON' || columns.length !== 1) return '[]';
  if (target === 'key') return '[UNWRAP_SINGLES]';
  if (options.wrapSingleValue === undefined) return '[]';
  return options.wrapSingleValue ? '[WRAP_SINGLES]' : '[UNWRAP_SINGLES]';
}

/**
 * Throws a `SqlError` with ksqlDB's message when `options` cannot carry `columns` as a record's
 * key or value; returns the canonical format name otherwise.
 */
export function validateFormat(columns: readonly FormatColumn[], options: FormatOptions, target: SerdeTarget): FormatName {
  const format = formatName(options);
  checkConfigs(format, options, target);
  checkWrapping(format, options, columns, target);
  if (target === 'key') {
    const withMap = columns.find((c) => containsMap(c.type));
    if (withMap !== undefined) {
      throw new SqlError(
        `Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: ${quoteName(withMap.name)}. Column type: ${formatType(withMap.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
        'statement',
      );
    }
  }
  const problem = schemaProblem(format, columns, target);
  if (problem !== undefined) {
    const side = target === 'key' ? 'Key' : 'Value';
    throw new SqlError(
      `${side} format does not support schema.\nformat: ${format}\nschema: Persistence{columns=${formatColumns(columns, target)}, features=${features(format, options, columns, target)}}\nreason: ${problem}`,
      'statement',
    );
  }
  return format;
}
