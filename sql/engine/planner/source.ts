/**
 * A stream or table of the catalog as the first stage of a query: records deserialized with the
 * source's formats (a record that cannot be read is dropped and logged, as ksqlDB does), event
 * time from the TIMESTAMP column when one is set, and each value widened to the full row.
 */
import type { Processor, ProcessorContext } from '../../../core/streams/processor/processor.js';
import type { StreamRecord } from '../../../core/streams/processor/record.js';
import type { Serde } from '../../../core/streams/serdes/serde.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../../../core/streams/serdes/windowed-serde.js';
import type { Windowed } from '../../../core/streams/windows/window.js';
import type { ColumnRef } from '../../ast/expressions.js';
import type { DataSource } from '../catalog.js';
import { effectiveKeyFormat } from '../ddl.js';
import type { PlanContext, SerdeFactory } from './context.js';
import { ROWOFFSET, ROWPARTITION, ROWTIME, SYSTEM_COLUMN_TYPES, WINDOWEND, WINDOWSTART, type RowColumn } from './row.js';
import { isTombstone, markTombstone, type KeyPart, type KeyRow, type Row, type Stage } from './stage.js';

/** What a lenient serde returns for bytes it cannot read. */
export const UNREADABLE = Symbol('unreadable');

function lenient<T>(serde: Serde<T>, what: string, log: (m: string) => void): Serde<T | typeof UNREADABLE> {
  return {
    name: serde.name,
    serialize: (topic, value) => serde.serialize(topic, value as T),
    deserialize: (topic, data) => {
      try {
        return serde.deserialize(topic, data);
      } catch (err) {
        log(`Failed to deserialize ${what} from topic: ${topic}. ${(err as Error).message}`);
        return UNREADABLE;
      }
    },
  };
}

/** The key serde of a source's topic, windowed when the source is. */
export function sourceKeySerde(ds: DataSource, serdes: SerdeFactory): Serde<any> {
  const inner = serdes.row(ds.keyColumns, effectiveKeyFormat(ds.keyColumns, ds.keyFormat), 'key');
  if (ds.window === undefined) return inner;
  return ds.window.type === 'SESSION' ? sessionWindowedSerde(inner) : timeWindowedSerde(inner, ds.window.sizeMs ?? 0);
}

/** The row layout of a source read under `alias`. */
export function sourceColumns(ds: DataSource, alias: string): RowColumn[] {
  const cols: RowColumn[] = [];
  for (const c of ds.valueColumns) cols.push({ name: c.name, source: alias, type: c.type });
  for (const c of ds.headerColumns) cols.push({ name: c.name, source: alias, type: c.type });
  for (const name of [ROWTIME, ROWPARTITION, ROWOFFSET]) cols.push({ name, source: alias, type: SYSTEM_COLUMN_TYPES[name]! });
  for (const c of ds.keyColumns) cols.push({ name: c.name, source: alias, type: c.type, isKey: true });
  if (ds.window !== undefined) for (const name of [WINDOWSTART, WINDOWEND]) cols.push({ name, source: alias, type: SYSTEM_COLUMN_TYPES[name]! });
  return cols;
}

function headerValues(ds: DataSource, headers: StreamRecord<unknown, unknown>['headers']): unknown[] {
  return ds.headerColumns.map((c) => {
    if (c.headerKey === undefined) return headers.map((h) => ({ KEY: h.key, VALUE: h.value === null ? null : Buffer.from(h.value) }));
    let found: unknown = null;
    for (const h of headers) if (h.key === c.headerKey) found = h.value === null ? null : Buffer.from(h.value);
    return found;
  });
}

function unwindow(key: unknown, windowed: boolean): { key: KeyRow; start: number; end: number } {
  if (!windowed) return { key: key as KeyRow, start: 0, end: 0 };
  const w = key as Windowed<KeyRow> | null;
  return w === null ? { key: null, start: 0, end: 0 } : { key: w.key, start: w.window.startMs, end: w.window.endMs };
}

/** Builds the full row from a value row, the record and its metadata. */
class WidenRow implements Processor<unknown, Row | null | typeof UNREADABLE, unknown, Row | null> {
  private context!: ProcessorContext<unknown, Row | null>;
  constructor(private readonly ds: DataSource, private readonly keepNullValues: boolean) {}

  init(context: ProcessorContext<unknown, Row | null>): void {
    this.context = context;
  }

  process(record: StreamRecord<unknown, Row | null | typeof UNREADABLE>): void {
    if (record.key === UNREADABLE || record.value === UNREADABLE) return;
    const windowed = this.ds.window !== undefined;
    // (No unwindow() object per record for the common unwindowed source.)
    const k = windowed ? unwindow(record.key, true) : null;
    const keyRow = k === null ? (record.key as KeyRow) : k.key;
    if (record.value === null && !this.keepNullValues) return;
    const meta = this.context.recordMetadata();
    const ds = this.ds;
    const nValues = ds.valueColumns.length;
    const nHeaders = ds.headerColumns.length;
    const nKeys = ds.keyColumns.length;
    const row: Row = new Array(nValues + nHeaders + 3 + nKeys + (windowed ? 2 : 0));
    const value = record.value;
    let at = 0;
    for (let i = 0; i < nValues; i++) row[at++] = value === null ? null : value[i];
    if (nHeaders > 0) {
      const headers = value === null ? null : headerValues(ds, record.headers);
      for (let i = 0; i < nHeaders; i++) row[at++] = headers === null ? null : headers[i];
    }
    // A tombstone has no row time, partition or offset to show (ksqlDB gives NULL).
    row[at++] = value === null ? null : BigInt(record.timestamp);
    row[at++] = value === null || meta === null ? null : meta.partition;
    row[at++] = value === null || meta === null ? null : meta.offset;
    for (let i = 0; i < nKeys; i++) row[at++] = keyRow === null ? null : keyRow[i];
    if (k !== null) {
      row[at++] = BigInt(k.start);
      row[at++] = BigInt(k.end);
    }
    if (value === null) markTombstone(row);
    this.context.forward({ key: record.key, value: row, timestamp: record.timestamp, headers: record.headers });
  }
}

function timestampExtractor(ds: DataSource, ctx: PlanContext) {
  const tsCol = ds.timestampColumn;
  if (tsCol === undefined) return undefined;
  const index = ds.valueColumns.findIndex((c) => c.name === tsCol.name);
  const keyIndex = ds.keyColumns.findIndex((c) => c.name === tsCol.name);
  return (record: { key: unknown; value: unknown; timestamp: number }): number => {
    let v: unknown = null;
    if (index >= 0) {
      const row = record.value as Row | null | typeof UNREADABLE;
      v = row === null || row === UNREADABLE ? null : row[index];
    } else if (keyIndex >= 0) {
      const k = unwindow(record.key === UNREADABLE ? null : record.key, ds.window !== undefined).key;
      v = k === null ? null : k[keyIndex];
    }
    if (v === null || v === undefined) return record.timestamp;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      try {
        return tsCol.format === undefined ? Date.parse(v) : ctx.parseTimestamp(v, tsCol.format);
      } catch (err) {
        ctx.processingLog(`Failed to parse timestamp '${v}' with format '${tsCol.format}': ${(err as Error).message}`);
        return -1;
      }
    }
    return record.timestamp;
  };
}

export function sourceKeyParts(ds: DataSource, alias: string): KeyPart[] {
  return ds.keyColumns.map((c) => {
    const ref: ColumnRef = { kind: 'ColumnRef', name: c.name, source: alias, pos: { line: 0, column: 0, offset: 0 } };
    return { name: c.name, type: c.type, expressions: [ref], description: c.name };
  });
}

/**
 * The first stage of a query reading `ds` as `alias`. `unread`: positions of value columns no
 * part of the query reads (their values are still checked, but may be left NULL in the row).
 */
export function sourceStage(ds: DataSource, alias: string, ctx: PlanContext, options: { asStream?: boolean; unread?: readonly number[] } = {}): Stage {
  const keySerde = lenient(sourceKeySerde(ds, ctx.serdes), 'key', ctx.processingLog);
  const valueSerde = lenient(ctx.serdes.row(ds.valueColumns, ds.valueFormat, 'value', { unread: options.unread ?? [] }), 'value', ctx.processingLog);
  const extractor = timestampExtractor(ds, ctx);
  const raw = ctx.builder.stream<unknown, Row | null | typeof UNREADABLE>(ds.topic, { keySerde, valueSerde, ...(extractor === undefined ? {} : { timestampExtractor: extractor }) });
  const asTable = ds.type === 'TABLE' && options.asStream !== true;
  const widened = raw.processValues<Row | null>(() => new WidenRow(ds, true) as any);
  const columns = sourceColumns(ds, alias);
  const key = sourceKeyParts(ds, alias);
  if (!asTable) return { kind: 'stream', stream: widened, columns, key, keyOrigin: 'source', window: ds.window };
  const table = widened.mapValues((row) => (isTombstone(row) ? null : row)).toTable({ keySerde: sourceKeySerde(ds, ctx.serdes), valueSerde: ctx.serdes.internal });
  return { kind: 'table', table: table as any, columns, key, keyOrigin: 'source', window: ds.window };
}
