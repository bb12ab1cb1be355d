/**
 * COUNT_DISTINCT: the approximate number of distinct non-null values, from the same
 * HyperLogLog sketch ksqlDB uses (see hyperloglog.ts), as BIGINT. Stream-only (no undo).
 */
import { BIGINT, INTEGER, array } from '../../types/types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature, doesNotAccept } from './signature.js';
import { cardinality, hashValue, mergeSketches, offer, type Sketch } from './hyperloglog.js';

export const countDistinct = aggregateFactory({
  name: 'COUNT_DISTINCT',
  description: 'This function returns the number of items found in a group. The implementation is probabilistic with a typical accuracy (standard error) of less than 1%.',
  variants: [variant('T val', 'BIGINT', 'Count distinct')],
  resolve(args) {
    const call = bindSignature('COUNT_DISTINCT', [{ params: ['ANY'] }], args);
    const t = call.types[0];
    if (t === undefined) throw doesNotAccept('COUNT_DISTINCT', args);
    // ksqlDB hashes a Java Integer through hashLong too, so INTEGER and BIGINT agree.
    const isInteger = t !== null && t.kind !== 'DOUBLE';
    return {
      name: 'COUNT_DISTINCT',
      returnType: BIGINT,
      aggregateType: array(INTEGER),
      columnArgs: [0],
      init: (): Sketch => [],
      add: (acc, values) => (values[0] === null || values[0] === undefined ? acc : offer(acc as Sketch, hashValue(values[0], isInteger))),
      merge: (a, b) => mergeSketches(a as Sketch, b as Sketch),
      result: (acc) => BigInt(cardinality(acc as Sketch)),
    };
  },
});
