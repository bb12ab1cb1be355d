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
import { parseJson, stringifyJson, type JsonTree } from '../data/json-text.js';
import type { ConfigDef, Converter, HeaderConverter, Schema, SchemaAndValue } from '../types.js';
import { connectToJson, jsonToConnect, type JsonDataOptions } from './json-data.js';
import { schemaFromJson, schemaToJson, type DefaultCodec } from './json-schema.js';

/** JsonConverter's config (Kafka's JsonConverterConfig). */
export const JSON_CONVERTER_CONFIG: ConfigDef = [
  { name: 'schemas.enable', type: 'boolean', default: true, importance: 'high',
    documentation: 'Include schemas within each of the serialized values and keys.', group: 'Schemas', orderInGroup: 0, width: 'medium', displayName: 'Enable Schemas' },
  { name: 'schemas.cache.size', type: 'int', default: 1000, importance: 'high', validator: atLeast(0),
    documentation: 'The maximum number of schemas that can be cached in this converter instance. (Fjord parses schemas per record and ignores this.)',
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

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

export class JsonConverter implements Converter, HeaderConverter {
  private schemasEnabled = true;
  private opts: JsonDataOptions = { decimalFormat: 'BASE64', replaceNullWithDefault: true };
  private codec: DefaultCodec = this.makeCodec();

  configure(props: Record<string, string>, _isKey = false): void {
    const values = parseConfig(JSON_CONVERTER_CONFIG, props, 'JsonConverter');
    this.schemasEnabled = values['schemas.enable'] as boolean;
    this.opts = {
      decimalFormat: (values['decimal.format'] as string).toUpperCase() as JsonDataOptions['decimalFormat'],
      replaceNullWithDefault: values['replace.null.with.default'] as boolean,
    };
    this.codec = this.makeCodec();
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
    let tree: JsonTree;
    try {
      const payload = connectToJson(schema, value, this.opts);
      tree = this.schemasEnabled ? { schema: schema === null ? null : schemaToJson(schema, this.codec), payload } : payload;
    } catch (err) {
      throw new DataException(`Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
    return Buffer.from(stringifyJson(tree), 'utf8');
  }

  /** JSON bytes → Connect data. Null or empty bytes are a null value without schema. */
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue {
    if (bytes === null || bytes.length === 0) return { schema: null, value: null };
    let tree: JsonTree;
    try {
      tree = parseJson(bytes.toString('utf8'));
    } catch (err) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error of topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
    try {
      if (!this.schemasEnabled) return { schema: null, value: jsonToConnect(null, tree, this.opts) };
      if (!isEnvelope(tree)) throw new DataException(ENVELOPE_ERROR);
      const schema = schemaFromJson(tree.schema, this.codec, '$.schema');
      return { schema, value: jsonToConnect(schema, tree.payload, this.opts, '$.payload') };
    } catch (err) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed for topic ${topic}: ${(err as Error).message}`, { cause: err });
    }
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
