/**
 * Kafka's org.apache.kafka.connect.converters.ByteArrayConverter: bytes pass through unchanged;
 * the schema must be bytes (or absent) and the value a Buffer/Uint8Array.
 */
import { DataException } from '../errors.js';
import { describe } from '../data/logical-types.js';
import { OPTIONAL_BYTES_SCHEMA } from '../data/schemas.js';
import type { ConfigDef, Converter, HeaderConverter, Schema, SchemaAndValue } from '../types.js';

/** Kafka's ByteArrayConverter (see the file comment). */
export class ByteArrayConverter implements Converter, HeaderConverter {
  configure(_props: Record<string, string>, _isKey = false): void {}

  config(): ConfigDef {
    return [];
  }

  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== 'bytes') {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type.toUpperCase()} (topic ${topic})`);
    }
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataException(`ByteArrayConverter is not compatible with objects of type ${describe(value)} (topic ${topic})`);
    }
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  toConnectData(_topic: string, bytes: Buffer | null): SchemaAndValue {
    return { schema: OPTIONAL_BYTES_SCHEMA, value: bytes };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}
