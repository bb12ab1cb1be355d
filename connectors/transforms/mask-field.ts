/**
 * Kafka's MaskField$Key / MaskField$Value: replaces the listed fields with the "empty" value of
 * their type (0, 0.0, false, "", epoch Date, empty array/object/Buffer, Decimal "0") or with
 * `replacement` parsed to the field's type (numbers, strings, booleans, Decimals). The schema
 * is unchanged. Null field values stay null; null record values pass through.
 */
import { DataException } from '../api/errors.js';
import { DECIMAL_NAME, decimalScale, decimalToUnscaled, describe, unscaledToDecimal } from '../api/data/logical-types.js';
import { nonEmptyList, nonEmptyString } from '../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { requireMap, requireStruct, setOwn } from './util/requirements.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'mask fields';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const MASK_FIELD_CONFIG: ConfigDef = [
  { name: 'fields', type: 'list', importance: 'high', documentation: 'Names of fields to mask.',
    validator: nonEmptyList },
  { name: 'replacement', type: 'string', default: null, importance: 'low', validator: nonEmptyString,
    documentation: 'Custom value replacement, that will be applied to all \'fields\' values (numeric or non-empty string values only).' },
  REPLACE_NULL_WITH_DEFAULT,
];

/** Shared logic of MaskField$Key and MaskField$Value. */
export abstract class MaskField<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private fields = new Set<string>();
  private replacement: string | null = null;

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(MASK_FIELD_CONFIG, props, this.constructor.name);
    this.fields = new Set(c.fields as string[]);
    this.replacement = c.replacement as string | null;
  }

  config(): ConfigDef {
    return MASK_FIELD_CONFIG;
  }

  apply(record: R): R {
    const value = partValue(record, this.part);
    if (value === null || value === undefined) return record;
    const schema = partSchema(record, this.part);
    if (schema === null) {
      const updated = { ...requireMap(value, PURPOSE) };
      for (const name of this.fields) if (Object.hasOwn(updated, name)) setOwn(updated, name, this.masked(null, updated[name], name));
      return withPart(record, this.part, null, updated);
    }
    const updated = { ...requireStruct(schema, value, PURPOSE) };
    for (const f of schema.fields ?? []) {
      if (this.fields.has(f.field)) setOwn(updated, f.field, this.masked(f.schema, updated[f.field] ?? null, f.field));
    }
    return withPart(record, this.part, schema, updated);
  }

  private masked(schema: Schema | null, value: unknown, field: string): unknown {
    if (value === null || value === undefined) return null;
    if (schema?.name === DECIMAL_NAME) {
      const scale = decimalScale(schema);
      return unscaledToDecimal(this.replacement === null ? 0n : decimalToUnscaled(this.replacement, scale), scale);
    }
    return this.replacement === null ? emptyOf(value, field) : replaced(value, this.replacement, field);
  }
}

function emptyOf(value: unknown, field: string): unknown {
  switch (typeof value) {
    case 'number': return 0;
    case 'bigint': return 0n;
    case 'boolean': return false;
    case 'string': return '';
  }
  if (value instanceof Date) return new Date(0);
  if (Array.isArray(value)) return [];
  if (value instanceof Uint8Array) return Buffer.alloc(0);
  if (value instanceof Map) return new Map();
  if (typeof value === 'object') return {};
  throw new DataException(`Cannot mask value of type ${describe(value)} in field ${field}`);
}

function replaced(value: unknown, replacement: string, field: string): unknown {
  switch (typeof value) {
    case 'string': return replacement;
    case 'boolean': return replacement.toLowerCase() === 'true';
    case 'number': {
      const n = Number(replacement);
      if (replacement.trim() === '' || Number.isNaN(n)) throw new DataException(`Unable to convert ${replacement} (string) to number for field ${field}`);
      return Number.isInteger(value) && !Number.isInteger(n) ? Math.trunc(n) : n;
    }
    case 'bigint':
      try {
        return BigInt(replacement);
      } catch {
        throw new DataException(`Unable to convert ${replacement} (string) to number for field ${field}`);
      }
  }
  throw new DataException(`Cannot mask value of type ${describe(value)} with custom replacement (field ${field})`);
}

/** MaskField on the record key. */
export class MaskField$Key<R extends ConnectRecord = ConnectRecord> extends MaskField<R> {
  protected readonly part = 'key';
}

/** MaskField on the record value. */
export class MaskField$Value<R extends ConnectRecord = ConnectRecord> extends MaskField<R> {
  protected readonly part = 'value';
}
