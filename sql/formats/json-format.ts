/**
 * ksqlDB's JSON format for rows:
 * - wrapped (the default for values): one object, one field per column named as declared
 *   (`{"ID":1,"NAME":"a"}`); reading matches names exactly, then case-insensitively, and a missing
 *   field is NULL. JSON `null` reads as no row.
 * - unwrapped (a single key column, or a single value column with `WRAP_SINGLE_VALUE=false`): the
 *   bare column value (`1`, `"a"`, `{"F0":1}` for a STRUCT column). A NULL column value is written as
 *   no bytes, as ksqlDB's serializer does; JSON `null` reads as a row holding NULL.
 * Numbers are read from their lexemes (exact BIGINT and DECIMAL), see json-read.ts.
 */
import { isUtf8 } from 'node:buffer';
import { parseJson, type JsonNode } from '../types/json.js';
import { formatType, struct, type StructField } from '../types/types.js';
import { jacksonNodeName, jsonToValue, matchFields } from './json-read.js';
import { rowJsonWriter, valueToJsonText } from './json-write.js';
import type { RowCodec } from './row-serde-base.js';
import type { FormatColumn } from './types.js';

/** The bytes as JSON: invalid UTF-8 is an error (as in Jackson); a leading byte-order mark is skipped. */
function parse(data: Buffer): JsonNode {
  if (!isUtf8(data)) throw new Error('Invalid UTF-8 in JSON bytes');
  const text = data.toString('utf8');
  return parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** The codec for a bare single value. */
export function unwrappedJsonCodec(column: FormatColumn): RowCodec {
  return {
    write: (row) => (row[0] === null || row[0] === undefined ? null : Buffer.from(valueToJsonText(row[0], column.type), 'utf8')),
    read: (data) => [jsonToValue(parse(data), column.type)],
  };
}

/** The codec for a row written as one object. */
export function wrappedJsonCodec(columns: readonly FormatColumn[]): RowCodec {
  const fields: StructField[] = columns.map((c) => ({ name: c.name, type: c.type }));
  const rowType = formatType(struct(fields));
  const writeRow = rowJsonWriter(fields);
  return {
    write: (row) => Buffer.from(writeRow(row), 'utf8'),
    read: (data) => {
      const node = parse(data);
      if (node === null) return null;
      if (!(node instanceof Map)) {
        throw new Error(`Can't convert type. sourceType: ${jacksonNodeName(node)}, requiredType: ${rowType}, path: $`);
      }
      return matchFields(node, fields, '$');
    },
  };
}
