/**
 * Kafka's org.apache.kafka.connect.storage.StringConverter: any value becomes its string form
 * (`converter.encoding`, default UTF-8); bytes come back as an optional string. Also a header
 * converter.
 */
import { parseConfig } from '../config-def.js';
import { stringifyJson } from '../data/json-text.js';
import { connectToJson } from './json-data.js';
import { OPTIONAL_STRING_SCHEMA } from '../data/schemas.js';
import type { ConfigDef, Converter, HeaderConverter, Schema, SchemaAndValue } from '../types.js';

const ENCODINGS: Record<string, BufferEncoding> = {
  'utf8': 'utf8', 'utf-8': 'utf8', 'utf16le': 'utf16le', 'utf-16le': 'utf16le', 'latin1': 'latin1', 'iso-8859-1': 'latin1',
  'ascii': 'ascii', 'us-ascii': 'ascii',
};

const JSON_OPTS = { decimalFormat: 'BASE64', replaceNullWithDefault: true } as const;

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const STRING_CONVERTER_CONFIG: ConfigDef = [
  { name: 'converter.encoding', type: 'string', default: 'UTF8', importance: 'high',
    documentation: 'The name of the character encoding used to encode and decode strings: UTF8 (default), UTF-16LE, ISO-8859-1 or US-ASCII.',
    validator: (_name, value) => {
      if (typeof value === 'string' && !ENCODINGS[value.toLowerCase()]) throw `Unsupported encoding; use one of: ${Object.keys(ENCODINGS).join(', ')}`;
    },
    group: 'Converter', orderInGroup: 0, width: 'medium', displayName: 'Encoding' },
  { name: 'converter.type', type: 'string', default: null, importance: 'low',
    documentation: 'How this converter will be used (key, value or header); set by the runtime.' },
];

/** Kafka's StringConverter (see the file comment). */
export class StringConverter implements Converter, HeaderConverter {
  private encoding: BufferEncoding = 'utf8';

  configure(props: Record<string, string>, _isKey = false): void {
    const values = parseConfig(STRING_CONVERTER_CONFIG, props, 'StringConverter');
    this.encoding = ENCODINGS[(values['converter.encoding'] as string).toLowerCase()];
  }

  config(): ConfigDef {
    return STRING_CONVERTER_CONFIG;
  }

  fromConnectData(topic: string, _schema: Schema | null, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    // Bytes are already bytes: written as they are.
    if (value instanceof Uint8Array) return Buffer.from(value);
    if (value instanceof Date) return Buffer.from(value.toISOString(), this.encoding);
    // Kafka writes Java's toString() (Struct{a=1}); Fjord writes structured values as JSON.
    if (typeof value === 'object') return Buffer.from(stringifyJson(connectToJson(null, value, JSON_OPTS, `topic ${topic}`)), this.encoding);
    return Buffer.from(String(value), this.encoding);
  }

  toConnectData(_topic: string, bytes: Buffer | null): SchemaAndValue {
    return { schema: OPTIONAL_STRING_SCHEMA, value: bytes === null ? null : bytes.toString(this.encoding) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}
