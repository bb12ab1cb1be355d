/**
 * Kafka's InsertField$Key / InsertField$Value: adds the record's topic, partition, offset (sink
 * records only), timestamp and/or a static string as fields. A field spec ending in `!` is
 * required in the new schema, `?` (the default) optional. Null values (tombstones) pass
 * through unchanged. Schemaless timestamps are epoch ms numbers; with a schema, Timestamp Dates.
 */
import { DataException } from '../api/errors.js';
import { timestampSchema } from '../api/data/logical-types.js';
import { Schemas, structHeader } from '../api/data/schemas.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'field insertion';
const fieldKey = (name: string, documentation: string): ConfigDef[number] => ({ name, type: 'string', default: null, importance: 'medium', documentation });
const SUFFIX_DOC = ' Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const INSERT_FIELD_CONFIG: ConfigDef = [
  fieldKey('topic.field', 'Field name for Kafka topic.' + SUFFIX_DOC),
  fieldKey('partition.field', 'Field name for Kafka partition.' + SUFFIX_DOC),
  fieldKey('offset.field', 'Field name for Kafka offset - only applicable to sink connectors.' + SUFFIX_DOC),
  fieldKey('timestamp.field', 'Field name for record timestamp.' + SUFFIX_DOC),
  fieldKey('static.field', 'Field name for static data field.' + SUFFIX_DOC),
  fieldKey('static.value', 'Static field value, if field name configured.'),
  REPLACE_NULL_WITH_DEFAULT,
];

interface InsertionSpec {
  name: string;
  optional: boolean;
}

function parseSpec(spec: unknown): InsertionSpec | null {
  if (typeof spec !== 'string' || spec === '') return null;
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  return { name: spec, optional: true };
}

type Kind = 'topic' | 'partition' | 'offset' | 'timestamp' | 'static';
const KIND_SCHEMAS: Record<Kind, Schema> = {
  topic: Schemas.string, partition: Schemas.int32, offset: Schemas.int64, timestamp: timestampSchema(), static: Schemas.string,
};

/** Shared logic of InsertField$Key and InsertField$Value. */
export abstract class InsertField<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private fields: { kind: Kind; spec: InsertionSpec }[] = [];
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(INSERT_FIELD_CONFIG, props, this.constructor.name);
    this.fields = [];
    for (const kind of ['topic', 'partition', 'offset', 'timestamp', 'static'] as Kind[]) {
      const spec = parseSpec(c[`${kind}.field`]);
      if (spec) this.fields.push({ kind, spec });
    }
    this.staticValue = c['static.value'] as string | null;
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return INSERT_FIELD_CONFIG;
  }

  apply(record: R): R {
    const value = partValue(record, this.part);
    if (value === null || value === undefined) return record;
    const schema = partSchema(record, this.part);
    if (schema === null) {
      const updated = { ...requireMap(value, PURPOSE) };
      for (const { kind, spec } of this.fields) {
        const v = this.insertedValue(kind, record, false);
        if (v !== null) setOwn(updated, spec.name, v);
      }
      return withPart(record, this.part, null, updated);
    }
    const struct = requireStruct(schema, value, PURPOSE);
    const updatedSchema = this.schemas.get(schema, (s) => this.makeSchema(s));
    const updated: Record<string, unknown> = {};
    for (const f of schema.fields ?? []) setOwn(updated, f.field, fieldValue(struct, f.field, f.schema, this.replaceNullWithDefault));
    for (const { kind, spec } of this.fields) {
      const v = this.insertedValue(kind, record, true);
      if (v === null && !spec.optional) {
        throw new DataException(`Invalid value: null used for required field: "${spec.name}", schema type: ${KIND_SCHEMAS[kind].type.toUpperCase()}`);
      }
      setOwn(updated, spec.name, v);
    }
    return withPart(record, this.part, updatedSchema, updated);
  }

  private makeSchema(schema: Schema): Schema {
    const fields = [...(schema.fields ?? [])];
    for (const { kind, spec } of this.fields) {
      fields.push({ field: spec.name, schema: spec.optional ? { ...KIND_SCHEMAS[kind], optional: true } : KIND_SCHEMAS[kind] });
    }
    return { ...structHeader(schema), fields };
  }

  private insertedValue(kind: Kind, record: R, withSchema: boolean): unknown {
    switch (kind) {
      case 'topic': return record.topic;
      case 'partition': return record.kafkaPartition;
      case 'offset': {
        const offset = (record as { kafkaOffset?: bigint | number }).kafkaOffset;
        if (offset === undefined) throw new DataException('Offset insertion is only supported for sink connectors, record is of type: SourceRecord');
        return typeof offset === 'bigint' && Number.isSafeInteger(Number(offset)) ? Number(offset) : offset;
      }
      case 'timestamp':
        if (record.timestamp === null) return null;
        return withSchema ? new Date(record.timestamp) : record.timestamp;
      case 'static': return this.staticValue;
    }
  }
}

/** InsertField on the record key. */
export class InsertField$Key<R extends ConnectRecord = ConnectRecord> extends InsertField<R> {
  protected readonly part = 'key';
}

/** InsertField on the record value. */
export class InsertField$Value<R extends ConnectRecord = ConnectRecord> extends InsertField<R> {
  protected readonly part = 'value';
}
