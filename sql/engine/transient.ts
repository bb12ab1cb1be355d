/**
 * Transient queries: push queries (`SELECT ... EMIT CHANGES [LIMIT n]`) run as a short-lived
 * Streams app whose rows arrive through an async queue until the LIMIT or `cancel()`; pull
 * queries (`SELECT ... FROM table [WHERE ...]`) read the table's materialized state once.
 */
import type { QueryStatement } from '../ast/statements.js';
import { SqlError } from '../errors.js';
import { StreamsBuilder } from '../../core/streams/dsl/streams-builder.js';
import type { Executor } from './executor.js';
import { compileOver, predicate } from './planner/compile.js';
import type { PlanContext } from './planner/context.js';
import { expandSelect, projectAll } from './planner/projection.js';
import { planQuery } from './planner/query-planner.js';
import { sourceColumns } from './planner/source.js';
import type { Row } from './planner/stage.js';
import type { StatementResult } from './results.js';
import type { QueryHandle, SqlRuntime } from './runtime.js';
import { cacheMaxBytesProperty } from './cache-property.js';

/** An unbounded async queue that ends when closed. */
class RowQueue implements AsyncIterable<readonly unknown[]> {
  private readonly items: (readonly unknown[])[] = [];
  private waiting: ((r: IteratorResult<readonly unknown[]>) => void) | null = null;
  private closed = false;

  push(row: readonly unknown[]): void {
    if (this.closed) return;
    if (this.waiting !== null) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: row, done: false });
    } else this.items.push(row);
  }

  close(): void {
    this.closed = true;
    if (this.waiting !== null) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly unknown[]> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

let transientCounter = 0;

export async function pushQuery(stmt: QueryStatement, executor: Executor, runtime: SqlRuntime, newContext: (b: StreamsBuilder) => PlanContext): Promise<StatementResult> {
  const builder = new StreamsBuilder();
  const ctx = newContext(builder);
  const planned = planQuery(stmt.query, ctx, 'transient', { transient: true });
  const queue = new RowQueue();
  const limit = stmt.query.limit;
  let emitted = 0;
  let handle: QueryHandle | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      queue.close();
      if (handle !== null) await handle.stop();
    })();
    return stopping;
  };
  planned.stream.foreach((_k, row) => {
    if (row === null || (limit !== undefined && emitted >= limit)) return;
    emitted++;
    queue.push(row);
    if (limit !== undefined && emitted >= limit) void stop();
  });
  const id = `transient_${planned.sourceNames[0]}_${Date.now()}_${transientCounter++}`;
  const reset = (executor.properties.get('auto.offset.reset') ?? executor.properties.get('ksql.streams.auto.offset.reset') ?? 'latest').toLowerCase();
  handle = await runtime.startTransient({
    id,
    applicationId: `_confluent-ksql-default_transient_${id}`,
    topology: builder.build(),
    sourceTopics: planned.sourceNames.map((n) => executor.catalog.require(n).topic),
    offsetReset: reset === 'earliest' ? 'earliest' : 'latest',
    cacheMaxBytes: cacheMaxBytesProperty(executor.properties),
  });
  if (stopping !== null) await handle.stop();
  return { kind: 'stream', statementText: stmt.text, columns: planned.valueColumns, rows: queue, cancel: stop };
}

interface StoreView {
  all(): AsyncIterable<{ key: unknown; value: unknown }>;
}

/** Pull query: scans the materialized table (filtered by WHERE) and projects it. */
export async function pullQuery(stmt: QueryStatement, executor: Executor, newContext: (b: StreamsBuilder) => PlanContext): Promise<StatementResult> {
  const q = stmt.query;
  if (q.from.kind !== 'AliasedSource') throw new SqlError('Pull queries don\'t support JOIN clauses.', 'statement');
  if (q.groupBy !== undefined || q.partitionBy !== undefined || q.window !== undefined) {
    throw new SqlError('Pull queries don\'t support GROUP BY, PARTITION BY or WINDOW clauses.', 'statement');
  }
  const ds = executor.catalog.get(q.from.name);
  if (ds === undefined) throw new SqlError(`${q.from.name} does not exist.`, 'statement');
  if (ds.type !== 'TABLE') {
    throw new SqlError(`Pull queries are not supported on streams. Use a push query (add EMIT CHANGES) or a table.`, 'statement');
  }
  const running = ds.writerQueryId === undefined ? undefined : executor.queries.get(ds.writerQueryId);
  const store = running === undefined ? null : (running.handle.store(materializedStoreName(ds.name)) as StoreView | null);
  if (store === null) {
    throw new SqlError(`The \`${ds.name}\` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_${ds.name} AS SELECT * FROM ${ds.name}'.`, 'statement');
  }
  const alias = q.from.alias ?? ds.name;
  const columns = sourceColumns(ds, alias);
  const ctx = newContext(new StreamsBuilder());
  const where = q.where === undefined ? null : predicate(compileOver(q.where, columns, ctx, 'WHERE'));
  const items = expandSelect(q.select, columns, false, ctx);
  const projection = projectAll(columns, items, ctx);
  const rows: unknown[][] = [];
  for await (const entry of store.all()) {
    const value = entry.value as Row | { value: Row; timestamp: number } | null;
    if (value === null) continue;
    const [valueRow, ts] = Array.isArray(value) ? [value, 0] : [value.value, value.timestamp];
    const keyRow = (entry.key as unknown[] | null) ?? ds.keyColumns.map(() => null);
    const row: Row = [...valueRow, ...ds.headerColumns.map(() => null), BigInt(ts), null, null, ...keyRow];
    if (where !== null && !where(row)) continue;
    rows.push(projection.valueExprs.map((e) => e.evaluate(row)));
    if (q.limit !== undefined && rows.length >= q.limit) break;
  }
  return { kind: 'rows', statementText: stmt.text, columns: projection.valueColumns, rows };
}

/** The store a table-producing persistent query materializes its result in (for pull queries). */
export function materializedStoreName(sinkName: string): string {
  return `${sinkName}-Materialize`;
}
