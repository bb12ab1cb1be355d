/**
 * GROUP BY and aggregate functions: rows are re-keyed by the grouping expressions, aggregated
 * (windowed when the query has a WINDOW clause; with undo for tables), and become a table whose
 * row holds the grouping values, one result per aggregate call, the window bounds and ROWTIME.
 * SELECT and HAVING are then rewritten to read that row.
 */
import type { ColumnRef, Expression, FunctionCall } from '../../ast/expressions.js';
import { formatExpression } from '../../ast/format.js';
import type { Query, WindowExpression } from '../../ast/query.js';
import { mapChildren, someExpression } from '../../ast/walk.js';
import { SqlError } from '../../errors.js';
import type { CompiledExpression } from '../../expr/types.js';
import type { ArgSpec, ResolvedAggregate } from '../../functions/types.js';
import { tableSourceError } from '../../functions/aggregate/index.js';
import { Suppressed } from '../../../core/streams/dsl/suppress.js';
import type { KTable } from '../../../core/streams/dsl/ktable.js';
import { SessionWindows } from '../../../core/streams/windows/session-windows.js';
import { TimeWindows } from '../../../core/streams/windows/time-windows.js';
import type { Windowed } from '../../../core/streams/windows/window.js';
import type { SourceWindow } from '../catalog.js';
import { compileOver, predicate } from './compile.js';
import type { PlanContext } from './context.js';
import { NameGenerator, defaultName, qualified } from './projection.js';
import { ROWOFFSET, ROWTIME, SYSTEM_COLUMN_TYPES, WINDOWEND, WINDOWSTART, canonical, isWindowBound, resolveColumn, type RowColumn } from './row.js';
import { isTombstone, type KeyPart, type KeyRow, type Row, type Stage, type TableStage } from './stage.js';

const NO_POS = { line: 0, column: 0, offset: 0 };
/** Kafka's legacy default grace (24 h minus the window size) for windows declared without GRACE PERIOD. */
const LEGACY_GRACE_MS = 24 * 60 * 60 * 1000;

export function isAggregateCall(e: Expression, ctx: PlanContext): e is FunctionCall {
  return e.kind === 'FunctionCall' && ctx.registry.kindOf(e.name) === 'AGGREGATE';
}

/** `COUNT(*)`, `COUNT()`, `AVG()` → the call over ROWTIME, as ksqlDB rewrites them. */
export function withRowtimeArgument(e: Expression, ctx: PlanContext, columns: readonly RowColumn[]): Expression {
  const rewrite = (x: Expression): Expression => {
    if (isAggregateCall(x, ctx) && (x.star || x.args.length === 0)) {
      const rts = columns.filter((c) => c.name === ROWTIME);
      const source = rts.length > 1 ? rts[0]!.source : undefined;
      return { ...x, star: false, args: [{ kind: 'ColumnRef', name: ROWTIME, source, pos: x.pos } as ColumnRef] };
    }
    return mapChildren(x, rewrite);
  };
  return rewrite(e);
}

export function containsAggregate(e: Expression, ctx: PlanContext): boolean {
  return someExpression(e, (x) => isAggregateCall(x, ctx));
}

function collectAggregates(e: Expression, ctx: PlanContext, into: FunctionCall[]): void {
  if (isAggregateCall(e, ctx)) {
    for (const a of e.args) {
      if (containsAggregate(a, ctx)) throw new SqlError(`Aggregate functions can not be nested: ${formatExpression(e)}`, 'statement');
    }
    into.push(e);
    return;
  }
  if (e.kind === 'Lambda') return collectAggregates(e.body, ctx, into);
  const kids: Expression[] = [];
  mapChildren(e, (c) => (kids.push(c), c));
  for (const k of kids) collectAggregates(k, ctx, into);
}

interface BoundAggregate {
  readonly call: FunctionCall;
  readonly resolved: ResolvedAggregate;
  readonly args: CompiledExpression[];
  readonly offsetIndex: number;
  readonly column: string;
}

function bindAggregate(call: FunctionCall, stage: Stage, ctx: PlanContext, column: string): BoundAggregate {
  const compiled = call.args.map((a) => (a.kind === 'Lambda' ? null : compileOver(a, stage.columns, ctx)));
  const specs: ArgSpec[] = call.args.map((a, i) => {
    const c = compiled[i];
    if (c === null || c === undefined) throw new SqlError(`Lambda arguments are not supported by aggregate function ${call.name}`, 'statement');
    return c.constant ? { kind: 'value', type: c.type, constant: { value: c.evaluate([]) } } : { kind: 'value', type: c.type };
  });
  const resolved = ctx.registry.resolveAggregate(call.name, specs);
  const args = resolved.columnArgs.map((i) => compiled[i]!);
  const offsetIndex = (resolved as { needsOffset?: boolean }).needsOffset === true ? stage.columns.findIndex((c) => c.name === ROWOFFSET) : -1;
  return { call, resolved, args, offsetIndex, column };
}

export interface AggregatedStage extends TableStage {
  /** The aggregate calls, as written (for messages). */
  readonly calls: readonly string[];
  /** The accumulators per (windowed) key, and how one becomes the aggregated row. */
  readonly accumulated: KTable<any, unknown[]>;
  toRow(acc: unknown[], key: unknown): Row;
  /** SELECT / HAVING expression → the same over the aggregated row. */
  rewrite(e: Expression): Expression;
  /** Internal column names → the SQL they stand for (for messages). */
  readonly names: ReadonlyMap<string, string>;
}

function windowsOf(w: WindowExpression): { time?: TimeWindows; session?: SessionWindows; window: SourceWindow } {
  if (w.kind === 'SESSION') {
    const grace = w.grace?.ms ?? LEGACY_GRACE_MS;
    return { session: SessionWindows.ofInactivityGapAndGrace(w.gap.ms, grace), window: { type: 'SESSION' } };
  }
  const size = w.size.ms;
  const grace = w.grace?.ms ?? Math.max(LEGACY_GRACE_MS - size, 0);
  let tw = TimeWindows.ofSizeAndGrace(size, grace);
  if (w.kind === 'HOPPING') tw = tw.advanceBy(w.advance.ms);
  return { time: tw, window: { type: w.kind, sizeMs: size } };
}

/** Plans GROUP BY (or a global aggregate) over `stage` (already filtered by WHERE). */
export function aggregateStage(stage: Stage, query: Query, ctx: PlanContext, isJoin: boolean, valueFormat?: string): AggregatedStage {
  // Rows whose grouping values include a NULL are left out, as ksqlDB does.
  const groupBy = query.groupBy ?? [];
  for (const g of groupBy) {
    const agg: FunctionCall[] = [];
    collectAggregates(g, ctx, agg);
    if (agg.length > 0) throw new SqlError(`GROUP BY does not support aggregate functions: ${agg[0]!.name} is an aggregate function.`, 'statement');
  }
  for (const g of groupBy) {
    const bound = someExpression(g, (x) => x.kind === 'ColumnRef' && isWindowBound(x.name));
    if (bound) {
      const name = someExpression(g, (x) => x.kind === 'ColumnRef' && x.name === WINDOWEND) && !someExpression(g, (x) => x.kind === 'ColumnRef' && x.name === WINDOWSTART) ? WINDOWEND : WINDOWSTART;
      throw new SqlError(`Window bounds column ${name} can only be used in the SELECT clause of windowed aggregations and can not be passed to aggregate functions.`, 'statement');
    }
  }
  const groupCompiled = groupBy.map((g) => {
    const c = compileOver(g, stage.columns, ctx, 'GROUP BY');
    if (c.type === null) throw new SqlError(`GROUP BY NULL is not supported`, 'statement');
    return c;
  });
  // Aggregate calls in SELECT and HAVING, deduplicated.
  const calls: FunctionCall[] = [];
  for (const item of query.select) if (item.kind === 'SingleColumn') collectAggregates(item.expression, ctx, calls);
  if (query.having !== undefined) collectAggregates(query.having, ctx, calls);
  const byCanon = new Map<string, BoundAggregate>();
  const bound: BoundAggregate[] = [];
  for (const call of calls) {
    const key = canonical(call, stage.columns);
    if (byCanon.has(key)) continue;
    const b = bindAggregate(call, stage, ctx, `KSQL_AGG_VARIABLE_${bound.length}`);
    byCanon.set(key, b);
    bound.push(b);
  }
  if (stage.kind === 'table') {
    const error = tableSourceError(bound.map((b) => b.resolved));
    if (error !== null) throw error;
  }
  if (valueFormat !== undefined && (valueFormat === 'DELIMITED' || valueFormat === 'KAFKA')) {
    const complex = bound.some((b) => b.resolved.aggregateType !== null && ['STRUCT', 'ARRAY', 'MAP'].includes(b.resolved.aggregateType.kind));
    if (complex) throw new SqlError('One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.', 'statement');
  }
  if (bound.length === 0 && groupBy.length > 0) throw new SqlError('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.', 'statement');

  // Key parts: one per grouping expression.
  const taken = new Set<string>();
  for (const item of query.select) if (item.kind === 'SingleColumn' && item.alias !== undefined) taken.add(item.alias);
  const names = new NameGenerator(taken);
  const keyParts: KeyPart[] = groupBy.map((g, i) => {
    const aliased = query.select.find((s) => s.kind === 'SingleColumn' && canonical(s.expression, stage.columns) === canonical(g, stage.columns));
    const name = (aliased?.kind === 'SingleColumn' ? aliased.alias ?? defaultName(aliased.expression, isJoin ? stage.columns : null) : undefined) ?? defaultName(g, isJoin ? stage.columns : null) ?? names.generate();
    return { name, type: groupCompiled[i]!.type!, expressions: [{ kind: 'ColumnRef', name: `KSQL_GROUP_${i}`, pos: NO_POS } as ColumnRef], description: qualifiedGroupName(g, stage, isJoin) };
  });

  const windows = query.window === undefined ? undefined : windowsOf(query.window);
  const rowtimeIndex = stage.columns.findIndex((c) => c.name === ROWTIME);
  const columns: RowColumn[] = [
    ...groupBy.map((_, i) => ({ name: `KSQL_GROUP_${i}`, type: keyParts[i]!.type })),
    ...bound.map((b) => ({ name: b.column, type: b.resolved.returnType })),
    ...(windows === undefined ? [] : [{ name: WINDOWSTART, type: SYSTEM_COLUMN_TYPES[WINDOWSTART]! }, { name: WINDOWEND, type: SYSTEM_COLUMN_TYPES[WINDOWEND]! }]),
    { name: ROWTIME, type: SYSTEM_COLUMN_TYPES[ROWTIME]! },
  ];

  const keyOf = (row: Row): unknown[] => groupCompiled.map((g) => g.evaluate(row));
  /** No grouping value is NULL (such rows are left out), checked without building the key. */
  const groupable = (row: Row): boolean => {
    for (let i = 0; i < groupCompiled.length; i++) if (groupCompiled[i]!.evaluate(row) === null) return false;
    return true;
  };
  const valuesOf = (b: BoundAggregate, row: Row): unknown[] => {
    const args = b.args;
    const v = new Array<unknown>(args.length + (b.offsetIndex >= 0 ? 1 : 0));
    for (let i = 0; i < args.length; i++) v[i] = args[i]!.evaluate(row);
    if (b.offsetIndex >= 0) v[args.length] = row[b.offsetIndex];
    return v;
  };
  // Accumulator: one per aggregate, then the largest ROWTIME seen.
  // Accumulator: one per aggregate, then the largest ROWTIME seen (a number; BIGINT in the row).
  // A new array per update: the old one is the table's old value downstream.
  const n = bound.length;
  const init = (): unknown[] => {
    const acc = new Array<unknown>(n + 1);
    for (let i = 0; i < n; i++) acc[i] = bound[i]!.resolved.init();
    acc[n] = -1;
    return acc;
  };
  const add = (row: Row, acc: unknown[]): unknown[] => {
    const next = new Array<unknown>(n + 1);
    for (let i = 0; i < n; i++) next[i] = bound[i]!.resolved.add(acc[i], valuesOf(bound[i]!, row));
    const ts = Number(row[rowtimeIndex] as bigint);
    next[n] = ts > (acc[n] as number) ? ts : acc[n];
    return next;
  };
  const undo = (row: Row, acc: unknown[]): unknown[] => {
    const next = new Array<unknown>(n + 1);
    for (let i = 0; i < n; i++) next[i] = bound[i]!.resolved.undo!(acc[i], valuesOf(bound[i]!, row));
    next[n] = acc[n];
    return next;
  };
  const merge = (a: unknown[], b: unknown[]): unknown[] => {
    const next = new Array<unknown>(n + 1);
    for (let i = 0; i < n; i++) next[i] = bound[i]!.resolved.merge(a[i], b[i]);
    next[n] = (a[n] as number) > (b[n] as number) ? a[n] : b[n];
    return next;
  };
  const internal = ctx.serdes.internal;
  let aggregated: KTable<any, unknown[]>;
  if (stage.kind === 'stream') {
    // Grouping by exactly the current key (e.g. a source's key columns): no re-key, no repartition.
    const byKey = stage.window === undefined && groupBy.length > 0 && groupBy.length === stage.key.length
      && groupBy.every((g, i) => stage.key[i]!.expressions.some((e) => canonical(e, stage.columns) === canonical(g, stage.columns)));
    const rows = stage.stream.filter((_k, row) => !isTombstone(row) && groupable(row as Row));
    const grouped = byKey
      ? rows.groupByKey({ keySerde: internal, valueSerde: internal })
      : rows.groupBy((_k, row) => keyOf(row as Row), { keySerde: internal, valueSerde: internal });
    if (windows?.time !== undefined) {
      aggregated = grouped.windowedBy(windows.time).aggregate(init, (_k, row, acc) => add(row as Row, acc), { keySerde: internal, valueSerde: internal });
    } else if (windows?.session !== undefined) {
      aggregated = grouped.windowedBy(windows.session).aggregate(init, (_k, row, acc) => add(row as Row, acc), (_k, a, b) => merge(a, b), { keySerde: internal, valueSerde: internal });
    } else {
      aggregated = grouped.aggregate(init, (_k, row, acc) => add(row as Row, acc), { keySerde: internal, valueSerde: internal });
    }
  } else {
    if (windows !== undefined) throw new SqlError('Windowed aggregations are only supported on streams, not tables.', 'statement');
    aggregated = stage.table
      .filter((_k, row) => groupable(row), { skipAbsentDeletes: true })
      .groupBy((_k, row) => [keyOf(row), row], { keySerde: internal, valueSerde: internal })
      .aggregate(init, (_k, row, acc) => add(row, acc), (_k, row, acc) => undo(row, acc), { keySerde: internal, valueSerde: internal });
  }
  if (query.emit === 'FINAL') {
    if (windows === undefined) throw new SqlError('EMIT FINAL is only supported for windowed aggregations.', 'statement');
    aggregated = aggregated.suppress(Suppressed.untilWindowCloses());
  }
  const toRow = (acc: unknown[], key: unknown): Row => {
    const w = windows === undefined ? null : (key as Windowed<KeyRow>);
    const k = (w === null ? key : w.key) as unknown[];
    const row: Row = new Array(k.length + n + (w === null ? 1 : 3));
    let at = 0;
    for (let i = 0; i < k.length; i++) row[at++] = k[i];
    for (let i = 0; i < n; i++) row[at++] = bound[i]!.resolved.result(acc[i]);
    if (w !== null) {
      row[at++] = BigInt(w.window.startMs);
      row[at++] = BigInt(w.window.endMs);
    }
    row[at] = BigInt(acc[n] as number);
    return row;
  };

  const groupCanon = groupBy.map((g) => canonical(g, stage.columns));
  const rewrite = (e: Expression): Expression => {
    const c = canonical(e, stage.columns);
    const gi = groupCanon.indexOf(c);
    if (gi >= 0) return { kind: 'ColumnRef', name: `KSQL_GROUP_${gi}`, pos: e.pos };
    const agg = byCanon.get(c);
    if (agg !== undefined && isAggregateCall(e, ctx)) return { kind: 'ColumnRef', name: agg.column, pos: e.pos };
    if (e.kind === 'ColumnRef' && (isWindowBound(e.name) || e.name === ROWTIME)) return { kind: 'ColumnRef', name: e.name, pos: e.pos };
    return mapChildren(e, rewrite);
  };
  const internalNames = new Map<string, string>();
  bound.forEach((b) => internalNames.set(b.column, formatExpression(b.call)));
  groupBy.forEach((g, i) => internalNames.set(`KSQL_GROUP_${i}`, formatExpression(g)));
  // The aggregated rows as a table is built only when asked for: the planner usually maps the
  // accumulators straight to output rows (one table operator, not two).
  let rows: KTable<any, Row> | null = null;
  return {
    kind: 'table',
    get table(): KTable<any, Row> {
      rows ??= aggregated.mapValues((acc, key) => toRow(acc, key), { valueSerde: internal });
      return rows;
    },
    accumulated: aggregated,
    toRow,
    columns, key: keyParts, keyOrigin: 'group-by', window: windows?.window, rewrite, names: internalNames, calls: bound.map((b) => formatExpression(b.call)),
  };
}

function qualifiedGroupName(g: Expression, stage: Stage, isJoin: boolean): string {
  if (g.kind === 'ColumnRef' && !isJoin) return g.name;
  return qualified(g, stage.columns);
}

/** The columns of `e` that are not available after aggregation, formatted (for the "not part of GROUP BY" error). */
export function unresolvedAfterAggregation(e: Expression, columns: readonly RowColumn[]): boolean {
  return someExpression(e, (x) => x.kind === 'ColumnRef' && resolveColumn(columns, x) < 0);
}
