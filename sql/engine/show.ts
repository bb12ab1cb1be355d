/**
 * Statements that report: SHOW / LIST, DESCRIBE [EXTENDED], DESCRIBE STREAMS|TABLES, DESCRIBE
 * FUNCTION, EXPLAIN (the Streams topology of a statement or a running query) and PRINT.
 */
import type { Statement } from '../ast/statements.js';
import { SqlError } from '../errors.js';
import type { FunctionRegistry } from '../functions/types.js';
import { StreamsBuilder } from '../../core/streams/dsl/streams-builder.js';
import { formatType, INTEGER, STRING } from '../types/types.js';
import { renderValue } from '../types/render.js';
import type { DataSource } from './catalog.js';
import type { Executor } from './executor.js';
import { planCreateAsSelect, planInsertInto } from './persistent.js';
import { planQuery } from './planner/query-planner.js';
import { ROWTIME, WINDOWEND, WINDOWSTART } from './planner/row.js';
import type { StatementResult } from './results.js';
import type { SqlRuntime, TopicRecord } from './runtime.js';

export interface ShowContext {
  readonly executor: Executor;
  readonly runtime: SqlRuntime;
  readonly variables: Record<string, string>;
  readonly registry: FunctionRegistry;
}

function describeRows(ds: DataSource): unknown[][] {
  const keyWord = ds.type === 'TABLE' ? '(primary key)' : '(key)';
  const rows: unknown[][] = [[ROWTIME, 'BIGINT (system)']];
  if (ds.window !== undefined) rows.push([WINDOWSTART, 'BIGINT (system window bound)'], [WINDOWEND, 'BIGINT (system window bound)']);
  for (const c of ds.keyColumns) rows.push([c.name, `${formatType(c.type)} ${keyWord}`]);
  for (const c of ds.valueColumns) rows.push([c.name, formatType(c.type)]);
  for (const c of ds.headerColumns) rows.push([c.name, `${formatType(c.type)} (${c.headerKey === undefined ? 'headers' : `header('${c.headerKey}')`})`]);
  return rows;
}

function describeSource(ds: DataSource, extended: boolean, ctx: ShowContext, text: string): StatementResult {
  const lines = [
    `Name                 : ${ds.name}`,
  ];
  if (extended) {
    const ex = ctx.executor;
    const readers = ex.catalog.readersOf(ds.name).map((q) => `${q.id} (${ex.queries.get(q.id)?.handle.state() ?? 'UNKNOWN'}) : ${q.sqlText}`);
    const writers = ex.catalog.writersOf(ds.name).map((q) => `${q.id} (${ex.queries.get(q.id)?.handle.state() ?? 'UNKNOWN'}) : ${q.sqlText}`);
    lines.push(
      `Type                 : ${ds.type}`,
      ...(ds.timestampColumn === undefined ? [] : [`Timestamp field      : ${ds.timestampColumn.name}`]),
      `Key format           : ${ds.keyFormat.format}`,
      `Value format         : ${ds.valueFormat.format}`,
      `Kafka topic          : ${ds.topic}`,
      ...(ds.window === undefined ? [] : [`Windowed             : ${ds.window.type}`]),
      `Statement            : ${ds.sqlText}`,
    );
    const footer = [
      '',
      `Queries that read from this ${ds.type}`,
      '-----------------------------------',
      ...(readers.length === 0 ? ['(none)'] : readers),
      '',
      `Queries that write from this ${ds.type}`,
      '-----------------------------------',
      ...(writers.length === 0 ? ['(none)'] : writers),
    ].join('\n');
    return { kind: 'table', statementText: text, title: lines.join('\n'), header: ['Field', 'Type'], rows: describeRows(ds), footer };
  }
  return {
    kind: 'table', statementText: text, title: lines.join('\n'), header: ['Field', 'Type'], rows: describeRows(ds),
    footer: `For runtime statistics and query details run: DESCRIBE ${ds.name} EXTENDED;`,
  };
}

function explainTopology(stmt: Statement, ctx: ShowContext): string {
  const ex = ctx.executor;
  switch (stmt.kind) {
    case 'CreateAsSelect': return planCreateAsSelect(stmt, ex.catalog, ex.newContext, 'KAFKA').topology.describe().toString();
    case 'InsertInto': return planInsertInto(stmt, ex.catalog, ex.newContext).topology.describe().toString();
    case 'QueryStatement': {
      const builder = new StreamsBuilder();
      const planned = planQuery(stmt.query, ex.newContext(builder), 'transient', { transient: true });
      planned.stream.foreach(() => {});
      return builder.build().describe().toString();
    }
    default:
      throw new SqlError(`EXPLAIN is only supported for queries: CREATE ... AS SELECT, INSERT INTO ... SELECT or SELECT. Got: ${stmt.text}`, 'statement');
  }
}

/** PRINT: each record of the topic as a line with its timestamp, key and value (text when it decodes as UTF-8). */
async function print(stmt: Extract<Statement, { kind: 'Print' }>, ctx: ShowContext): Promise<StatementResult> {
  const topic = (await ctx.runtime.describeTopic(stmt.topic)) ?? (await ctx.runtime.describeTopic(stmt.topic.toLowerCase()));
  if (topic === null) throw new SqlError(`Could not find topic '${stmt.topic}', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.`, 'statement');
  const show = (b: Buffer | null): string => (b === null ? '<null>' : b.toString('utf8'));
  // Keys of a topic a stream/table is registered on are decoded with its key format (a KAFKA INT
  // key is 4 bytes, not text); anything else, and what fails to decode, shows as UTF-8 text.
  const ds = ctx.executor.catalog.bySourceTopic(topic.name);
  const keySerde = ds === undefined || ds.keyColumns.length === 0 || ds.window !== undefined ? null : ctx.executor.newContext(new StreamsBuilder()).serdes.row(ds.keyColumns, ds.keyFormat, 'key');
  const showKey = (b: Buffer | null): string => {
    if (b === null || keySerde === null || ds === undefined) return show(b);
    try {
      const row = keySerde.deserialize(topic.name, b);
      return row === null ? '<null>' : row.map((v, i) => renderValue(v, ds.keyColumns[i]!.type)).join(', ');
    } catch {
      return show(b);
    }
  };
  const rows: (readonly unknown[])[] = [];
  let waiting: ((r: IteratorResult<readonly unknown[]>) => void) | null = null;
  let done = false;
  let seen = 0;
  const interval = Math.max(1, stmt.interval ?? 1);
  const limit = stmt.limit;
  let handle: { stop(): Promise<void> } | null = null;
  let emitted = 0;
  const finish = async (): Promise<void> => {
    if (done) return;
    done = true;
    if (waiting !== null) waiting({ value: undefined, done: true });
    waiting = null;
    await handle?.stop();
  };
  const push = (r: TopicRecord & { partition: number; offset: bigint }): void => {
    if (done || seen++ % interval !== 0) return;
    const row = [new Date(r.timestamp).toISOString(), showKey(r.key), show(r.value), r.partition];
    emitted++;
    if (waiting !== null) {
      const w = waiting;
      waiting = null;
      w({ value: row, done: false });
    } else rows.push(row);
    if (limit !== undefined && emitted >= limit) void finish();
  };
  handle = await ctx.runtime.read(topic.name, { fromBeginning: stmt.fromBeginning }, push);
  if (done) await handle.stop();
  const iterable: AsyncIterable<readonly unknown[]> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const r = rows.shift();
        if (r !== undefined) return Promise.resolve({ value: r, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
    }),
  };
  return {
    kind: 'stream', statementText: stmt.text,
    columns: [{ name: 'rowtime', type: STRING }, { name: 'key', type: STRING }, { name: 'value', type: STRING }, { name: 'partition', type: INTEGER }],
    rows: iterable, cancel: finish,
  };
}

export async function showStatement(stmt: Statement, ctx: ShowContext): Promise<StatementResult> {
  const { executor } = ctx;
  const catalog = executor.catalog;
  switch (stmt.kind) {
    case 'List': {
      switch (stmt.target) {
        case 'STREAMS':
        case 'TABLES': {
          const type = stmt.target === 'STREAMS' ? 'STREAM' : 'TABLE';
          const rows = catalog.all().filter((s) => s.type === type).map((s) => [s.name, s.topic, s.keyFormat.format, s.valueFormat.format, s.window !== undefined]);
          return { kind: 'table', statementText: stmt.text, header: [type === 'STREAM' ? 'Stream Name' : 'Table Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], rows };
        }
        case 'QUERIES': {
          const rows = [...executor.queries.values()].map((q) => [q.id, 'PERSISTENT', q.handle.state(), q.sinkName, catalog.get(q.sinkName)?.topic ?? '', q.sqlText]);
          return { kind: 'table', statementText: stmt.text, header: ['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'], rows };
        }
        case 'TOPICS': {
          const topics = (await ctx.runtime.listTopics()).filter((t) => stmt.all || !t.name.startsWith('_'));
          return { kind: 'table', statementText: stmt.text, header: ['Kafka Topic', 'Partitions', 'Partition Replicas'], rows: topics.map((t) => [t.name, t.partitions, t.replicas]) };
        }
        case 'PROPERTIES':
          return { kind: 'table', statementText: stmt.text, header: ['Property', 'Scope', 'Value'], rows: [...executor.properties].map(([k, v]) => [k, 'SESSION', v]) };
        case 'TYPES':
          return { kind: 'table', statementText: stmt.text, header: ['Type Name', 'Schema'], rows: [...catalog.types].map(([k, t]) => [k, formatType(t)]) };
        case 'VARIABLES':
          return { kind: 'table', statementText: stmt.text, header: ['Variable Name', 'Value'], rows: Object.entries(ctx.variables) };
        case 'FUNCTIONS':
          return { kind: 'table', statementText: stmt.text, header: ['Function Name', 'Category'], rows: ctx.registry.list().map((f) => [f.name, f.kind === 'SCALAR' ? f.category : f.kind === 'AGGREGATE' ? 'AGGREGATE' : 'TABLE']) };
        default:
          throw new SqlError(`SHOW ${stmt.target} needs a Connect worker: Fjord runs connectors with 'fjord connect' and its REST API.`, 'statement');
      }
    }
    case 'Describe': {
      const ds = catalog.get(stmt.name);
      if (ds === undefined) throw new SqlError(`Could not find STREAM/TABLE '${stmt.name}' in the Metastore`, 'statement');
      return describeSource(ds, stmt.extended, ctx, stmt.text);
    }
    case 'DescribeSources': {
      const type = stmt.target === 'STREAMS' ? 'STREAM' : 'TABLE';
      const rows = catalog.all().filter((s) => s.type === type).flatMap((s) => describeRows(s).map((r) => [s.name, ...r]));
      return { kind: 'table', statementText: stmt.text, header: ['Source', 'Field', 'Type'], rows };
    }
    case 'DescribeFunction': {
      const f = ctx.registry.describe(stmt.name);
      const title = [`Name        : ${f.name}`, `Author      : ${f.author ?? ''}`, `Overview    : ${f.description}`, `Type        : ${f.kind}`, `Variations  :`].join('\n');
      return { kind: 'table', statementText: stmt.text, title, header: ['Variation', 'Returns', 'Description'], rows: f.variants.map((v) => [v.signature, v.returnType, v.description]) };
    }
    case 'Explain': {
      if (stmt.queryId !== undefined) {
        const q = executor.queries.get(stmt.queryId);
        if (q === undefined) throw new SqlError(`Query with id:${stmt.queryId} does not exist, use SHOW QUERIES to view the full set of queries.`, 'statement');
        const title = [`ID                   : ${q.id}`, `Query Type           : PERSISTENT`, `SQL                  : ${q.sqlText}`, `Status               : ${q.handle.state()}`].join('\n');
        return { kind: 'table', statementText: stmt.text, title, header: ['Execution plan'], rows: q.topology.describe().toString().split('\n').map((l) => [l]) };
      }
      const topology = explainTopology(stmt.statement!, ctx);
      return { kind: 'table', statementText: stmt.text, title: `SQL : ${stmt.statement!.text}`, header: ['Execution plan'], rows: topology.split('\n').map((l) => [l]) };
    }
    case 'Print':
      return print(stmt, ctx);
    case 'AssertSchema':
      throw new SqlError('ASSERT SCHEMA needs a schema registry, which Fjord does not have.', 'statement');
    case 'CreateConnector':
    case 'DropConnector':
    case 'DescribeConnector':
      throw new SqlError(`Connector statements need a Connect worker: run 'fjord connect standalone' and use its REST API (port 8083).`, 'statement');
    default:
      throw new SqlError(`Statement not supported: ${stmt.text}`, 'statement');
  }
}
