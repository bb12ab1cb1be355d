/**
 * Kafka's TimestampConverter$Key / TimestampConverter$Value: converts a timestamp (the whole
 * key/value, or `field`) between `string` (SimpleDateFormat `format`, UTC), `unix` (int64 in
 * `unix.precision` units), `Date`, `Time` and `Timestamp` (JavaScript Dates with the Connect
 * logical schemas). The input kind comes from the schema, or schemaless from the JS type
 * (Date → Timestamp, number/bigint → unix, string → string).
 */
import { invalidConfig } from '../api/config-def.js';
import { DataException } from '../api/errors.js';
import { oneOf } from '../api/config-validators.js';
import { DATE_NAME, TIME_NAME, TIMESTAMP_NAME, dateSchema, describe, timeSchema, timestampSchema } from '../api/data/logical-types.js';
import { OptionalSchemas, Schemas, structHeader } from '../api/data/schemas.js';
import type { ConfigDef, ConnectRecord, Schema, Transformation } from '../api/types.js';
import { partSchema, partValue, withPart, type RecordPart } from './util/record-part.js';
import { fieldValue, requireMap, requireStruct, setOwn } from './util/requirements.js';
import { SchemaCache } from './util/schema-cache.js';
import { SimpleDateFormat } from './util/simple-date-format.js';
import { REPLACE_NULL_WITH_DEFAULT, parseTransformConfig } from './util/transform-config.js';

const PURPOSE = 'converting timestamp formats';
const MS_PER_DAY = 86_400_000;

type Kind = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const TIMESTAMP_CONVERTER_CONFIG: ConfigDef = [
  { name: 'field', type: 'string', default: '', importance: 'high', documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp' },
  { name: 'target.type', type: 'string', importance: 'high', validator: oneOf('string', 'unix', 'Date', 'Time', 'Timestamp'),
    documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp' },
  { name: 'format', type: 'string', default: '', importance: 'medium',
    documentation: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.' },
  { name: 'unix.precision', type: 'string', default: 'milliseconds', importance: 'low', validator: oneOf('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
    documentation: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.' },
  REPLACE_NULL_WITH_DEFAULT,
];

const UNITS_PER_MS: Record<Precision, bigint> = { seconds: 1n, milliseconds: 1n, microseconds: 1000n, nanoseconds: 1_000_000n };

/** Shared logic of TimestampConverter$Key and TimestampConverter$Value. */
export abstract class TimestampConverter<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  protected abstract readonly part: RecordPart;
  private field = '';
  private target: Kind = 'Timestamp';
  private format: SimpleDateFormat | null = null;
  private precision: Precision = 'milliseconds';
  private replaceNullWithDefault = true;
  private readonly schemas = new SchemaCache();

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(TIMESTAMP_CONVERTER_CONFIG, props, this.constructor.name);
    this.field = c.field as string;
    this.target = c['target.type'] as Kind;
    this.precision = c['unix.precision'] as Precision;
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
    const pattern = c.format as string;
    if (this.target === 'string' && pattern === '') {
      invalidConfig('format', pattern, 'TimestampConverter requires format option to be specified when using string timestamps');
    }
    try {
      this.format = pattern === '' ? null : new SimpleDateFormat(pattern);
    } catch (err) {
      invalidConfig('format', pattern, `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${(err as Error).message}`);
    }
  }

  config(): ConfigDef {
    return TIMESTAMP_CONVERTER_CONFIG;
  }

  apply(record: R): R {
    const schema = partSchema(record, this.part);
    const value = partValue(record, this.part);
    if (this.field === '') {
      if (schema === null) return withPart(record, this.part, null, value == null ? null : this.convert(value, inferKind(value)));
      const updated = this.schemas.get(schema, (s) => this.targetSchema(s.optional === true));
      return withPart(record, this.part, updated, value == null ? null : this.convert(value, schemaKind(schema)));
    }
    if (schema === null) {
      if (value === null || value === undefined) return record;
      const updated = { ...requireMap(value, PURPOSE) };
      const v = updated[this.field];
      if (v !== null && v !== undefined) setOwn(updated, this.field, this.convert(v, inferKind(v)));
      return withPart(record, this.part, null, updated);
    }
    const updatedSchema = this.schemas.get(schema, (s) => this.structSchema(s));
    if (value === null || value === undefined) return withPart(record, this.part, updatedSchema, null);
    const struct = requireStruct(schema, value, PURPOSE);
    const updated: Record<string, unknown> = {};
    for (const f of schema.fields ?? []) {
      const v = fieldValue(struct, f.field, f.schema, this.replaceNullWithDefault);
      setOwn(updated, f.field, f.field === this.field && v !== null ? this.convert(v, schemaKind(f.schema)) : v);
    }
    return withPart(record, this.part, updatedSchema, updated);
  }

  private structSchema(schema: Schema): Schema {
    if (schema.type !== 'struct') requireStruct(schema, null, PURPOSE);
    const fields = (schema.fields ?? []).map((f) => (f.field === this.field ? { field: f.field, schema: this.targetSchema(f.schema.optional === true, f.schema) } : f));
    if (!fields.some((f) => f.field === this.field)) throw new DataException(`Unknown field: ${this.field}`);
    return { ...structHeader(schema), fields };
  }

  private targetSchema(optional: boolean, input?: Schema): Schema {
    if (input) schemaKind(input); // refuses a field that is no timestamp
    switch (this.target) {
      case 'string': return optional ? OptionalSchemas.string : Schemas.string;
      case 'unix': return optional ? OptionalSchemas.int64 : Schemas.int64;
      case 'Date': return dateSchema(optional);
      case 'Time': return timeSchema(optional);
      case 'Timestamp': return timestampSchema(optional);
    }
  }

  /** Any supported input → the target kind, through epoch milliseconds. */
  private convert(value: unknown, kind: Kind): unknown {
    const ms = this.toMs(value, kind);
    switch (this.target) {
      case 'string': return this.format!.format(new Date(ms));
      case 'unix': {
        const units = this.precision === 'seconds' ? BigInt(Math.floor(ms / 1000)) : BigInt(ms) * UNITS_PER_MS[this.precision];
        return Number.isSafeInteger(Number(units)) ? Number(units) : units;
      }
      case 'Date': return new Date(Math.floor(ms / MS_PER_DAY) * MS_PER_DAY);
      case 'Time': return new Date(((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
      case 'Timestamp': return new Date(ms);
    }
  }

  private toMs(value: unknown, kind: Kind): number {
    switch (kind) {
      case 'string':
        if (typeof value !== 'string') throw new DataException(`Expected a string timestamp but got ${describe(value)}`);
        if (this.format === null) throw new DataException('TimestampConverter requires format option to be specified when using string timestamps');
        try {
          return this.format.parse(value).getTime();
        } catch (err) {
          throw new DataException(`Could not parse timestamp: value (${value}) does not match pattern (${this.format.pattern})`, { cause: err });
        }
      case 'unix': {
        if (typeof value !== 'number' && typeof value !== 'bigint') throw new DataException(`Expected a unix timestamp (number) but got ${describe(value)}`);
        if (this.precision === 'seconds') return Number(value) * 1000;
        const units = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
        return Number(units / UNITS_PER_MS[this.precision]);
      }
      default:
        if (!(value instanceof Date)) throw new DataException(`Expected a Date for ${kind} but got ${describe(value)}`);
        return value.getTime();
    }
  }
}

function inferKind(value: unknown): Kind {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'number' || typeof value === 'bigint') return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(`TimestampConverter does not support ${describe(value)} objects as timestamps`);
}

function schemaKind(schema: Schema): Kind {
  if (schema.name === TIMESTAMP_NAME) return 'Timestamp';
  if (schema.name === DATE_NAME) return 'Date';
  if (schema.name === TIME_NAME) return 'Time';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'int64') return 'unix';
  throw new DataException(`Schema ${schema.name ?? schema.type.toUpperCase()} does not correspond to a known timestamp type format`);
}

/** TimestampConverter on the record key. */
export class TimestampConverter$Key<R extends ConnectRecord = ConnectRecord> extends TimestampConverter<R> {
  protected readonly part = 'key';
}

/** TimestampConverter on the record value. */
export class TimestampConverter$Value<R extends ConnectRecord = ConnectRecord> extends TimestampConverter<R> {
  protected readonly part = 'value';
}
