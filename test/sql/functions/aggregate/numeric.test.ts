import { expect } from 'chai';
import { aggregateFunctions } from '../../../../sql/functions/aggregate/index.js';
import { Decimal } from '../../../../sql/types/decimal.js';
import { ARRAY_DOUBLE, BIGINT, DOUBLE, INTEGER, STRING, array, decimal, map } from './types.js';
import { col, emitted, emittedTable, lit, resolve } from './helpers.js';

const agg = (name: string, ...args: Parameters<typeof resolve>[2]) => resolve(aggregateFunctions, name, args);

describe('COUNT', () => {
  it('COUNT(*) arrives with no arguments and counts every row', () => {
    const c = agg('COUNT');
    expect(c.columnArgs).to.deep.equal([]);
    expect(emitted(c, [[], [], []])).to.deep.equal([1n, 2n, 3n]);
  });

  it('COUNT(col) skips NULLs and COUNT(1) counts every row', () => {
    expect(emitted(agg('COUNT', col(STRING)), [['a'], [null], ['b']])).to.deep.equal([1n, 1n, 2n]);
    expect(emitted(agg('COUNT', lit(INTEGER, 1)), [[1], [1]])).to.deep.equal([1n, 2n]);
  });

  it('counts back to zero on a table (qtt count - should count back to zero)', () => {
    const c = agg('COUNT');
    expect(emittedTable(c, [{ new: [] }, { new: [] }, { old: [] }, { old: [] }])).to.deep.equal([1n, 2n, 1n, 0n]);
  });
});

describe('SUM and SUM_LIST', () => {
  it('keeps the input type: INT → INT wrapping like Java, BIGINT → BIGINT', () => {
    const s = agg('SUM', col(INTEGER));
    expect(s.returnType).to.deep.equal(INTEGER);
    expect(emitted(s, [[2147483647], [1]])).to.deep.equal([2147483647, -2147483648]);
    expect(emitted(agg('SUM', col(BIGINT)), [[1n], [null], [2n]])).to.deep.equal([1n, 1n, 3n]);
  });

  it('sums a constant DOUBLE argument per row (qtt sum - sum with constant double arg)', () => {
    const s = agg('SUM', lit(DOUBLE, 1));
    expect(s.columnArgs).to.deep.equal([0]);
    expect(emitted(s, [[1], [1], [1], [1], [1]])).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('keeps DECIMAL precision and scale and fails on overflow as ksqlDB', () => {
    const s = agg('SUM', col(decimal(4, 1)));
    expect(s.returnType).to.deep.equal(decimal(4, 1));
    const out = emitted(s, [[Decimal.parse('5.4')], [Decimal.parse('100.1')]]) as Decimal[];
    expect(out.map(String)).to.deep.equal(['5.4', '105.5']);
    expect(() => emitted(s, [[Decimal.parse('999.9')], [Decimal.parse('0.1')]])).to.throw(
      'Numeric field overflow: A field with precision 4 and scale 1 must round to an absolute value less than 10^3. Got 1000.0',
    );
  });

  it('undoes on a table and sums an empty group to 0', () => {
    const s = agg('SUM', col(INTEGER));
    expect(s.result(s.init())).to.equal(0);
    expect(emittedTable(s, [{ new: [5] }, { old: [5], new: [3] }])).to.deep.equal([5, 3]);
  });

  it('SUM_LIST sums the non-null elements of each array (qtt sum - sum list of doubles)', () => {
    const s = agg('SUM_LIST', col(ARRAY_DOUBLE));
    expect(emitted(s, [[[1, 1]], [[2, 2]], [[922337203685, 1]], [[1, 1, null]]])).to.deep.equal([2, 6, 922337203692, 922337203694]);
  });

  it('rejects a STRING with ksqlDB\'s message', () => {
    expect(() => agg('SUM', col(STRING))).to.throw("Function 'SUM' does not accept parameters (STRING).");
    expect(() => agg('SUM', col(map(STRING, INTEGER)))).to.throw('(MAP<STRING, INTEGER>)');
  });
});

describe('AVG', () => {
  it('averages integers as DOUBLE, ignoring NULLs (qtt average-udaf - average int)', () => {
    const a = agg('AVG', col(INTEGER));
    expect(a.returnType).to.deep.equal(DOUBLE);
    expect(emitted(a, [[1], [2], [2], [null]])).to.deep.equal([1, 1.5, 1.6666666666666667, 1.6666666666666667]);
  });

  it('averages doubles exactly as ksqlDB (qtt average-udaf - average double)', () => {
    const a = agg('AVG', col(DOUBLE));
    expect(emitted(a, [[-1.8], [9223372036854.775], [100.2], [null]])).to.deep.equal([-1.8, 4611686018426.487, 3074457345651.058, 3074457345651.058]);
    expect(emitted(a, [[2.3], [-200000.6], [0]])).to.deep.equal([2.3, -99999.15000000001, -66666.1]);
  });

  it('undoes on a table (qtt average-udaf - average udaf with table)', () => {
    const a = agg('AVG', col(INTEGER));
    const out = emittedTable(a, [{ new: [1] }, { new: [2] }, { old: [1], new: [null] }, { old: [null], new: [4] }]);
    expect(out).to.deep.equal([1, 1.5, 2, 3]);
  });

  it('declares a STRUCT intermediate type (DELIMITED cannot store it) and gives 0.0 for an empty group', () => {
    const a = agg('AVG', col(BIGINT));
    expect(a.aggregateType?.kind).to.equal('STRUCT');
    expect(a.result(a.init())).to.equal(0);
  });
});

describe('STDDEV_SAMP, STDDEV_SAMPLE and CORRELATION', () => {
  const values = [[10], [12], [13], [14], [16]];

  it('STDDEV_SAMP returns ksqlDB\'s sample variance (qtt standarddeviation - stddev samp)', () => {
    expect(emitted(agg('STDDEV_SAMP', col(DOUBLE)), values)).to.deep.equal([0, 2, 2.333333333333333, 2.9166666666666665, 5]);
  });

  it('STDDEV_SAMPLE returns the square root (qtt standarddeviation - stddev sample)', () => {
    expect(emitted(agg('STDDEV_SAMPLE', col(DOUBLE)), values)).to.deep.equal([0, 1.4142135623730951, 1.5275252316519465, 1.707825127659933, 2.23606797749979]);
  });

  it('undo reverses add and merge combines partial groups', () => {
    const s = agg('STDDEV_SAMPLE', col(DOUBLE));
    let acc = s.init();
    for (const v of [10, 12, 13]) acc = s.add(acc, [v]);
    acc = s.undo!(acc, [13]);
    expect(s.result(acc)).to.be.closeTo(1.4142135623730951, 1e-12);
    const left = s.add(s.add(s.init(), [10]), [12]);
    const right = s.add(s.add(s.init(), [13]), [14]);
    expect(s.result(s.merge(left, right))).to.be.closeTo(1.707825127659933, 1e-12);
  });

  it('CORRELATION skips rows with a NULL and is NaN until defined (qtt correlation-udaf - correlation double)', () => {
    const c = agg('CORRELATION', col(DOUBLE), col(DOUBLE));
    expect(c.columnArgs).to.deep.equal([0, 1]);
    const alice = emitted(c, [[1.5, 8], [-1, -2], [-4.5, -1], [null, -6]]);
    expect(alice[0]).to.be.NaN;
    expect(alice.slice(1)).to.deep.equal([1, 0.7580764521133173, 0.7580764521133173]);
    const bob = emitted(c, [[-3.5, -2], [13.1, null], [3, 11]]);
    expect(bob[0]).to.be.NaN;
    expect(bob[1]).to.be.NaN;
    expect(bob[2]).to.equal(1);
  });

  it('CORRELATION widens INTEGER arguments to DOUBLE', () => {
    const c = agg('CORRELATION', col(INTEGER), col(BIGINT));
    expect(emitted(c, [[1, 2n], [2, 4n], [3, 7n]])[2]).to.be.closeTo(0.9933992677987828, 1e-15);
  });
});

describe('MIN and MAX', () => {
  it('skip NULLs and keep the type (qtt hopping-windows - min hopping)', () => {
    const m = agg('MIN', col(BIGINT));
    expect(emitted(m, [[0n], [null], [5n]])).to.deep.equal([0n, 0n, 0n]);
    expect(emitted(agg('MAX', col(STRING)), [['b'], ['a'], ['c']])).to.deep.equal(['b', 'b', 'c']);
  });

  it('compare DECIMAL numerically and have no undo', () => {
    const m = agg('MAX', col(decimal(4, 2)));
    const out = emitted(m, [[Decimal.parse('9.50')], [Decimal.parse('10.00')]]) as Decimal[];
    expect(out.map(String)).to.deep.equal(['9.50', '10.00']);
    expect(m.undo).to.equal(undefined);
  });

  it('merge picks the extreme of two sessions', () => {
    const m = agg('MIN', col(INTEGER));
    expect(m.merge(3, null)).to.equal(3);
    expect(m.merge(3, 1)).to.equal(1);
  });

  it('reject arrays', () => {
    expect(() => agg('MAX', col(array(INTEGER)))).to.throw("Function 'MAX' does not accept parameters (ARRAY<INTEGER>).");
  });
});

describe('STDDEV with Java integer arithmetic', () => {
  it('STDDEV_SAMP(INT) overflows its int delta like ksqlDB; STDDEV_SAMPLE(INT) multiplies as long', () => {
    const samp = agg('STDDEV_SAMP', col(INTEGER));
    const sample = agg('STDDEV_SAMPLE', col(INTEGER));
    // Values -2e9 then 2e9: delta = 2e9 * 2 - (-2e9 + 2e9) = 4e9, past int range.
    const sampAcc = samp.add(samp.add(samp.init(), [-2000000000]), [2000000000]) as { M2: number };
    const sampleAcc = sample.add(sample.add(sample.init(), [-2000000000]), [2000000000]) as { M2: number };
    expect(sampleAcc.M2).to.equal(4e9 * 4e9 / 2);
    expect(sampAcc.M2).to.equal(((4e9 - 2 ** 32) * (4e9 - 2 ** 32)) / 2);
  });
});
