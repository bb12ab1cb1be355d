/**
 * JSON tree → SQL runtime value, with the coercions of ksqlDB's JSON deserializer
 * (`KsqlJsonDeserializer` / `JsonSerdeUtils`):
 * - BOOLEAN: only `true` / `false`.
 * - INTEGER / BIGINT: a number (a fraction is truncated, out-of-range values wrap as Java's
 *   `intValue()` / `longValue()` do) or a string holding a decimal integer.
 * - DOUBLE: a number or a string Java's `Double.parseDouble` accepts.
 * - DECIMAL: a number or string, read exactly from its text; it must fit the column's precision and
 *   must not need rounding to the column's scale (ksqlDB's `DecimalUtil.ensureFit`).
 * - STRING: a string as is; a number or boolean as its text; an object as compact JSON; an array as
 *   `[a, b]` (Java's list rendering of the elements read as strings).
 * - BYTES: a base64 string. DATE (days), TIME (ms of day), TIMESTAMP (epoch ms): integers, or
 *   strings holding integers.
 * - ARRAY / MAP / STRUCT: arrays / objects; MAP keys are read from the key text; STRUCT fields match
 *   by exact name first, then by upper-cased JSON name (so unquoted SQL names match any case).
 *   Non-string MAP keys are read from their text as JSON (`1`, `true`, `[1]`), else as a string.
 * - `null` or a missing field is SQL NULL for every type.
 * Errors carry a JSONPath-like location (`$.ADDRESS.CITY`, `$[2]`), as ksqlDB's do.
 */
import { Decimal } from '../types/decimal.js';
import { JsonNumber, parseJson, stringifyJson, type JsonNode, type JsonObject } from '../types/json.js';
import { javaBigDecimalString } from '../types/render.js';
import { formatType, type DecimalType, type StructField, type Type } from '../types/types.js';
import { decimalFromText, javaBigDecimal, parseJavaDouble, parseJavaInt, parseJavaLong, toBase64Bytes } from './text-values.js';

/** A value that cannot be read as its column's type; `path` is where (`$.A[0]`). */
export class JsonCoercionError extends Error {
  constructor(readonly problem: string, readonly path: string) {
    super(`${problem}, path: ${path}`);
    this.name = 'JsonCoercionError';
  }
}

/** Jackson's node class name for a JSON value, which ksqlDB's messages use (`TextNode`, `IntNode`). */
export function jacksonNodeName(node: JsonNode): string {
  if (node === null) return 'NullNode';
  if (typeof node === 'boolean') return 'BooleanNode';
  if (typeof node === 'string') return 'TextNode';
  if (node instanceof JsonNumber) {
    if (!node.isIntegral) return 'DecimalNode';
    const v = BigInt(node.lexeme);
    if (v >= -(2n ** 31n) && v < 2n ** 31n) return 'IntNode';
    return v >= -(2n ** 63n) && v < 2n ** 63n ? 'LongNode' : 'BigIntegerNode';
  }
  return Array.isArray(node) ? 'ArrayNode' : 'ObjectNode';
}

function cannotConvert(node: JsonNode, required: string): Error {
  return new Error(`Can't convert type. sourceType: ${jacksonNodeName(node)}, requiredType: ${required}`);
}

function cannotCoerceString(target: string): Error {
  return new Error(`Can't coerce string to type. targetType: ${target}`);
}

/** Reads `node` as a value of `type`; throws `JsonCoercionError` naming `path`. */
export function jsonToValue(node: JsonNode | undefined, type: Type, path = '$'): unknown {
  if (node === null || node === undefined) return null;
  try {
    switch (type.kind) {
      case 'ARRAY': return readArray(node, type.element, type, path);
      case 'MAP': return readMap(node, type.key, type.value, type, path);
      case 'STRUCT': return readStruct(node, type.fields, type, path);
      default: return readPrimitive(node, type);
    }
  } catch (e) {
    if (e instanceof JsonCoercionError) throw e;
    throw new JsonCoercionError((e as Error).message, path);
  }
}

function readPrimitive(node: JsonNode, type: Type): unknown {
  switch (type.kind) {
    case 'BOOLEAN':
      if (typeof node === 'boolean') return node;
      throw cannotConvert(node, 'BOOLEAN');
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return readInteger(node, type.kind);
    case 'BIGINT':
      return readLong(node, 'BIGINT');
    case 'TIMESTAMP':
      return Number(readLong(node, 'TIMESTAMP'));
    case 'DOUBLE':
      if (node instanceof JsonNumber) return node.toNumber();
      if (typeof node === 'string') {
        const d = parseJavaDouble(node);
        if (d === undefined) throw cannotCoerceString('DOUBLE');
        return d;
      }
      throw cannotConvert(node, 'DOUBLE');
    case 'STRING':
      return readString(node);
    case 'DECIMAL':
      if (node instanceof JsonNumber || typeof node === 'string') return decimalFromText(typeof node === 'string' ? node : node.lexeme, type as DecimalType);
      throw cannotConvert(node, formatType(type));
    case 'BYTES':
      if (typeof node === 'string') return toBase64Bytes(node);
      throw cannotConvert(node, 'BYTES');
    default:
      throw new Error(`Type is not supported: ${type.kind}`);
  }
}

/** Java's `intValue()` of a number node: truncate toward zero, keep the low 32 bits. */
function readInteger(node: JsonNode, target: string): number {
  if (node instanceof JsonNumber) {
    const lexeme = node.lexeme;
    // Up to 9 digits always fits in 32 bits: skip the BigInt round trip.
    if (lexeme.length <= 9 && node.isIntegral) return Number(lexeme);
    return Number(BigInt.asIntN(32, truncatedInteger(node)));
  }
  if (typeof node === 'string') {
    const v = parseJavaInt(node);
    if (v === undefined) throw cannotCoerceString(target);
    return v;
  }
  throw cannotConvert(node, target);
}

function readLong(node: JsonNode, target: string): bigint {
  if (node instanceof JsonNumber) return BigInt.asIntN(64, truncatedInteger(node));
  if (typeof node === 'string') {
    const v = parseJavaLong(node);
    if (v === undefined) throw cannotCoerceString(target);
    return v;
  }
  throw cannotConvert(node, target);
}

function truncatedInteger(n: JsonNumber): bigint {
  if (n.isIntegral) return BigInt(n.lexeme);
  const d = Decimal.parse(n.lexeme);
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  return d.unscaled / 10n ** BigInt(d.scale);
}

function readString(node: JsonNode): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (node instanceof JsonNumber) return node.isIntegral ? BigInt(node.lexeme).toString() : javaBigDecimalString(javaBigDecimal(node.lexeme));
  if (Array.isArray(node)) return '[' + node.map((n) => (n === null ? 'null' : readString(n))).join(', ') + ']';
  return stringifyJson(node as JsonObject);
}

function readArray(node: JsonNode, element: Type, type: Type, path: string): unknown[] {
  if (!Array.isArray(node)) throw cannotConvert(node, formatType(type));
  const out = new Array<unknown>(node.length);
  for (let i = 0; i < node.length; i++) out[i] = jsonToValue(node[i]!, element, `${path}[${i}]`);
  return out;
}

function readMap(node: JsonNode, keyType: Type, valueType: Type, type: Type, path: string): Map<unknown, unknown> {
  if (!(node instanceof Map)) throw cannotConvert(node, formatType(type));
  const out = new Map<unknown, unknown>();
  for (const [k, v] of node) {
    const key = keyType.kind === 'STRING' ? k : readMapKey(k, keyType, `${path}.${k}.key`);
    out.set(key, jsonToValue(v, valueType, `${path}.${k}.value`));
  }
  return out;
}

/** A non-string MAP key from its text (as `mapKeyText` writes it): the key's JSON value, or a string coercion. */
function readMapKey(text: string, type: Type, path: string): unknown {
  if (text === 'null') return null;
  if (type.kind === 'STRING' || type.kind === 'BYTES' || type.kind === 'DECIMAL') return jsonToValue(text, type, path);
  let node: JsonNode;
  try {
    node = parseJson(text);
  } catch {
    node = text;
  }
  return jsonToValue(node, type, path);
}

/** Reads an object into a struct value (also used for a wrapped row, whose fields are the columns). */
function readStruct(node: JsonNode, fields: readonly StructField[], type: Type, path: string): Record<string, unknown> {
  if (!(node instanceof Map)) throw cannotConvert(node, formatType(type));
  const values = matchFields(node, fields, path);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) out[fields[i]!.name] = values[i];
  return out;
}

/**
 * The values of `fields` in `obj`, positionally: exact name first, else the JSON field whose
 * upper-cased name equals the field name (the last such field wins, as in ksqlDB's HashMap).
 */
export function matchFields(obj: JsonObject, fields: readonly StructField[], path: string): unknown[] {
  let upper: Map<string, JsonNode> | undefined;
  const out = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    let node = obj.get(f.name);
    if (node === undefined) {
      if (upper === undefined) {
        upper = new Map();
        for (const [k, v] of obj) upper.set(k.toUpperCase(), v);
      }
      node = upper.get(f.name);
    }
    out[i] = jsonToValue(node, f.type, `${path}.${f.name}`);
  }
  return out;
}
