/**
 * Kafka's Cast$Key / Cast$Value: `spec` is either one type for the whole key/value
 * (`spec=int64`) or `field:type` pairs (`spec=age:int32,price:float64`). Types: int8, int16,
 * int32, int64, float32, float64, boolean, string. With a schema, the cast fields' schemas
 * become the target type (optionality kept, defaults cast too). Casting rules: util/cast-value.ts.
 */
import { invalidConfig } from '../api/config-def.js';
import { DataException } from '../api/errors.js';
import { nonEmptyList } from '../api/config-validators.js';
import { DATE_NAME, DECIMAL_NAME, TIME_NAME, TIMESTAMP_NAME } from '../api/data/logical-types.js';
import { structHeader } from '../api/data/schemas.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { CAST_TARGETS, castValue, type CastTarget } from './util/cast-value.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'cast types';
const WHOLE_VALUE = '';
const PRIMITIVE_INPUTS = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string'];
const SUPPORTED_TEXT = '[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]';
const SCHEMA_TYPES = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array', 'map', 'struct'];

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const CAST_CONFIG: ConfigDef = [
  { name: 'spec', type: 'list', importance: 'high', validator: nonEmptyList,
    documentation: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. ' +
      'A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. ' +
      'Note that binary fields can only be cast to string.' },
  REPLACE_NULL_WITH_DEFAULT,
];

/** Parses the spec into field → target ('' = the whole value). */
export function parseCastSpec(spec: string[]): Map<string, CastTarget> {
  const casts = new Map<string, CastTarget>();
  const target = (type: string): CastTarget => {
    const t = type.trim().toLowerCase();
    if (!SCHEMA_TYPES.includes(t)) invalidConfig('spec', spec, `Invalid type found in casting spec: ${type.trim()}`);
    if (!CAST_TARGETS.includes(t as CastTarget)) {
      invalidConfig('spec', spec, `Cast transformation does not support casting to ${t.toUpperCase()}; supported types are ${SUPPORTED_TEXT}`);
    }
    return t as CastTarget;
  };
  for (const mapping of spec) {
    const parts = mapping.split(':');
    if (parts.length === 1) {
      if (spec.length > 1) invalidConfig('spec', spec, 'Cast transformations that specify a type to cast the entire value to may ony specify a single cast in their spec');
      casts.set(WHOLE_VALUE, target(parts[0]));
    } else if (parts.length === 2 && parts[0].trim() !== '') {
      casts.set(parts[0].trim(), target(parts[1]));
    } else {
      invalidConfig('spec', spec, `Invalid cast mapping: ${mapping}`);
    }
  }
  return casts;
}

function checkCastable(schema: Schema, target: CastTarget, where: string): void {
  if (target === 'string') return;
  let ok: boolean;
  if (schema.name === DECIMAL_NAME) ok = true;
  else if (schema.name === DATE_NAME || schema.name === TIME_NAME || schema.name === TIMESTAMP_NAME) ok = target === 'int64';
  else ok = PRIMITIVE_INPUTS.includes(schema.type);
  if (!ok) {
    throw new DataException(`Cast transformation does not support casting ${where} from ${schema.name ?? schema.type.toUpperCase()} to ${target.toUpperCase()}`);
  }
}

function castSchema(schema: Schema, target: CastTarget): Schema {
  const out: Schema = { type: target };
  if (schema.optional) out.optional = true;
  if (schema.default !== undefined && schema.default !== null) out.default = castValue(schema, schema.default, target);
  return out;
}

/** Shared logic of Cast$Key and Cast$Value. */
export abstract class Cast<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private casts = new Map<string, CastTarget>();
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(CAST_CONFIG, props, this.constructor.name);
    this.casts = parseCastSpec(c.spec as string[]);
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
  }

  config(): ConfigDef {
    return CAST_CONFIG;
  }

  apply(record: R): R {
    const schema = partSchema(record, this.part);
    const value = partValue(record, this.part);
    const whole = this.casts.get(WHOLE_VALUE);
    if (whole !== undefined) {
      if (schema === null) return withPart(record, this.part, null, castValue(null, value, whole));
      const updated = this.schemas.get(schema, (s) => {
        checkCastable(s, whole, 'the value');
        return castSchema(s, whole);
      });
      return withPart(record, this.part, updated, castValue(schema, value, whole));
    }
    if (value === null || value === undefined) return record;
    if (schema === null) {
      const updated = { ...requireMap(value, PURPOSE) };
      for (const [field, target] of this.casts) if (Object.hasOwn(updated, field)) setOwn(updated, field, castValue(null, updated[field], target));
      return withPart(record, this.part, null, updated);
    }
    const struct = requireStruct(schema, value, PURPOSE);
    const updatedSchema = this.schemas.get(schema, (s) => this.makeSchema(s));
    const updated: Record<string, unknown> = {};
    for (const f of schema.fields ?? []) {
      const v = fieldValue(struct, f.field, f.schema, this.replaceNullWithDefault);
      const target = this.casts.get(f.field);
      setOwn(updated, f.field, target === undefined ? v : castValue(f.schema, v, target));
    }
    return withPart(record, this.part, updatedSchema, updated);
  }

  private makeSchema(schema: Schema): Schema {
    const fields = (schema.fields ?? []).map((f) => {
      const target = this.casts.get(f.field);
      if (target === undefined) return f;
      checkCastable(f.schema, target, `field ${f.field}`);
      return { field: f.field, schema: castSchema(f.schema, target) };
    });
    return { ...structHeader(schema), fields };
  }
}

/** Cast on the record key. */
export class Cast$Key<R extends ConnectRecord = ConnectRecord> extends Cast<R> {
  protected readonly part = 'key';
}

/** Cast on the record value. */
export class Cast$Value<R extends ConnectRecord = ConnectRecord> extends Cast<R> {
  protected readonly part = 'value';
}
