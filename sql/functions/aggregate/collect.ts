/**
 * COLLECT_LIST and COLLECT_SET: every value (NULLs included) / every distinct value of a
 * column, in arrival order, up to `ksql.functions.collect_list.limit` /
 * `ksql.functions.collect_set.limit` entries (further values are dropped silently; ksqlDB's
 * default is no limit). A session merge keeps the first window's values, then the second's, up
 * to the limit. COLLECT_LIST is undoable (it removes the last equal value); COLLECT_SET is
 * stream-only.
 */
import { array, type Type } from '../../types/types.js';
import type { ArgSpec, FunctionFactory } from '../types.js';
import { aggregateFactory, limitFrom, variant, type AggregateConfig } from './define.js';
import { bindSignature, doesNotAccept } from './signature.js';
import { indexOfValue, lastIndexOfValue } from './values.js';

export const COLLECT_LIST_LIMIT_CONFIG = 'ksql.functions.collect_list.limit';
export const COLLECT_SET_LIMIT_CONFIG = 'ksql.functions.collect_set.limit';
/** ksqlDB's default: Integer.MAX_VALUE, i.e. no practical limit. */
export const COLLECT_LIMIT_DEFAULT = 2147483647;

function elementType(displayName: string, args: readonly ArgSpec[]): Type {
  const call = bindSignature(displayName, [{ params: ['ANY'] }], args);
  const t = call.types[0];
  if (t === null || t === undefined) throw doesNotAccept(displayName, args);
  return t;
}

export function collectList(config: AggregateConfig): FunctionFactory<'AGGREGATE'> {
  const limit = limitFrom(config, COLLECT_LIST_LIMIT_CONFIG, COLLECT_LIMIT_DEFAULT);
  return aggregateFactory({
    name: 'COLLECT_LIST',
    description:
      'Gather all of the values from an input grouping into a single Array field.' +
      '\nAlthough this aggregate works on both Stream and Table inputs, the order of entries in the result array is not guaranteed when working on Table input data.' +
      `\nYou may limit the size of the resultant Array to N entries, beyond which any further values will be silently ignored, by setting the ${COLLECT_LIST_LIMIT_CONFIG} configuration to N.`,
    variants: [variant('T val', 'ARRAY<T>', 'collect values of a field into a single Array')],
    resolve(args) {
      const t = elementType('collect_list', args);
      return {
        name: 'COLLECT_LIST',
        returnType: array(t),
        aggregateType: array(t),
        columnArgs: [0],
        init: () => [],
        add(acc, values) {
          const list = acc as unknown[];
          if (list.length < limit) list.push(values[0] ?? null);
          return list;
        },
        undo(acc, values) {
          const list = acc as unknown[];
          const at = lastIndexOfValue(list, values[0] ?? null);
          if (at >= 0) list.splice(at, 1);
          return list;
        },
        merge(a, b) {
          const list = a as unknown[];
          for (const v of b as unknown[]) {
            if (list.length >= limit) break;
            list.push(v);
          }
          return list;
        },
        result: (acc) => [...(acc as unknown[])], // a copy: later adds mutate acc
      };
    },
  });
}

export function collectSet(config: AggregateConfig): FunctionFactory<'AGGREGATE'> {
  const limit = limitFrom(config, COLLECT_SET_LIMIT_CONFIG, COLLECT_LIMIT_DEFAULT);
  const addDistinct = (list: unknown[], v: unknown): unknown[] => {
    if (list.length < limit && indexOfValue(list, v) < 0) list.push(v);
    return list;
  };
  return aggregateFactory({
    name: 'COLLECT_SET',
    description:
      'Gather all of the distinct values from an input grouping into a single Array.' +
      '\nNot available for aggregating values from an input Table.' +
      `\nYou may limit the size of the resultant Array to N entries, beyond which any further values will be silently ignored, by setting the ${COLLECT_SET_LIMIT_CONFIG} configuration to N.`,
    variants: [variant('T val', 'ARRAY<T>', 'collect distinct values of a field into a single Array')],
    resolve(args) {
      const t = elementType('collect_set', args);
      return {
        name: 'COLLECT_SET',
        returnType: array(t),
        aggregateType: array(t),
        columnArgs: [0],
        init: () => [],
        add: (acc, values) => addDistinct(acc as unknown[], values[0] ?? null),
        merge(a, b) {
          let list = a as unknown[];
          for (const v of b as unknown[]) list = addDistinct(list, v);
          return list;
        },
        result: (acc) => [...(acc as unknown[])], // a copy: later adds mutate acc
      };
    },
  });
}
