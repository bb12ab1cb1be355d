/**
 * Kafka's SetSchemaMetadata$Key / SetSchemaMetadata$Value: sets the key/value schema's `name`
 * and/or `version`. Needs a schema (schemaless records fail, as in Kafka).
 */
import { ConfigException } from '../api/config-def.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { requireSchema } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const SET_SCHEMA_METADATA_CONFIG: ConfigDef = [
  { name: 'schema.name', type: 'string', default: null, importance: 'high', documentation: 'Schema name to set.' },
  { name: 'schema.version', type: 'int', default: null, importance: 'high', documentation: 'Schema version to set.' },
];

/** Shared logic of SetSchemaMetadata$Key and SetSchemaMetadata$Value. */
export abstract class SetSchemaMetadata<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private name: string | null = null;
  private version: number | null = null;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(SET_SCHEMA_METADATA_CONFIG, props, this.constructor.name);
    this.name = c['schema.name'] as string | null;
    this.version = c['schema.version'] as number | null;
    if (this.name === null && this.version === null) {
      throw new ConfigException([{ name: 'schema.name', message: 'Neither schema name nor version configured' }], this.constructor.name);
    }
  }

  config(): ConfigDef {
    return SET_SCHEMA_METADATA_CONFIG;
  }

  apply(record: R): R {
    const schema = requireSchema(partSchema(record, this.part), 'updating schema metadata');
    const updated = this.schemas.get(schema, (s) => ({
      ...s,
      ...(this.name !== null ? { name: this.name } : {}),
      ...(this.version !== null ? { version: this.version } : {}),
    }));
    return withPart(record, this.part, updated, partValue(record, this.part));
  }
}

/** SetSchemaMetadata on the record key. */
export class SetSchemaMetadata$Key<R extends ConnectRecord = ConnectRecord> extends SetSchemaMetadata<R> {
  protected readonly part = 'key';
}

/** SetSchemaMetadata on the record value. */
export class SetSchemaMetadata$Value<R extends ConnectRecord = ConnectRecord> extends SetSchemaMetadata<R> {
  protected readonly part = 'value';
}
