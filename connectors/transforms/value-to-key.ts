/**
 * Kafka's ValueToKey: replaces the key with a struct (or, schemaless, an object) of the listed
 * value fields. With a schema, the key schema is a struct of those fields' schemas.
 */
import { DataException } from '../api/errors.js';
import { nonEmptyList } from '../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { fieldOf } from '../api/data/schemas.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'copying fields from value to key';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const VALUE_TO_KEY_CONFIG: ConfigDef = [
  { name: 'fields', type: 'list', importance: 'high', validator: nonEmptyList, documentation: 'Field names on the record value to extract as the record key.' },
  REPLACE_NULL_WITH_DEFAULT,
];

/** Kafka's ValueToKey. */
export class ValueToKey<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(VALUE_TO_KEY_CONFIG, props, 'ValueToKey');
    this.fields = c.fields as string[];
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return VALUE_TO_KEY_CONFIG;
  }

  apply(record: R): R {
    const key: Record<string, unknown> = {};
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      for (const f of this.fields) setOwn(key, f, Object.hasOwn(value, f) ? value[f] : null);
      return { ...record, keySchema: null, key };
    }
    const schema = record.valueSchema;
    const value = requireStruct(schema, record.value, PURPOSE);
    const keySchema = this.schemas.get(schema, (s) => this.keySchemaFor(s));
    for (const f of this.fields) setOwn(key, f, fieldValue(value, f, fieldOf(schema, f)?.schema, this.replaceNullWithDefault));
    return { ...record, keySchema, key };
  }

  private keySchemaFor(valueSchema: Schema): Schema {
    return {
      type: 'struct',
      fields: this.fields.map((name) => {
        const field = fieldOf(valueSchema, name);
        if (!field) throw new DataException(`Field does not exist: ${name}`);
        return { field: name, schema: field.schema };
      }),
    };
  }
}
