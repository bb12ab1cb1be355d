/**
 * Connect values ↔ JSON trees, following Kafka's JsonConverter.convertToJson/convertToConnect.
 * JavaScript forms: int64 → number when safe, else bigint; bytes → Buffer (base64 in JSON);
 * struct → plain object; map with string keys → plain object (a JSON object), other maps →
 * Map (a JSON array of [key, value] pairs, as Kafka writes them); logical types per
 * ../data/logical-types.ts. Errors are DataExceptions naming the path (`$.address.zip`).
 */
import { DataException } from '../errors.js';
import { JsonDecimal, type JsonTree } from '../data/json-text.js';
import {
  DATE_NAME, DECIMAL_NAME, TIME_NAME, TIMESTAMP_NAME, bigintToTwosComplement, dateToDays, daysToDate, decimalScale,
  decimalToUnscaled, describe, timeToMs, timestampToMs, twosComplementToBigint, unscaledToDecimal,
} from '../data/logical-types.js';
import type { Schema } from '../types.js';

/** JsonConverter settings that affect value conversion. */
export interface JsonDataOptions {
  /** decimal.format: BASE64 (Kafka's default) or NUMERIC (a bare JSON number). */
  decimalFormat: 'BASE64' | 'NUMERIC';
  /** replace.null.with.default: a null with a schema default is written/read as the default. */
  replaceNullWithDefault: boolean;
}

const INT_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
};
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

type JsonObject = { [key: string]: JsonTree };

function fail(path: string, message: string): never {
  throw new DataException(`${message} at ${path}`);
}

function wrongType(schema: Schema, what: string, got: string, path: string): never {
  return fail(path, `Invalid type for ${schema.type.toUpperCase()}: expected ${what} but got ${got}`);
}

/** obj[key] = value, keeping a "__proto__" key an own property instead of a prototype change. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date)
    && !(v instanceof Map) && !(v instanceof Uint8Array);
}

// ---------------------------------------------------------------------------------------------
// Connect → JSON

/** A Connect value (with its schema, or null) as a JSON tree. */
export function connectToJson(schema: Schema | null, value: unknown, opts: JsonDataOptions, path = '$'): JsonTree {
  if (value === null || value === undefined) {
    if (schema === null) return null;
    if (schema.default !== undefined && schema.default !== null && opts.replaceNullWithDefault) {
      return connectToJson(schema, schema.default, opts, path);
    }
    if (schema.optional) return null;
    return fail(path, 'Conversion error: null value for field that is required and has no default value');
  }
  if (schema === null) return schemalessToJson(value, opts, path);
  switch (schema.name) {
    case DECIMAL_NAME: {
      const scale = decimalScale(schema);
      const unscaled = decimalToUnscaled(value, scale);
      return opts.decimalFormat === 'NUMERIC'
        ? new JsonDecimal(unscaledToDecimal(unscaled, scale))
        : bigintToTwosComplement(unscaled).toString('base64');
    }
    case DATE_NAME: return dateToDays(value);
    case TIME_NAME: return timeToMs(value);
    case TIMESTAMP_NAME: return timestampToMs(value);
  }
  return typedToJson(schema, value, opts, path);
}

function typedToJson(schema: Schema, value: unknown, opts: JsonDataOptions, path: string): JsonTree {
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': {
      const [min, max] = INT_RANGES[schema.type];
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(schema, 'an integer number', describe(value), path);
      if (value < min || value > max) return fail(path, `Value ${value} out of range for ${schema.type.toUpperCase()}`);
      return value;
    }
    case 'int64':
      if (typeof value === 'bigint') {
        if (value < INT64_MIN || value > INT64_MAX) return fail(path, `Value ${value} out of range for INT64`);
        return value;
      }
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(schema, 'an integer number or bigint', describe(value), path);
      return value;
    case 'float32': case 'float64':
      if (typeof value !== 'number') return wrongType(schema, 'a number', describe(value), path);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return wrongType(schema, 'a boolean', describe(value), path);
      return value;
    case 'string':
      if (typeof value !== 'string') return wrongType(schema, 'a string', describe(value), path);
      return value;
    case 'bytes':
      if (!(value instanceof Uint8Array)) return wrongType(schema, 'a Buffer', describe(value), path);
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    case 'array':
      if (!Array.isArray(value)) return wrongType(schema, 'an array', describe(value), path);
      return value.map((item, i) => connectToJson(schema.items!, item, opts, `${path}[${i}]`));
    case 'map':
      return mapToJson(schema, value, opts, path);
    case 'struct': {
      if (!isPlainObject(value)) return wrongType(schema, 'a plain object (struct)', describe(value), path);
      const out: JsonObject = {};
      for (const f of schema.fields ?? []) setOwn(out, f.field, connectToJson(f.schema, Object.hasOwn(value, f.field) ? value[f.field] : null, opts, `${path}.${f.field}`));
      return out;
    }
  }
}

function mapToJson(schema: Schema, value: unknown, opts: JsonDataOptions, path: string): JsonTree {
  const entries = value instanceof Map ? [...value.entries()] : isPlainObject(value) ? Object.entries(value) : null;
  if (entries === null) return fail(path, `Invalid type for MAP: expected a Map or plain object but got ${describe(value)}`);
  const keySchema = schema.keys!;
  const valueSchema = schema.values!;
  if (keySchema.type === 'string' && !keySchema.name) {
    const out: JsonObject = {};
    for (const [k, v] of entries) {
      if (typeof k !== 'string') fail(path, `Invalid map key for STRING keys: ${describe(k)}`);
      setOwn(out, k, connectToJson(valueSchema, v, opts, `${path}.${k}`));
    }
    return out;
  }
  return entries.map(([k, v], i) => [
    connectToJson(keySchema, k, opts, `${path}[${i}].key`),
    connectToJson(valueSchema, v, opts, `${path}[${i}].value`),
  ]);
}

function schemalessToJson(value: unknown, opts: JsonDataOptions, path: string): JsonTree {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number': case 'bigint': case 'boolean': case 'string': return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  // Fjord: a schemaless Date is written as epoch ms, the Timestamp encoding (Kafka refuses it).
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map((item, i) => schemalessToJson(item, opts, `${path}[${i}]`));
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string')) {
      const out: JsonObject = {};
      for (const [k, v] of entries) setOwn(out, k as string, schemalessToJson(v, opts, `${path}.${k}`));
      return out;
    }
    return entries.map(([k, v], i) => [schemalessToJson(k, opts, `${path}[${i}].key`), schemalessToJson(v, opts, `${path}[${i}].value`)]);
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, schemalessToJson(v, opts, `${path}.${k}`));
    return out;
  }
  return fail(path, `Couldn't convert ${describe(value)} to JSON`);
}

// ---------------------------------------------------------------------------------------------
// JSON → Connect

/** A JSON tree as a Connect value of `schema` (null = infer: integers int64, others float64). */
export function jsonToConnect(schema: Schema | null, json: JsonTree | undefined, opts: JsonDataOptions, path = '$'): unknown {
  if (json === null || json === undefined) {
    if (schema === null) return null;
    if (schema.default !== undefined && schema.default !== null && opts.replaceNullWithDefault) return schema.default;
    if (schema.optional) return null;
    return fail(path, `Invalid null value for required ${schema.type.toUpperCase()} field`);
  }
  if (schema === null) return schemalessFromJson(json);
  switch (schema.name) {
    case DECIMAL_NAME: {
      const scale = decimalScale(schema);
      if (typeof json === 'string') return unscaledToDecimal(twosComplementToBigint(Buffer.from(json, 'base64')), scale);
      if (typeof json === 'number' || typeof json === 'bigint' || json instanceof JsonDecimal) {
        const text = json instanceof JsonDecimal ? json.text : String(json);
        return unscaledToDecimal(decimalToUnscaled(text, scale), scale);
      }
      return fail(path, `Invalid type for Decimal: expected a base64 string or a number but got ${describe(json)}`);
    }
    case DATE_NAME: return daysToDate(intFromJson(schema, json, path) as number);
    case TIME_NAME: return new Date(intFromJson(schema, json, path) as number);
    case TIMESTAMP_NAME: return new Date(Number(intFromJson(schema, json, path)));
  }
  return typedFromJson(schema, json, opts, path);
}

function intFromJson(schema: Schema, json: JsonTree, path: string): number | bigint {
  if (typeof json === 'bigint') {
    if (schema.type !== 'int64') fail(path, `Value ${json} out of range for ${schema.type.toUpperCase()}`);
    if (json < INT64_MIN || json > INT64_MAX) fail(path, `Value ${json} out of range for INT64`);
    return json;
  }
  if (typeof json !== 'number' || !Number.isInteger(json)) {
    return fail(path, `Invalid type for ${schema.type.toUpperCase()}: expected an integer but got ${jsonKind(json)}`);
  }
  const range = INT_RANGES[schema.type];
  if (range && (json < range[0] || json > range[1])) fail(path, `Value ${json} out of range for ${schema.type.toUpperCase()}`);
  return json;
}

function typedFromJson(schema: Schema, json: JsonTree, opts: JsonDataOptions, path: string): unknown {
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'int64':
      return intFromJson(schema, json, path);
    case 'float32': case 'float64':
      if (typeof json === 'number') return json;
      if (json instanceof JsonDecimal) return json.toNumber();
      if (typeof json === 'bigint') return Number(json);
      if (json === 'NaN' || json === 'Infinity' || json === '-Infinity') return Number(json);
      return wrongType(schema, 'a number', jsonKind(json), path);
    case 'boolean':
      if (typeof json !== 'boolean') return wrongType(schema, 'a boolean', jsonKind(json), path);
      return json;
    case 'string':
      if (typeof json !== 'string') return wrongType(schema, 'a string', jsonKind(json), path);
      return json;
    case 'bytes':
      if (typeof json !== 'string') return wrongType(schema, 'a base64 string', jsonKind(json), path);
      return Buffer.from(json, 'base64');
    case 'array':
      if (!Array.isArray(json)) return wrongType(schema, 'an array', jsonKind(json), path);
      return json.map((item, i) => jsonToConnect(schema.items!, item, opts, `${path}[${i}]`));
    case 'map':
      return mapFromJson(schema, json, opts, path);
    case 'struct': {
      if (typeof json !== 'object' || Array.isArray(json) || json instanceof JsonDecimal) return wrongType(schema, 'an object', jsonKind(json), path);
      const obj = json as JsonObject;
      const out: Record<string, unknown> = {};
      for (const f of schema.fields ?? []) setOwn(out, f.field, jsonToConnect(f.schema, Object.hasOwn(obj, f.field) ? obj[f.field] : null, opts, `${path}.${f.field}`));
      return out;
    }
  }
}

function mapFromJson(schema: Schema, json: JsonTree, opts: JsonDataOptions, path: string): unknown {
  const keySchema = schema.keys!;
  const valueSchema = schema.values!;
  if (keySchema.type === 'string' && !keySchema.name) {
    if (typeof json !== 'object' || json === null || Array.isArray(json) || json instanceof JsonDecimal) {
      return fail(path, `Invalid type for MAP with STRING keys: expected an object but got ${jsonKind(json)}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json as JsonObject)) setOwn(out, k, jsonToConnect(valueSchema, v, opts, `${path}.${k}`));
    return out;
  }
  if (!Array.isArray(json)) return fail(path, `Invalid type for MAP: expected an array of [key, value] pairs but got ${jsonKind(json)}`);
  const out = new Map<unknown, unknown>();
  json.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) fail(`${path}[${i}]`, 'Found invalid map entry instead of array tuple');
    out.set(jsonToConnect(keySchema, pair[0], opts, `${path}[${i}].key`), jsonToConnect(valueSchema, pair[1], opts, `${path}[${i}].value`));
  });
  return out;
}

function schemalessFromJson(json: JsonTree): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (json instanceof JsonDecimal) return json.toNumber();
  if (Array.isArray(json)) return json.map(schemalessFromJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) setOwn(out, k, schemalessFromJson(v));
  return out;
}

function jsonKind(json: JsonTree | undefined): string {
  if (json === null || json === undefined) return 'null';
  if (Array.isArray(json)) return 'array';
  if (json instanceof JsonDecimal || typeof json === 'bigint') return 'number';
  return typeof json;
}
