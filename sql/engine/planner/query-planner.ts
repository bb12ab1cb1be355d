/**
 * A SELECT → DSL nodes: FROM (a source or joins), WHERE, GROUP BY / aggregates with WINDOW and
 * HAVING, PARTITION BY, and the projection. The result is a stream or table of output rows keyed
 * by the output key columns; `sink.ts` writes it to a topic.
 */
import type { Expression } from '../../ast/expressions.js';
import { formatExpression } from '../../ast/format.js';
import type { AliasedSource, Query } from '../../ast/query.js';
import { SqlError } from '../../errors.js';
import type { KStream } from '../../../core/streams/dsl/kstream.js';
import type { SourceWindow, SourceType } from '../catalog.js';
import { aggregateStage, containsAggregate, unresolvedAfterAggregation, withRowtimeArgument, type AggregatedStage } from './aggregate.js';
import { compileOver, predicate } from './compile.js';
import type { PlanContext } from './context.js';
import { planJoins } from './join.js';
import { expandSelect, splitProjection, projectAll, NameGenerator, defaultName, qualified, withImplicitAliases, type OutputColumn } from './projection.js';
import { unreadValueColumns } from './referenced.js';
import { sourceStage } from './source.js';
import { isTombstone, type KeyPart, type Row, type Stage } from './stage.js';
import { someExpression } from '../../ast/walk.js';
import type { ColumnRef } from '../../ast/expressions.js';
import { isSystemColumn, resolveColumn } from './row.js';
import { quoteName } from '../../types/types.js';

function columnRefsOf(e: Expression): ColumnRef[] {
  const out: ColumnRef[] = [];
  someExpression(e, (x) => {
    if (x.kind === 'ColumnRef') out.push(x);
    return false;
  });
  return out;
}
import { explodeStage, hasTableFunction } from './table-functions.js';

export interface PlannedQuery {
  readonly resultType: SourceType;
  readonly keyColumns: OutputColumn[];
  readonly valueColumns: OutputColumn[];
  readonly window?: SourceWindow;
  /** Output rows (value columns) keyed by the key row (windowed when `window` is set); null values are tombstones. */
  readonly stream: KStream<any, Row | null>;
  readonly sourceNames: string[];
}

function sourceOf(ctx: PlanContext, s: AliasedSource) {
  const ds = ctx.catalog.get(s.name);
  if (ds === undefined) {
    throw new SqlError(`${s.name} does not exist.`, 'statement');
  }
  return ds;
}

/** Plans `query`; `sinkName` names the result in messages. */
export interface PlanOptions {
  /** A push query: every SELECT item is an output column in order; keys need not be selected. */
  readonly transient?: boolean;
  /** A non-windowed table result is kept in this store too (pull queries read it). */
  readonly materializeAs?: string;
}

export function planQuery(query: Query, ctx: PlanContext, sinkName: string, options: PlanOptions = {}): PlannedQuery {
  const isJoin = query.from.kind === 'Join';
  let stage: Stage;
  let sourceNames: string[];
  if (query.from.kind === 'Join') {
    const joined = planJoins(query.from, query, ctx);
    stage = joined.stage;
    sourceNames = joined.sourceNames;
  } else {
    const ds = sourceOf(ctx, query.from);
    // A stream's columns the query never reads need not be built (a table's rows are state).
    const unread = ds.type === 'STREAM' ? unreadValueColumns(ds, query) : [];
    stage = sourceStage(ds, query.from.alias ?? ds.name, ctx, { unread });
    sourceNames = [ds.name];
  }

  if (query.where !== undefined) {
    if (containsAggregate(query.where, ctx)) throw new SqlError(`WHERE clause can not contain aggregate functions: ${formatExpression(query.where)}`, 'statement');
    const where = compileOver(query.where, stage.columns, ctx, 'WHERE');
    if (where.type !== null && where.type.kind !== 'BOOLEAN') {
      throw new SqlError(`Type error in WHERE expression: Should evaluate to boolean but is ${formatExpression(query.where)} (${where.type.kind}) instead.`, 'statement');
    }
    const test = predicate(where);
    stage = stage.kind === 'stream'
      ? { ...stage, stream: stage.stream.filter((_k, row) => !isTombstone(row) && test(row!)) }
      : { ...stage, table: stage.table.filter((_k, row) => test(row), { skipAbsentDeletes: true }) };
  }

  const aggregating = (query.groupBy?.length ?? 0) > 0 || query.select.some((s) => s.kind === 'SingleColumn' && containsAggregate(s.expression, ctx));
  let select = query.select;
  /** An aggregation whose accumulators the projection maps in one step. */
  let fused: Pick<AggregatedStage, 'accumulated' | 'toRow'> | null = null;
  for (const item of query.select) {
    if (item.kind === 'SingleColumn' && item.alias === undefined && item.expression.kind === 'ColumnRef' && isSystemColumn(item.expression.name) && !isJoin && options.transient !== true) {
      throw new SqlError(`Reserved column name in select: ${quoteName(item.expression.name)}. Please remove or alias the column.`, 'statement');
    }
  }
  for (const item of query.select) {
    if (item.kind !== 'SingleColumn') continue;
    someExpression(item.expression, (x) => {
      if (x.kind === 'FunctionCall' && ctx.registry.kindOf(x.name) === null) throw new SqlError(`Can't find any functions with the name '${x.name}'`, 'statement');
      return false;
    });
  }
  if (aggregating) {
    select = withImplicitAliases(query.select, stage.columns, isJoin, ctx, true)
      .map((item) => (item.kind === 'SingleColumn' ? { ...item, expression: withRowtimeArgument(item.expression, ctx, stage.columns) } : item));
    const having = query.having === undefined ? undefined : withRowtimeArgument(query.having, ctx, stage.columns);
    const firstSource = ctx.catalog.get(sourceNames[0]!);
    if (hasTableFunction(query, ctx)) throw new SqlError('Table functions cannot be used with aggregations.', 'statement');
    if (query.partitionBy !== undefined) throw new SqlError('PARTITION BY is not supported with GROUP BY.', 'statement');
    const agg = aggregateStage(stage, { ...query, select, having }, ctx, isJoin, firstSource?.valueFormat.format.toUpperCase());
    const badSelect: string[] = [];
    select = select.map((item) => {
      if (item.kind !== 'SingleColumn') {
        throw new SqlError(`Non-aggregate SELECT expression(s) not part of GROUP BY: *`, 'statement');
      }
      const rewritten = agg.rewrite(item.expression);
      if (unresolvedAfterAggregation(rewritten, agg.columns)) badSelect.push(formatExpression(item.expression));
      return { ...item, expression: rewritten };
    });
    if (badSelect.length > 0) {
      throw new SqlError(`Non-aggregate SELECT expression(s) not part of GROUP BY: ${badSelect.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`, 'statement');
    }
    if ((query.groupBy?.length ?? 0) === 0) {
      throw new SqlError(`CREATE TABLE AS SELECT statement does not support aggregate function [${agg.calls.join(', ')}] without a GROUP BY clause.`, 'statement');
    }
    let aggStage: Stage = agg;
    fused = agg;
    if (having !== undefined) {
      const rewrittenHaving = agg.rewrite(having);
      const loose = columnRefsOf(rewrittenHaving).filter((r) => resolveColumn(agg.columns, r) < 0);
      if (loose.length > 0) {
        throw new SqlError(`Non-aggregate HAVING expression not part of GROUP BY: ${loose.map((r) => formatExpression(r)).join(', ')}`, 'statement');
      }
      const test = predicate(compileOver(rewrittenHaving, agg.columns, ctx, 'HAVING', agg.names));
      // (`agg` is not spread: its `table` getter would add an unused operator.)
      fused = { accumulated: agg.accumulated.filter((k, acc) => test(agg.toRow(acc, k)), { skipAbsentDeletes: true }), toRow: agg.toRow };
    }
    stage = aggStage;
  } else {
    if (query.having !== undefined) throw new SqlError('HAVING requires GROUP BY.', 'statement');
    if (query.window !== undefined) throw new SqlError('WINDOW clause requires a GROUP BY clause.', 'statement');
    if (hasTableFunction(query, ctx)) {
      const exploded = explodeStage(stage, { ...query, select: withImplicitAliases(query.select, stage.columns, isJoin, ctx, false) }, ctx, isJoin);
      stage = exploded.stage;
      select = exploded.select;
    }
    if (query.partitionBy !== undefined) stage = partitionBy(stage, query.partitionBy, query, ctx, isJoin);
  }

  const items = expandSelect(select, stage.columns, isJoin, ctx, stage.keyOrigin === 'partition-by');
  const split = options.transient === true ? projectAll(stage.columns, items, ctx) : splitProjection(stage, items, sinkName, ctx);
  const exprs = split.valueExprs;
  const project = (row: Row): Row => {
    const out = new Array(exprs.length);
    for (let i = 0; i < exprs.length; i++) out[i] = exprs[i]!.evaluate(row);
    return out;
  };
  if (stage.kind === 'stream') {
    const stream = stage.stream.mapValues((row) => (isTombstone(row) ? null : project(row!)));
    return { resultType: 'STREAM', keyColumns: split.keyColumns, valueColumns: split.valueColumns, window: stage.window, stream, sourceNames };
  }
  const f = fused as Pick<AggregatedStage, 'accumulated' | 'toRow'> | null;
  const internal = ctx.serdes.internal;
  const materialized = options.materializeAs !== undefined && stage.window === undefined
    ? { valueSerde: internal, storeName: options.materializeAs, keySerde: internal }
    : { valueSerde: internal };
  const table = f !== null
    ? f.accumulated.mapValues((acc, key) => project(f.toRow(acc, key)), materialized)
    : stage.table.mapValues((row) => project(row), materialized);
  return { resultType: 'TABLE', keyColumns: split.keyColumns, valueColumns: split.valueColumns, window: stage.window, stream: table.toStream(), sourceNames };
}

function partitionBy(stage: Stage, exprs: readonly Expression[], query: Query, ctx: PlanContext, isJoin: boolean): Stage {
  if (stage.kind === 'table') throw new SqlError('Invalid use of PARTITION BY: only streams can be repartitioned, not tables.', 'statement');
  if (stage.window !== undefined) throw new SqlError('Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.', 'statement');
  const isNull = exprs.length === 1 && exprs[0]!.kind === 'NullLiteral';
  if (isNull) return { ...stage, stream: stage.stream.selectKey(() => null), key: [], keyOrigin: 'partition-by' };
  const compiled = exprs.map((e) => compileOver(e, stage.columns, ctx, 'PARTITION BY'));
  const taken = new Set<string>();
  for (const item of query.select) if (item.kind === 'SingleColumn' && item.alias !== undefined) taken.add(item.alias);
  const names = new NameGenerator(taken);
  const key: KeyPart[] = exprs.map((e, i) => ({
    name: defaultName(e, isJoin ? stage.columns : null) ?? names.generate(),
    type: compiled[i]!.type ?? (() => { throw new SqlError(`PARTITION BY NULL must be the only expression.`, 'statement'); })(),
    expressions: [e],
    description: e.kind === 'ColumnRef' && !isJoin ? e.name : qualified(e, stage.columns),
  }));
  const stream = stage.stream.selectKey((_k, row) => compiled.map((c) => (row === null ? null : c.evaluate(row))));
  return { ...stage, stream, key, keyOrigin: 'partition-by' };
}
