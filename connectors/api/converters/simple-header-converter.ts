/**
 * Kafka's org.apache.kafka.connect.storage.SimpleHeaderConverter, the default header.converter:
 * values are written as strings, and read back by inferring a schema from the text.
 * Writing: strings as-is, numbers/booleans/bigints via toString, Dates as ISO-8601, Buffers as
 * base64, arrays/objects/maps as JSON. Reading: `true`/`false` → BOOLEAN; integers → the
 * smallest of INT8/INT16/INT32/INT64; other numbers → FLOAT64; text starting with `[` or `{`
 * that parses as JSON → the schemaless array/object; anything else → STRING.
 * Difference: Kafka infers array/map/struct schemas and ISO dates; Fjord returns structured
 * values schemaless and dates as strings.
 */
import { parseJson, stringifyJson } from '../data/json-text.js';
import { OptionalSchemas, Schemas } from '../data/schemas.js';
import type { ConfigDef, HeaderConverter, Schema, SchemaAndValue } from '../types.js';
import { connectToJson, jsonToConnect } from './json-data.js';

const JSON_OPTS = { decimalFormat: 'NUMERIC', replaceNullWithDefault: false } as const;
const INTEGER_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Kafka's SimpleHeaderConverter, the default header.converter (see the file comment). */
export class SimpleHeaderConverter implements HeaderConverter {
  configure(_props: Record<string, string>): void {}

  config(): ConfigDef {
    return [];
  }

  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(headerValueToString(schema, value, `topic ${topic} header ${headerKey}`), 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null) return { schema: null, value: null };
    return parseHeaderString(bytes.toString('utf8'));
  }
}

/** A header value as SimpleHeaderConverter writes it. */
export function headerValueToString(schema: Schema | null, value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return stringifyJson(connectToJson(schema, value, JSON_OPTS, where));
}

/** Infers a schema and value from header text (Kafka's Values.parseString, simplified). */
export function parseHeaderString(text: string): SchemaAndValue {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return { schema: Schemas.boolean, value: trimmed === 'true' };
  if (INTEGER_RE.test(trimmed)) {
    const big = BigInt(trimmed);
    if (big >= -128n && big <= 127n) return { schema: Schemas.int8, value: Number(big) };
    if (big >= -32768n && big <= 32767n) return { schema: Schemas.int16, value: Number(big) };
    if (big >= -2147483648n && big <= 2147483647n) return { schema: Schemas.int32, value: Number(big) };
    if (big >= -(2n ** 63n) && big < 2n ** 63n) {
      return { schema: Schemas.int64, value: Number.isSafeInteger(Number(big)) ? Number(big) : big };
    }
  }
  if (NUMBER_RE.test(trimmed)) return { schema: Schemas.float64, value: Number(trimmed) };
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return { schema: null, value: jsonToConnect(null, parseJson(trimmed), JSON_OPTS) };
    } catch {
      // not JSON after all: a string
    }
  }
  return { schema: OptionalSchemas.string, value: text };
}
