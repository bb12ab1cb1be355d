/**
 * Kafka's ExtractField$Key / ExtractField$Value: replaces the key or value with one of its
 * fields (and the schema with that field's schema). `field.syntax.version=V2` allows dotted
 * paths into nested structs. A null struct yields a null value; a missing schemaless field
 * yields null; a field missing from the schema is an error.
 */
import { DataException } from '../api/errors.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';
import { FIELD_SYNTAX_VERSION, parseFieldPath, schemaAtPath, valueAtPath } from './util/field-path.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'field extraction';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const EXTRACT_FIELD_CONFIG: ConfigDef = [
  { name: 'field', type: 'string', importance: 'medium', documentation: 'Field name to extract.',
    validator: (_n, v) => {
      if (v === '') throw 'String must be non-empty';
    } },
  FIELD_SYNTAX_VERSION,
  REPLACE_NULL_WITH_DEFAULT,
];

/** Shared logic of ExtractField$Key and ExtractField$Value. */
export abstract class ExtractField<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private path: string[] = [];
  private replaceNullWithDefault = true;

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(EXTRACT_FIELD_CONFIG, props, this.constructor.name);
    this.path = parseFieldPath(c.field as string, c['field.syntax.version'] as string, 'field');
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return EXTRACT_FIELD_CONFIG;
  }

  apply(record: R): R {
    const schema = partSchema(record, this.part);
    const value = partValue(record, this.part);
    if (schema === null) {
      if (value === null || value === undefined) return withPart(record, this.part, null, null);
      requireMap(value, PURPOSE);
      return withPart(record, this.part, null, valueAtPath(value instanceof Map ? Object.fromEntries(value) : value, this.path) ?? null);
    }
    const fieldSchema = schemaAtPath(schema, this.path);
    if (fieldSchema === undefined) throw new DataException(`Unknown field: ${this.path.join('.')}`);
    if (value === null || value === undefined) return withPart(record, this.part, fieldSchema, null);
    requireStruct(schema, value, PURPOSE);
    let extracted = valueAtPath(value, this.path) ?? null;
    if (extracted === null && this.replaceNullWithDefault && fieldSchema.default !== undefined) extracted = fieldSchema.default;
    return withPart(record, this.part, fieldSchema, extracted);
  }
}

/** ExtractField on the record key. */
export class ExtractField$Key<R extends ConnectRecord = ConnectRecord> extends ExtractField<R> {
  protected readonly part = 'key';
}

/** ExtractField on the record value. */
export class ExtractField$Value<R extends ConnectRecord = ConnectRecord> extends ExtractField<R> {
  protected readonly part = 'value';
}
