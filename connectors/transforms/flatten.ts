/**
 * Kafka's Flatten$Key / Flatten$Value: nested structs (schemaless: nested objects) become
 * top-level fields named by joining the path with `delimiter` (`address.city`). Arrays and
 * maps are kept as they are. With a schema, a field under an optional struct becomes optional.
 * Null values (tombstones) pass through unchanged.
 */
import type { ConfigDef, ConnectRecord, Schema, SchemaField, Transformation } from '../api/types.js';
import { structHeader } from '../api/data/schemas.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { isPlainObject, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'flattening';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const FLATTEN_CONFIG: ConfigDef = [
  { name: 'delimiter', type: 'string', default: '.', importance: 'medium',
    documentation: 'Delimiter to insert between field names from the input record when generating field names for the output record' },
];

/** Shared logic of Flatten$Key and Flatten$Value. */
export abstract class Flatten<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private delimiter = '.';
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    this.delimiter = parseTransformConfig(FLATTEN_CONFIG, props, this.constructor.name).delimiter as string;
  }

  config(): ConfigDef {
    return FLATTEN_CONFIG;
  }

  private name(prefix: string, field: string): string {
    return prefix === '' ? field : prefix + this.delimiter + field;
  }

  apply(record: R): R {
    const value = partValue(record, this.part);
    if (value === null || value === undefined) return record;
    const schema = partSchema(record, this.part);
    const out: Record<string, unknown> = {};
    if (schema === null) {
      this.flattenMap(requireMap(value, PURPOSE), '', out);
      return withPart(record, this.part, null, out);
    }
    const struct = requireStruct(schema, value, PURPOSE);
    const updated = this.schemas.get(schema, (s) => {
      const fields: SchemaField[] = [];
      this.flattenSchema(s, '', false, fields);
      return { ...structHeader(s), fields };
    });
    this.flattenStruct(schema, struct, '', out);
    return withPart(record, this.part, updated, out);
  }

  private flattenMap(map: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(map)) {
      if (isPlainObject(v) || v instanceof Map) this.flattenMap(requireMap(v, PURPOSE), this.name(prefix, k), out);
      else setOwn(out, this.name(prefix, k), v ?? null);
    }
  }

  private flattenSchema(schema: Schema, prefix: string, optionalParent: boolean, out: SchemaField[]): void {
    for (const f of schema.fields ?? []) {
      const name = this.name(prefix, f.field);
      if (f.schema.type === 'struct') this.flattenSchema(f.schema, name, optionalParent || f.schema.optional === true, out);
      else out.push({ field: name, schema: optionalParent && !f.schema.optional ? { ...f.schema, optional: true } : f.schema });
    }
  }

  private flattenStruct(schema: Schema, struct: Record<string, unknown> | null, prefix: string, out: Record<string, unknown>): void {
    for (const f of schema.fields ?? []) {
      const name = this.name(prefix, f.field);
      let v = struct === null ? null : (struct[f.field] ?? null);
      if (v === null && struct !== null && f.schema.default !== undefined) v = f.schema.default;
      if (f.schema.type === 'struct') this.flattenStruct(f.schema, v as Record<string, unknown> | null, name, out);
      else setOwn(out, name, v);
    }
  }
}

/** Flatten on the record key. */
export class Flatten$Key<R extends ConnectRecord = ConnectRecord> extends Flatten<R> {
  protected readonly part = 'key';
}

/** Flatten on the record value. */
export class Flatten$Value<R extends ConnectRecord = ConnectRecord> extends Flatten<R> {
  protected readonly part = 'value';
}
