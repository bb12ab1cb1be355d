/**
 * Kafka's InsertHeader: adds header `header` with `value.literal`, whose schema and value are
 * inferred from the text as SimpleHeaderConverter does (`42` → INT8 42, `true` → BOOLEAN).
 * Existing headers with the same key are kept (headers may repeat).
 */
import { nonEmptyString, nonNull, all } from '../api/config-validators.js';
import { parseHeaderString } from '../api/converters/simple-header-converter.js';
import type { ConfigDef, ConnectHeader, ConnectRecord, Transformation } from '../api/types.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const INSERT_HEADER_CONFIG: ConfigDef = [
  { name: 'header', type: 'string', importance: 'high', validator: all(nonNull, nonEmptyString), documentation: 'The name of the header.' },
  { name: 'value.literal', type: 'string', importance: 'high', validator: nonNull,
    documentation: 'The literal value that is to be set as the header value on all records.' },
];

/** Kafka's InsertHeader. */
export class InsertHeader<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  private header: ConnectHeader = { key: '', value: null, schema: null };

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(INSERT_HEADER_CONFIG, props, 'InsertHeader');
    const parsed = parseHeaderString(c['value.literal'] as string);
    this.header = { key: c.header as string, value: parsed.value, schema: parsed.schema };
  }

  config(): ConfigDef {
    return INSERT_HEADER_CONFIG;
  }

  apply(record: R): R {
    return { ...record, headers: [...record.headers, { ...this.header }] };
  }
}
