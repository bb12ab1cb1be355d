import { expect } from 'chai';
import { aggregateFunctions } from '../../../../sql/functions/aggregate/index.js';
import type { ArgSpec, ResolvedAggregate } from '../../../../sql/functions/types.js';
import { Decimal } from '../../../../sql/types/decimal.js';
import { decodeInternal, encodeInternal } from '../../../../sql/types/internal-serde.js';
import { BIGINT, BYTES, DOUBLE, INTEGER, STRING, array, decimal, struct } from './types.js';
import { col, lit, resolve } from './helpers.js';

/** Every aggregate with sample rows; the accumulator is stored and reloaded between rows, as a state store would. */
const CASES: { name: string; args: ArgSpec[]; rows: unknown[][] }[] = [
  { name: 'COUNT', args: [], rows: [[], []] },
  { name: 'COUNT_DISTINCT', args: [col(STRING)], rows: [['a'], ['b'], ['a']] },
  { name: 'SUM', args: [col(decimal(6, 2))], rows: [[Decimal.parse('1.25')], [null], [Decimal.parse('2.00')]] },
  { name: 'SUM_LIST', args: [col(array(BIGINT))], rows: [[[1n, 2n]], [[3n]]] },
  { name: 'AVG', args: [col(BIGINT)], rows: [[1n], [4n]] },
  { name: 'MIN', args: [col(BYTES)], rows: [[Buffer.from([2])], [Buffer.from([1])]] },
  { name: 'MAX', args: [col(DOUBLE)], rows: [[-0], [Number.NaN]] },
  { name: 'TOPK', args: [col(INTEGER), col(STRING), lit(INTEGER, 2)], rows: [[1, 'a'], [3, 'b'], [2, null]] },
  { name: 'TOPKDISTINCT', args: [col(STRING), lit(INTEGER, 2)], rows: [['a'], ['a'], ['b']] },
  { name: 'COLLECT_LIST', args: [col(struct([{ name: 'A', type: INTEGER }]))], rows: [[{ A: 1 }], [null]] },
  { name: 'COLLECT_SET', args: [col(array(STRING))], rows: [[['x']], [['x']], [null]] },
  { name: 'EARLIEST_BY_OFFSET', args: [col(STRING), lit(INTEGER, 2), lit(null, false)], rows: [['a', 0n], [null, 1n], ['c', 2n]] },
  { name: 'LATEST_BY_OFFSET', args: [col(decimal(3, 1))], rows: [[Decimal.parse('1.5'), 0n], [null, 1n]] },
  { name: 'HISTOGRAM', args: [col(STRING)], rows: [['a'], [null], ['a']] },
  { name: 'STDDEV_SAMP', args: [col(INTEGER)], rows: [[1], [5], [9]] },
  { name: 'STDDEV_SAMPLE', args: [col(BIGINT)], rows: [[1n], [5n]] },
  { name: 'CORRELATION', args: [col(DOUBLE), col(DOUBLE)], rows: [[1, 2], [2, 5], [3, 1]] },
  { name: 'ATTR', args: [col(STRING)], rows: [['x'], ['x']] },
];

function runStored(agg: ResolvedAggregate, rows: readonly unknown[][]): unknown {
  let stored = encodeInternal(agg.init());
  for (const r of rows) stored = encodeInternal(agg.add(decodeInternal(stored), r));
  return agg.result(decodeInternal(stored));
}

function runInMemory(agg: ResolvedAggregate, rows: readonly unknown[][]): unknown {
  let acc = agg.init();
  for (const r of rows) acc = agg.add(acc, r);
  return agg.result(acc);
}

describe('aggregate accumulators', () => {
  it('cover every built-in aggregate', () => {
    expect(CASES.map((c) => c.name).sort()).to.deep.equal(aggregateFunctions.map((f) => f.name).sort());
  });

  for (const c of CASES) {
    it(`${c.name}: survives the internal serde between rows with the same result`, () => {
      const agg = resolve(aggregateFunctions, c.name, c.args);
      expect(runStored(agg, c.rows)).to.deep.equal(runInMemory(agg, c.rows));
    });
  }
});
