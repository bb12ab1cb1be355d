/**
 * CREATE STREAM / CREATE TABLE (with columns): turns the statement into a catalog entry after
 * ksqlDB's checks — keys, headers, formats and their support for the column types, windowing,
 * the TIMESTAMP column.
 */
import type { CreateSource, TableElement } from '../ast/statements.js';
import { SqlError, atLocation } from '../errors.js';
import type { FormatColumn, FormatOptions } from '../formats/types.js';
import { formatName } from '../formats/validate-format.js';
import { array, BYTES, formatType, fromAstType, quoteName, STRING, struct, typesEqual, UnknownTypeError, type Type } from '../types/types.js';
import type { Catalog, Column, DataSource, HeaderColumn } from './catalog.js';
import { parseWithProperties, type WithProperties } from './with-properties.js';

export const HEADERS_TYPE: Type = array(struct([{ name: 'KEY', type: STRING }, { name: 'VALUE', type: BYTES }]));

export function resolveType(t: Parameters<typeof fromAstType>[0], catalog: Catalog): Type {
  try {
    return fromAstType(t, catalog.types);
  } catch (err) {
    if (err instanceof UnknownTypeError) throw new SqlError(`Unknown type: ${err.typeName}`, 'statement');
    throw err;
  }
}

/** Throws when a key column's type contains a MAP (ksqlDB refuses: serialization is not stable). */
export function checkKeyTypes(columns: readonly Column[]): void {
  const hasMap = (t: Type): boolean => t.kind === 'MAP' || (t.kind === 'ARRAY' && hasMap(t.element)) || (t.kind === 'STRUCT' && t.fields.some((f) => hasMap(f.type)));
  for (const c of columns) {
    if (hasMap(c.type)) {
      throw new SqlError(`Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: ${quoteName(c.name)}. Column type: ${formatType(c.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`, 'statement');
    }
  }
}

/** Validates formats against columns with ksqlDB's messages (a key format failure is wrapped as ksqlDB does). */
export function checkFormats(
  validate: (columns: readonly FormatColumn[], options: FormatOptions, target: 'key' | 'value') => void,
  keyColumns: readonly Column[], keyFormat: FormatOptions, valueColumns: readonly Column[], valueFormat: FormatOptions,
): void {
  checkKeyTypes(keyColumns);
  try {
    validate(keyColumns, effectiveKeyFormat(keyColumns, keyFormat), 'key');
  } catch (err) {
    const message = (err as Error).message;
    if (/^Unknown format/.test(message) || keyFormat.format === 'NONE') throw err;
    const schema = keyColumns.map((c) => `${quoteName(c.name)} ${formatType(c.type)} KEY`).join(', ');
    throw new SqlError(`Key format does not support schema.\nformat: ${keyFormat.format}\nschema: Persistence{columns=[${schema}], features=[]}\nreason: ${message}`, 'statement');
  }
  validate(valueColumns, valueFormat, 'value');
}

export interface FormatDefaults {
  readonly keyFormat: string;
  readonly valueFormat?: string;
}

/** The key format as declared (kept for a keyless source too: its queries inherit it). */
export function keyFormatOptions(props: WithProperties, fallback: string): FormatOptions {
  const format = props.keyFormat ?? props.format ?? fallback;
  formatName({ format });
  return { format, ...(props.keyDelimiter === undefined ? {} : { delimiter: props.keyDelimiter }) };
}

/** The options a key serde is built with: NONE when there are no key columns. */
export function effectiveKeyFormat(keyColumns: readonly unknown[], keyFormat: FormatOptions): FormatOptions {
  return keyColumns.length === 0 ? { format: 'NONE' } : keyFormat;
}

/** `ksql.persistence.wrap.single.values` applies to a single-column value that did not set WRAP_SINGLE_VALUE. */
export function withWrapDefault(options: FormatOptions, valueColumns: number, properties: ReadonlyMap<string, string>): FormatOptions {
  const config = properties.get('ksql.persistence.wrap.single.values');
  if (options.wrapSingleValue !== undefined || config === undefined || valueColumns !== 1) return options;
  return { ...options, wrapSingleValue: config.toLowerCase() === 'true' };
}

export function valueFormatOptions(props: WithProperties, fallback: string | undefined): FormatOptions {
  const format = props.valueFormat ?? props.format ?? fallback;
  if (format === undefined) {
    throw new SqlError(`Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.`, 'statement');
  }
  formatName({ format });
  if (props.valueDelimiter !== undefined && format.toUpperCase() !== 'DELIMITED') {
    throw new SqlError(`${format.toUpperCase()} does not support the following configs: [delimiter]`, 'statement');
  }
  return {
    format,
    ...(props.wrapSingleValue === undefined ? {} : { wrapSingleValue: props.wrapSingleValue }),
    ...(props.valueDelimiter === undefined ? {} : { delimiter: props.valueDelimiter }),
  };
}

function elementColumns(stmt: CreateSource, catalog: Catalog): { keys: Column[]; values: Column[]; headers: HeaderColumn[] } {
  const keys: Column[] = [];
  const values: Column[] = [];
  const headers: HeaderColumn[] = [];
  const seen = new Set<string>();
  for (const e of stmt.elements as TableElement[]) {
    if (seen.has(e.name)) throw new SqlError(`Duplicate column names:${'\n'}${e.name}`, 'statement');
    seen.add(e.name);
    const type = resolveType(e.type, catalog);
    if (e.key !== undefined) {
      if (stmt.sourceType === 'STREAM' && e.key === 'PRIMARY KEY') throw new SqlError(atLocation(e.pos, `Column ${quoteName(e.name)} is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`), 'parse');
      if (stmt.sourceType === 'TABLE' && e.key === 'KEY') throw new SqlError(atLocation(e.pos, `Column ${quoteName(e.name)} is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`), 'parse');
      keys.push({ name: e.name, type });
    } else if (e.headers !== undefined) {
      if (e.headers.key === undefined) {
        if (!typesEqual(type, HEADERS_TYPE)) throw new SqlError(`Invalid type for HEADERS column: expected ${formatType(HEADERS_TYPE)}, got ${formatType(type)}`, 'statement');
        headers.push({ name: e.name, type });
      } else {
        if (type.kind !== 'BYTES') throw new SqlError(`Invalid type for HEADER('${e.headers.key}') column: expected BYTES, got ${formatType(type)}`, 'statement');
        headers.push({ name: e.name, type, headerKey: e.headers.key });
      }
    } else {
      values.push({ name: e.name, type });
    }
  }
  for (const c of [...keys, ...values, ...headers]) {
    if (['ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND'].includes(c.name)) {
      throw new SqlError(`'${c.name}' is a reserved column name. You cannot use it as a name for a column.`, 'statement');
    }
  }
  return { keys, values, headers };
}

export function checkTimestampColumn(props: WithProperties, columns: readonly Column[]): DataSource['timestampColumn'] {
  if (props.timestamp === undefined) return undefined;
  const col = columns.find((c) => c.name === props.timestamp);
  if (col === undefined) throw new SqlError(`The TIMESTAMP column set in the WITH clause does not exist in the schema: '${props.timestamp}'`, 'statement');
  const t = col.type.kind;
  if (props.timestampFormat !== undefined ? t !== 'STRING' : t !== 'BIGINT' && t !== 'TIMESTAMP') {
    throw new SqlError(`Timestamp column, ${quoteName(col.name)}, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`, 'statement');
  }
  return { name: col.name, ...(props.timestampFormat === undefined ? {} : { format: props.timestampFormat }) };
}

/** The catalog entry CREATE STREAM/TABLE describes (not yet added). */
export function createSourceEntry(
  stmt: CreateSource, catalog: Catalog, defaults: FormatDefaults,
  validate: (columns: readonly FormatColumn[], options: FormatOptions, target: 'key' | 'value') => void,
): { source: DataSource; props: WithProperties } {
  const props = parseWithProperties(stmt.properties);
  const { keys, values, headers } = elementColumns(stmt, catalog);
  if (stmt.sourceType === 'TABLE' && keys.length === 0) throw new SqlError('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.', 'statement');
  if (props.kafkaTopic === undefined) throw new SqlError('Missing required property "KAFKA_TOPIC" for the stream/table. Set it in the WITH clause.', 'statement');
  if (props.windowType !== undefined && keys.length === 0) throw new SqlError('Windowed sources require a key column.', 'statement');
  const keyFormat = keyFormatOptions(props, defaults.keyFormat);
  const valueFormat = valueFormatOptions(props, defaults.valueFormat);
  if (stmt.elements.length === 0) throw new SqlError(`The statement does not define any columns.`, 'statement');
  checkFormats(validate, keys, keyFormat, values, valueFormat);
  const timestampColumn = checkTimestampColumn(props, [...keys, ...values]);
  const source: DataSource = {
    name: stmt.name,
    type: stmt.sourceType,
    topic: props.kafkaTopic,
    keyColumns: keys,
    valueColumns: values,
    headerColumns: headers,
    keyFormat,
    valueFormat,
    ...(props.windowType === undefined ? {} : { window: { type: props.windowType, ...(props.windowSizeMs === undefined ? {} : { sizeMs: props.windowSizeMs }) } }),
    ...(timestampColumn === undefined ? {} : { timestampColumn }),
    readOnly: stmt.isSource,
    sqlText: stmt.text,
  };
  return { source, props };
}
