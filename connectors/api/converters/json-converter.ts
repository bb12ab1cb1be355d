/**
 * Kafka's org.apache.kafka.connect.json.JsonConverter. With `schemas.enable=true` (the default)
 * bytes are the envelope `{"schema": ..., "payload": ...}`; without, plain JSON whose schema is
 * inferred on the way back (integers → int64, other numbers → float64, objects → maps).
 * int64 precision: values beyond 2^53 are bigints in Connect data and bare digits in JSON, read
 * back exactly (see ../data/json-text.ts). Also usable as a header converter.
 */
import { parseConfig } from '../config-def.js';
import { oneOfIgnoreCase, atLeast } from '../config-validators.js';
import { DataException } from '../errors.js';
import { needsExactParse, parseJson, stringifyJson, type JsonTree } from '../data/json-text.js';
import type { ConfigDef, Converter, HeaderConverter, Schema, SchemaAndValue } from '../types.js';
import { connectToJson, jsonToConnect, type JsonDataOptions } from './json-data.js';
import { schemaFromJson, schemaToJson, type DefaultCodec } from './json-schema.js';

/** JsonConverter's config (Kafka's JsonConverterConfig). */
export const JSON_CONVERTER_CONFIG: ConfigDef = [
  { name: 'schemas.enable', type: 'boolean', default: true, importance: 'high',
    documentation: 'Include schemas within each of the serialized values and keys.', group: 'Schemas', orderInGroup: 0, width: 'medium', displayName: 'Enable Schemas' },
  { name: 'schemas.cache.size', type: 'int', default: 1000, importance: 'high', validator: atLeast(0),
    documentation: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas', orderInGroup: 1, width: 'medium', displayName: 'Schema Cache Size' },
  { name: 'decimal.format', type: 'string', default: 'BASE64', importance: 'low', validator: oneOfIgnoreCase('BASE64', 'NUMERIC'),
    documentation: 'Controls which format this converter will serialize decimals in. This value is case insensitive and can be either \'BASE64\' (default) or \'NUMERIC\'',
    group: 'Serialization', orderInGroup: 0, width: 'medium', displayName: 'Decimal Format' },
  { name: 'replace.null.with.default', type: 'boolean', default: true, importance: 'low',
    documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization', orderInGroup: 1, width: 'medium', displayName: 'Replace null with default' },
  { name: 'converter.type', type: 'string', default: null, importance: 'low',
    documentation: 'How this converter will be used (key, value or header); set by the runtime.' },
];

const ENVELOPE_START = '{"schema":';
const PAYLOAD_KEY = ',"payload":';

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

/** Kafka's JsonConverter (see the file comment). */
export class JsonConverter implements Converter, HeaderConverter {
  private schemasEnabled = true;
  private opts: JsonDataOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
  private codec: DefaultCodec = this.makeCodec();
  /** Schema JSON text by schema object: records of one stream share their schema object. */
  private schemaText = new WeakMap<Schema, string>();
  /** Parsed schemas by their JSON text, least recently used first (schemas.cache.size). */
  private readonly parsedSchemas = new Map<string, Schema | null>();
  private schemaCacheSize = 1000;
  /** The last envelope schema seen, as compact text, for the fast path in toConnectData. */
  private lastSchemaText: string | null = null;
  private lastSchema: Schema | null = null;

  configure(props: Record<string, string>, _isKey = false): void {
    const values = parseConfig(JSON_CONVERTER_CONFIG, props, 'JsonConverter');
    this.schemasEnabled = values['schemas.enable'] as boolean;
    this.opts = {
      decimalFormat: (values['decimal.format'] as string).toUpperCase() as JsonDataOptions['decimalFormat'],
      replaceNullWithDefault: values['replace.null.with.default'] as boolean,
    };
    this.codec = this.makeCodec();
    this.schemaCacheSize = values['schemas.cache.size'] as number;
    this.schemaText = new WeakMap();
    this.parsedSchemas.clear();
    this.lastSchemaText = null;
  }

  config(): ConfigDef {
    return JSON_CONVERTER_CONFIG;
  }

  private makeCodec(): DefaultCodec {
    // Defaults are written without replacing nulls by themselves.
    return {
      toJson: (schema, value) => connectToJson({ ...schema, default: undefined }, value, this.opts, '$.schema.default'),
      fromJson: (schema, json) => jsonToConnect({ ...schema, default: undefined, optional: true }, json, this.opts, '$.schema.default'),
    };
  }

  /** Connect data → JSON bytes. A null value without schema is null bytes (a tombstone). */
  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema === null && (value === null || value === undefined)) return null;
    let text: string;
    try {
      const payload = stringifyJson(connectToJson(schema, value, this.opts));
      text = this.schemasEnabled ? `{"schema":${schema === null ? 'null' : this.schemaJson(schema)},"payload":${payload}}` : payload;
    } catch (err) {
      throw new DataException(`Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
    return Buffer.from(text, 'utf8');
  }

  /** JSON bytes → Connect data. Null or empty bytes are a null value without schema. */
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null || bytes.length === 0) return { schema: null, value: null };
    const text = bytes.toString('utf8');
    if (this.schemasEnabled) {
      const fast = this.sameSchemaEnvelope(topic, text);
      if (fast !== null) return fast;
    }
    let tree: JsonTree;
    let exact = false;
    try {
      // Schemaless fast path: JSON.parse's output is already exact, plain Connect data.
      exact = needsExactParse(text);
      if (!this.schemasEnabled && !exact) return { schema: null, value: JSON.parse(text) };
      tree = exact ? parseJson(text) : (JSON.parse(text) as JsonTree);
    } catch (err) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
    try {
      if (!this.schemasEnabled) return { schema: null, value: jsonToConnect(null, tree, this.opts) };
      if (!isEnvelope(tree)) throw new DataException(ENVELOPE_ERROR);
      const schema = this.parsedSchema(tree.schema, exact);
      return { schema, value: jsonToConnect(schema, tree.payload, this.opts, '$.payload') };
    } catch (err) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed for topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Fast path for a stream of envelopes with one schema: when the text is
   * `{"schema":<the last schema text>,"payload":<P>}`, only P is parsed. Anything else (other
   * layout, extra keys — which make P invalid JSON —, long numbers) returns null: full parse.
   */
  private sameSchemaEnvelope(topic: string, text: string): SchemaAndValue | null {
    const schemaText = this.lastSchemaText;
    if (schemaText === null || !text.startsWith(ENVELOPE_START) || !text.startsWith(schemaText, ENVELOPE_START.length)) return null;
    const payloadStart = ENVELOPE_START.length + schemaText.length;
    if (!text.startsWith(PAYLOAD_KEY, payloadStart) || !text.endsWith('}')) return null;
    const payloadText = text.slice(payloadStart + PAYLOAD_KEY.length, -1);
    if (needsExactParse(payloadText)) return null;
    let payload: JsonTree;
    try {
      payload = JSON.parse(payloadText) as JsonTree;
    } catch {
      return null;
    }
    try {
      return { schema: this.lastSchema, value: jsonToConnect(this.lastSchema, payload, this.opts, '$.payload') };
    } catch (err) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed for topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
  }

  private schemaJson(schema: Schema): string {
    let text = this.schemaText.get(schema);
    if (text === undefined) {
      text = stringifyJson(schemaToJson(schema, this.codec));
      this.schemaText.set(schema, text);
    }
    return text;
  }

  /** The envelope's schema, parsed once per distinct schema text (LRU of schemas.cache.size). */
  private parsedSchema(json: JsonTree, exact: boolean): Schema | null {
    if (json === null || this.schemaCacheSize === 0) return schemaFromJson(json, this.codec, '$.schema');
    // Without bigints/JsonDecimals in the tree the native stringify gives the same key, faster.
    const key = exact ? stringifyJson(json) : JSON.stringify(json);
    const cached = this.parsedSchemas.get(key);
    if (cached !== undefined) {
      this.parsedSchemas.delete(key);
      this.parsedSchemas.set(key, cached);
      this.lastSchemaText = key;
      this.lastSchema = cached;
      return cached;
    }
    const schema = schemaFromJson(json, this.codec, '$.schema');
    this.parsedSchemas.set(key, schema);
    this.lastSchemaText = key;
    this.lastSchema = schema;
    if (this.parsedSchemas.size > this.schemaCacheSize) this.parsedSchemas.delete(this.parsedSchemas.keys().next().value as string);
    return schema;
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}

function isEnvelope(tree: JsonTree): tree is { schema: JsonTree; payload: JsonTree } {
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) return false;
  const keys = Object.keys(tree);
  return keys.length === 2 && keys.includes('schema') && keys.includes('payload');
}
