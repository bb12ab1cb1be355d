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
import { rowJsonBytesWriter, valueToJsonText } from './json-write.js';
import { BAIL as SCAN_BAIL, JsonRowScanner, SCAN_KINDS, type ScanKind } from './json-scan.js';
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

/** Column types the fast readers handle; any other type always takes the lossless path. */
const FAST_KINDS = SCAN_KINDS;
const BAIL = Symbol('bail');

/**
 * The second fast path for a wrapped row of primitive columns (for what the scanner leaves, e.g.
 * nested fields of no column): `JSON.parse` and plain conversions.
 * Anything it is not sure about (long numbers, a value needing ksqlDB's coercions, non-UTF-8,
 * a non-object) returns BAIL and the lossless reader decides, so results never differ.
 */
function fastRead(data: Buffer, fields: readonly StructField[]): unknown[] | null | typeof BAIL {
  const text = data.toString('utf8');
  // No digit is lost unnoticed: an integer column only takes a safe integer (a number past 2^53
  // is never one), a DOUBLE is what the lossless reader computes too, anything else bails.
  if (text.charCodeAt(0) === 0xfeff) return BAIL;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    return BAIL;
  }
  if (obj === null) return null;
  if (typeof obj !== 'object' || Array.isArray(obj)) return BAIL;
  const record = obj as Record<string, unknown>;
  const out = new Array<unknown>(fields.length);
  let upper: Map<string, unknown> | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let v = Object.hasOwn(record, f.name) ? record[f.name] : undefined;
    if (v === undefined) {
      if (upper === undefined) {
        upper = new Map();
        for (const k of Object.keys(record)) upper.set(k.toUpperCase(), record[k]);
      }
      v = upper.get(f.name);
    }
    if (v === undefined || v === null) {
      out[i] = null;
      continue;
    }
    switch (f.type.kind) {
      case 'BOOLEAN':
        if (typeof v !== 'boolean') return BAIL;
        out[i] = v;
        break;
      case 'INTEGER':
      case 'DATE':
      case 'TIME':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) return BAIL;
        out[i] = v;
        break;
      case 'BIGINT':
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) return BAIL;
        out[i] = BigInt(v);
        break;
      case 'TIMESTAMP':
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) return BAIL;
        out[i] = v;
        break;
      case 'DOUBLE':
        if (typeof v !== 'number') return BAIL;
        out[i] = v;
        break;
      case 'STRING':
        if (typeof v !== 'string') return BAIL;
        out[i] = v;
        break;
      default:
        return BAIL;
    }
  }
  return out;
}

/** The codec for a row written as one object; the scanner leaves the `unread` columns NULL. */
export function wrappedJsonCodec(columns: readonly FormatColumn[], unread: readonly number[] = []): RowCodec {
  const fields: StructField[] = columns.map((c) => ({ name: c.name, type: c.type }));
  const rowType = formatType(struct(fields));
  const writeRow = rowJsonBytesWriter(fields);
  const fast = fields.every((f) => FAST_KINDS.has(f.type.kind));
  const scanner = fast ? new JsonRowScanner(fields.map((f, i) => ({ name: f.name, kind: f.type.kind as ScanKind, unread: unread.includes(i) }))) : null;
  return {
    write: writeRow,
    read: (data) => {
      if (scanner !== null) {
        const scanned = scanner.read(data);
        if (scanned !== SCAN_BAIL) return scanned;
      }
      if (fast && isUtf8(data)) {
        const quick = fastRead(data, fields);
        if (quick !== BAIL) return quick;
      }
      const node = parse(data);
      if (node === null) return null;
      if (!(node instanceof Map)) {
        throw new Error(`Can't convert type. sourceType: ${jacksonNodeName(node)}, requiredType: ${rowType}, path: $`);
      }
      return matchFields(node, fields, '$');
    },
  };
}
