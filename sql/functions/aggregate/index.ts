/**
 * ksqlDB's built-in aggregate functions, as registry factories. `aggregateFunctions` uses
 * ksqlDB's default configuration; `createAggregateFunctions(properties)` reads the session's
 * `ksql.functions.collect_list.limit` / `ksql.functions.collect_set.limit`.
 *
 * Calling convention for the planner (see README.md): `columnArgs` are the row-value arguments
 * (even when the caller wrote a literal, as in `SUM(1)`); trailing initialisation arguments are
 * constants read at resolve time. An aggregate whose resolved object has `needsOffset: true`
 * (EARLIEST_BY_OFFSET, LATEST_BY_OFFSET) takes the row's offset as one extra, LAST element of
 * `values`. Aggregates without `undo` cannot run on a table source: report them with
 * `tableSourceError`.
 */
import { SqlError } from '../../errors.js';
import type { FunctionFactory, ResolvedAggregate } from '../types.js';
import { attr } from './attr.js';
import { avg } from './avg.js';
import { earliestByOffset, latestByOffset, type OffsetAggregate } from './by-offset.js';
import { collectList, collectSet } from './collect.js';
import { correlation } from './correlation.js';
import { count } from './count.js';
import { countDistinct } from './count-distinct.js';
import type { AggregateConfig } from './define.js';
import { histogram } from './histogram.js';
import { max, min } from './min-max.js';
import { stddevSamp, stddevSample } from './stddev.js';
import { sum, sumList } from './sum.js';
import { topk, topkDistinct } from './topk.js';

export type { AggregateConfig } from './define.js';
export type { OffsetAggregate } from './by-offset.js';
export { COLLECT_LIST_LIMIT_CONFIG, COLLECT_SET_LIMIT_CONFIG } from './collect.js';

/** Every built-in aggregate, configured from `properties` (session / server config by full name). */
export function createAggregateFunctions(properties: AggregateConfig = {}): FunctionFactory<'AGGREGATE'>[] {
  return [
    attr,
    avg,
    collectList(properties),
    collectSet(properties),
    correlation,
    count,
    countDistinct,
    earliestByOffset,
    histogram,
    latestByOffset,
    max,
    min,
    stddevSamp,
    stddevSample,
    sum,
    sumList,
    topk,
    topkDistinct,
  ];
}

/** The built-in aggregates with ksqlDB's default configuration. */
export const aggregateFunctions: FunctionFactory<'AGGREGATE'>[] = createAggregateFunctions();

/** True when the planner must append the row's offset to `values` for this aggregate. */
export function needsOffset(aggregate: ResolvedAggregate): aggregate is OffsetAggregate {
  return (aggregate as Partial<OffsetAggregate>).needsOffset === true;
}

/**
 * ksqlDB's error for aggregates that cannot undo used over a TABLE source:
 * `The aggregation functions LATEST_BY_OFFSET, MIN and MAX cannot be applied to a table source, only to a stream source.`
 * Returns null when every aggregate can undo. Names are listed once, in first-use order.
 */
export function tableSourceError(aggregates: readonly ResolvedAggregate[]): SqlError | null {
  const names = [...new Set(aggregates.filter((a) => a.undo === undefined).map((a) => a.name))];
  if (names.length === 0) return null;
  const joined = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  const plural = names.length === 1 ? '' : 's';
  return new SqlError(`The aggregation function${plural} ${joined} cannot be applied to a table source, only to a stream source.`);
}
