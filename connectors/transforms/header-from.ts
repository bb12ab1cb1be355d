/**
 * Kafka's HeaderFrom$Key / HeaderFrom$Value: adds a header per listed field (`fields[i]` →
 * `headers[i]`, with the field's schema) and, with `operation=move`, removes the fields from
 * the key/value and its schema (`copy` leaves them).
 */
import { invalidConfig } from '../api/config-def.js';
import { DataException } from '../api/errors.js';
import { nonEmptyList, oneOf } from '../api/config-validators.js';
import { fieldOf, structHeader } from '../api/data/schemas.js';
import type { ConfigDef, ConnectHeader, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'header from';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const HEADER_FROM_CONFIG: ConfigDef = [
  { name: 'fields', type: 'list', importance: 'high', validator: nonEmptyList, documentation: 'Field names in the record whose values are to be copied or moved to headers.' },
  { name: 'headers', type: 'list', importance: 'high', validator: nonEmptyList, documentation: 'Header names, in the same order as the field names listed in the fields configuration property.' },
  { name: 'operation', type: 'string', importance: 'high', validator: oneOf('move', 'copy'),
    documentation: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).' },
  REPLACE_NULL_WITH_DEFAULT,
];

/** Shared logic of HeaderFrom$Key and HeaderFrom$Value. */
export abstract class HeaderFrom<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private fields: string[] = [];
  private headers: string[] = [];
  private move = false;
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(HEADER_FROM_CONFIG, props, this.constructor.name);
    this.fields = c.fields as string[];
    this.headers = c.headers as string[];
    if (this.fields.length !== this.headers.length) {
      invalidConfig('headers', this.headers, "'fields' config must have the same number of elements as 'headers' config.");
    }
    this.move = c.operation === 'move';
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return HEADER_FROM_CONFIG;
  }

  apply(record: R): R {
    const value = partValue(record, this.part);
    if (value === null || value === undefined) return record;
    const schema = partSchema(record, this.part);
    const added: ConnectHeader[] = [];
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      this.fields.forEach((f, i) => added.push({ key: this.headers[i], value: Object.hasOwn(map, f) ? map[f] : null, schema: null }));
      const updated = this.move ? Object.fromEntries(Object.entries(map).filter(([k]) => !this.fields.includes(k))) : map;
      return { ...withPart(record, this.part, null, updated), headers: [...record.headers, ...added] };
    }
    const struct = requireStruct(schema, value, PURPOSE);
    this.fields.forEach((f, i) => {
      const field = fieldOf(schema, f);
      if (!field) throw new DataException(`Field does not exist: ${f}`);
      added.push({ key: this.headers[i], value: fieldValue(struct, f, field.schema, this.replaceNullWithDefault), schema: field.schema });
    });
    if (!this.move) return { ...record, headers: [...record.headers, ...added] };
    const updatedSchema = this.schemas.get(schema, (s): Schema => ({ ...structHeader(s), fields: (s.fields ?? []).filter((f) => !this.fields.includes(f.field)) }));
    const updated: Record<string, unknown> = {};
    for (const f of updatedSchema.fields ?? []) setOwn(updated, f.field, fieldValue(struct, f.field, f.schema, this.replaceNullWithDefault));
    return { ...withPart(record, this.part, updatedSchema, updated), headers: [...record.headers, ...added] };
  }
}

/** HeaderFrom on the record key. */
export class HeaderFrom$Key<R extends ConnectRecord = ConnectRecord> extends HeaderFrom<R> {
  protected readonly part = 'key';
}

/** HeaderFrom on the record value. */
export class HeaderFrom$Value<R extends ConnectRecord = ConnectRecord> extends HeaderFrom<R> {
  protected readonly part = 'value';
}
