/**
 * Key/value plumbing shared by the `$Key`/`$Value` transforms: which half of the record a
 * transform works on, and a copy of the record with that half replaced (all other fields,
 * including SinkRecord/SourceRecord extras, are kept).
 */
import type { ConnectRecord, Schema } from '../../api/types.js';

/** Which half of the record a $Key/$Value transform works on. */
export type RecordPart = 'key' | 'value';

/** The key or value schema. */
export function partSchema(record: ConnectRecord, part: RecordPart): Schema | null {
  return part === 'key' ? record.keySchema : record.valueSchema;
}

/** The key or the value. */
export function partValue(record: ConnectRecord, part: RecordPart): unknown {
  return part === 'key' ? record.key : record.value;
}

/** A copy of `record` with its key or value (and schema) replaced. */
export function withPart<R extends ConnectRecord>(record: R, part: RecordPart, schema: Schema | null, value: unknown): R {
  return part === 'key' ? { ...record, keySchema: schema, key: value } : { ...record, valueSchema: schema, value };
}
