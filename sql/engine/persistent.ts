/**
 * CREATE STREAM/TABLE AS SELECT and INSERT INTO ... SELECT: plan the query, decide the sink
 * (name, topic, formats, key and value columns), check it, and build the topology that writes it.
 */
import type { CreateAsSelect, InsertInto } from '../ast/statements.js';
import { SqlError } from '../errors.js';
import { StreamsBuilder } from '../../core/streams/dsl/streams-builder.js';
import type { Processor, ProcessorContext } from '../../core/streams/processor/processor.js';
import type { StreamRecord } from '../../core/streams/processor/record.js';
import type { Topology } from '../../core/streams/topology/topology.js';
import type { Catalog, DataSource } from './catalog.js';
import { formatColumns } from './catalog.js';
import { checkFormats, checkKeyTypes, checkTimestampColumn, keyFormatOptions, valueFormatOptions, withWrapDefault } from './ddl.js';
import type { PlanContext, SerdeFactory } from './planner/context.js';
import { planQuery, type PlannedQuery } from './planner/query-planner.js';
import type { Row } from './planner/stage.js';
import { sourceKeySerde } from './planner/source.js';
import { parseWithProperties } from './with-properties.js';
import { materializedStoreName } from './transient.js';
import { quoteName, typesEqual } from '../types/types.js';

export interface PlannedPersistentQuery {
  readonly topology: Topology;
  readonly sink: DataSource;
  readonly sourceNames: string[];
  readonly partitions: number | undefined;
  readonly replicas: number | undefined;
}

export type ContextFactory = (builder: StreamsBuilder) => PlanContext;

/** Sets each output record's timestamp from the sink's TIMESTAMP column. */
class SinkTimestamp implements Processor<unknown, Row | null, unknown, Row | null> {
  private context!: ProcessorContext<unknown, Row | null>;
  constructor(private readonly index: number, private readonly parse: ((v: string) => number) | null) {}
  init(context: ProcessorContext<unknown, Row | null>): void {
    this.context = context;
  }
  process(record: StreamRecord<unknown, Row | null>): void {
    let ts = record.timestamp;
    const v = record.value === null ? null : record.value[this.index];
    if (typeof v === 'bigint') ts = Number(v);
    else if (typeof v === 'number') ts = v;
    else if (typeof v === 'string' && this.parse !== null) {
      try {
        ts = this.parse(v);
      } catch {
        return;
      }
    }
    // Kafka Streams drops records whose extracted timestamp is negative.
    if (ts < 0) return;
    this.context.forward({ ...record, timestamp: ts });
  }
}

function write(planned: PlannedQuery, sink: DataSource, ctx: PlanContext, serdes: SerdeFactory): void {
  let stream = planned.stream;
  if (sink.timestampColumn !== undefined) {
    const index = sink.valueColumns.findIndex((c) => c.name === sink.timestampColumn!.name);
    if (index >= 0) {
      const format = sink.timestampColumn.format;
      stream = stream.processValues(() => new SinkTimestamp(index, format === undefined ? null : (v) => ctx.parseTimestamp(v, format)) as any);
    }
  }
  stream.to(sink.topic, { keySerde: sourceKeySerde(sink, serdes), valueSerde: serdes.row(sink.valueColumns, sink.valueFormat, 'value') as any });
}

/** Plans CREATE STREAM|TABLE ... AS SELECT. */
export function planCreateAsSelect(stmt: CreateAsSelect, catalog: Catalog, newContext: ContextFactory, defaultKeyFormat: string): PlannedPersistentQuery {
  const props = parseWithProperties(stmt.properties);
  const builder = new StreamsBuilder();
  const ctx = newContext(builder);
  // Pull queries read a table result from this store.
  const planned = planQuery(stmt.query, ctx, stmt.name, { materializeAs: materializedStoreName(stmt.name) });
  if (planned.resultType !== stmt.sourceType) {
    throw new SqlError(`Invalid result type. Your SELECT query produces a ${planned.resultType}. Please use CREATE ${planned.resultType} AS SELECT statement instead.`, 'statement');
  }
  if (planned.window !== undefined && stmt.sourceType === 'TABLE' && stmt.query.groupBy === undefined) {
    throw new SqlError('KSQL does not support persistent queries on windowed tables.', 'engine');
  }
  const first = catalog.get(planned.sourceNames[0]!)!;
  if (planned.keyColumns.length === 0 && (props.keyFormat !== undefined) && props.keyFormat !== 'NONE' && stmt.sourceType === 'STREAM') {
    throw new SqlError('Key format specified for stream without key columns.', 'statement');
  }
  const inheritedKey = first.keyFormat.format.toUpperCase() === 'NONE' ? defaultKeyFormat : first.keyFormat.format;
  const keyFormat = keyFormatOptions(props, inheritedKey);
  const keyFormatWithDelimiter = keyFormat.delimiter === undefined && first.keyFormat.delimiter !== undefined && props.keyFormat === undefined && props.format === undefined
    ? { ...keyFormat, delimiter: first.keyFormat.delimiter } : keyFormat;
  const valueFormat = withWrapDefault(valueFormatOptions(props, first.valueFormat.format), planned.valueColumns.length, ctx.properties);
  const valueFormatWithDelimiter = valueFormat.delimiter === undefined && first.valueFormat.delimiter !== undefined && props.valueFormat === undefined && props.format === undefined
    ? { ...valueFormat, delimiter: first.valueFormat.delimiter } : valueFormat;
  checkKeyTypes(planned.keyColumns);
  const sink: DataSource = {
    name: stmt.name,
    type: stmt.sourceType,
    topic: props.kafkaTopic ?? `${ctx.properties.get('ksql.output.topic.name.prefix') ?? ''}${stmt.name}`,
    keyColumns: planned.keyColumns,
    valueColumns: planned.valueColumns,
    headerColumns: [],
    keyFormat: keyFormatWithDelimiter,
    valueFormat: valueFormatWithDelimiter,
    ...(planned.window === undefined ? {} : { window: planned.window }),
    readOnly: false,
    sqlText: stmt.text,
  };
  const timestampColumn = checkTimestampColumn(props, [...planned.keyColumns, ...planned.valueColumns]);
  const sinkWithTs: DataSource = timestampColumn === undefined ? sink : { ...sink, timestampColumn };
  write(planned, sinkWithTs, ctx, ctx.serdes);
  return { topology: builder.build(), sink: sinkWithTs, sourceNames: planned.sourceNames, partitions: props.partitions, replicas: props.replicas };
}

/** Checks formats of a planned sink (separately, so the caller can pass the validator). */
export function checkSinkFormats(sink: DataSource, validate: Parameters<typeof checkFormats>[0]): void {
  checkFormats(validate, sink.keyColumns, sink.keyFormat, sink.valueColumns, sink.valueFormat);
}

/** Plans INSERT INTO target SELECT ...: the result must have exactly the target's schema. */
export function planInsertInto(stmt: InsertInto, catalog: Catalog, newContext: ContextFactory): PlannedPersistentQuery {
  const target = catalog.get(stmt.target);
  if (target === undefined) throw new SqlError(`Sink does not exist for the INSERT INTO statement: ${stmt.target}`, 'statement');
  if (target.type !== 'STREAM') throw new SqlError(`INSERT INTO can only be used to insert into a stream. ${target.name} is a table.`, 'engine');
  if (target.readOnly) throw new SqlError(`Cannot insert into read-only stream: ${target.name}`, 'engine');
  if (target.headerColumns.length > 0) throw new SqlError(`Cannot insert into ${target.name} because it has header columns`, 'engine');
  const builder = new StreamsBuilder();
  const ctx = newContext(builder);
  const planned = planQuery(stmt.query, ctx, stmt.target);
  if (planned.resultType !== 'STREAM') throw new SqlError(`INSERT INTO can only be used with a query that produces a stream. The query produces a TABLE.`, 'statement');
  const result = { type: 'STREAM' as const, keyColumns: planned.keyColumns, valueColumns: planned.valueColumns };
  const same = result.keyColumns.length === target.keyColumns.length && result.valueColumns.length === target.valueColumns.length
    && result.keyColumns.every((c, i) => c.name === target.keyColumns[i]!.name && typesEqual(c.type, target.keyColumns[i]!.type))
    && result.valueColumns.every((c, i) => c.name === target.valueColumns[i]!.name && typesEqual(c.type, target.valueColumns[i]!.type));
  if (!same) {
    throw new SqlError(`Incompatible schema between results and sink.\nResult schema is ${formatColumns(result)}\nSink schema is ${formatColumns(target)}`, 'statement');
  }
  if ((planned.window === undefined) !== (target.window === undefined)) {
    throw new SqlError(`Incompatible windowing between results and sink: ${quoteName(target.name)}`, 'statement');
  }
  write(planned, target, ctx, ctx.serdes);
  return { topology: builder.build(), sink: target, sourceNames: planned.sourceNames, partitions: undefined, replicas: undefined };
}
