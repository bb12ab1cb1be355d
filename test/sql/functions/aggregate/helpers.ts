/** Shared test helpers: argument specs and running an aggregate over rows like the planner does. */
import type { ArgSpec, FunctionFactory, ResolvedAggregate } from '../../../../sql/functions/types.js';
import type { Type } from '../../../../sql/types/types.js';

/** A column argument of type `t`. */
export const col = (t: Type | null): ArgSpec => ({ kind: 'value', type: t });
/** A literal argument. */
export const lit = (t: Type | null, value: unknown): ArgSpec => ({ kind: 'value', type: t, constant: { value } });

export function resolve(factories: readonly FunctionFactory[], name: string, args: readonly ArgSpec[]): ResolvedAggregate {
  const f = factories.find((x) => x.name === name);
  if (f === undefined || f.kind !== 'AGGREGATE') throw new Error(`no aggregate ${name}`);
  return f.resolve(args) as ResolvedAggregate;
}

/** Adds each row's values in turn and returns the result after every row (as a stream aggregation emits). */
export function emitted(agg: ResolvedAggregate, rows: readonly (readonly unknown[])[]): unknown[] {
  let acc = agg.init();
  return rows.map((values) => {
    acc = agg.add(acc, values);
    return agg.result(acc);
  });
}

/** A table aggregation: each change undoes the old row (if any) then adds the new one (if any). */
export function emittedTable(agg: ResolvedAggregate, changes: readonly { old?: readonly unknown[]; new?: readonly unknown[] }[]): unknown[] {
  let acc = agg.init();
  return changes.map((c) => {
    if (c.old !== undefined) acc = agg.undo!(acc, c.old);
    if (c.new !== undefined) acc = agg.add(acc, c.new);
    return agg.result(acc);
  });
}
