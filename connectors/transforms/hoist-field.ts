/**
 * Kafka's HoistField$Key / HoistField$Value: wraps the key or value in a struct (schemaless: an
 * object) with a single field named `field`; with a schema, the new schema is a struct holding
 * the old one.
 */
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const HOIST_FIELD_CONFIG: ConfigDef = [
  { name: 'field', type: 'string', importance: 'medium',
    documentation: 'Field name for the single field that will be created in the resulting Struct or Map.' },
];

/** Shared logic of HoistField$Key and HoistField$Value. */
export abstract class HoistField<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private field = '';
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    this.field = parseTransformConfig(HOIST_FIELD_CONFIG, props, this.constructor.name).field as string;
  }

  config(): ConfigDef {
    return HOIST_FIELD_CONFIG;
  }

  apply(record: R): R {
    const schema = partSchema(record, this.part);
    const hoisted: Record<string, unknown> = {};
    setOwn(hoisted, this.field, partValue(record, this.part));
    if (schema === null) return withPart(record, this.part, null, hoisted);
    const updated = this.schemas.get(schema, (s): Schema => ({ type: 'struct', fields: [{ field: this.field, schema: s }] }));
    return withPart(record, this.part, updated, hoisted);
  }
}

/** HoistField on the record key. */
export class HoistField$Key<R extends ConnectRecord = ConnectRecord> extends HoistField<R> {
  protected readonly part = 'key';
}

/** HoistField on the record value. */
export class HoistField$Value<R extends ConnectRecord = ConnectRecord> extends HoistField<R> {
  protected readonly part = 'value';
}
