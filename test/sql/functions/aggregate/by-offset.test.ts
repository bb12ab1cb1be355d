import { expect } from 'chai';
import { aggregateFunctions, needsOffset } from '../../../../sql/functions/aggregate/index.js';
import type { ResolvedAggregate } from '../../../../sql/functions/types.js';
import { BOOLEAN, DOUBLE, INTEGER, STRING, array, decimal, map } from './types.js';
import { col, lit, resolve } from './helpers.js';
import { Decimal } from '../../../../sql/types/decimal.js';

const agg = (name: string, ...args: Parameters<typeof resolve>[2]) => resolve(aggregateFunctions, name, args);

/** Feeds values with consecutive offsets (the planner appends the offset as the last value). */
function run(a: ResolvedAggregate, values: readonly unknown[], firstOffset = 0n): unknown[] {
  let acc = a.init();
  return values.map((v, i) => {
    acc = a.add(acc, [v, firstOffset + BigInt(i)]);
    return a.result(acc);
  });
}

/** A session merge as Kafka Streams does it: init, merge each existing session, then add the new row. */
function mergeSessions(a: ResolvedAggregate, sessions: readonly unknown[], value: unknown, offset: bigint): unknown {
  let acc = a.init();
  for (const s of sessions) acc = a.merge(acc, s);
  return a.result(a.add(acc, [value, offset]));
}

const sessionOf = (a: ResolvedAggregate, value: unknown, offset: bigint): unknown => a.add(a.init(), [value, offset]);

describe('EARLIEST_BY_OFFSET and LATEST_BY_OFFSET', () => {
  it('declare needsOffset and take the column as their only row value', () => {
    const a = agg('LATEST_BY_OFFSET', col(INTEGER));
    expect(needsOffset(a)).to.equal(true);
    expect(a.columnArgs).to.deep.equal([0]);
    expect(needsOffset(agg('COUNT'))).to.equal(false);
  });

  it('earliest keeps the first value and works on maps (qtt earliest-offset-udaf - with maps)', () => {
    const a = agg('EARLIEST_BY_OFFSET', col(map(STRING, DOUBLE)));
    const first = new Map([['Early0', 1.234]]);
    expect(run(a, [first, new Map([['Later0', 3.6789]])])).to.deep.equal([first, first]);
  });

  it('latest keeps DECIMAL values (qtt latest-offset-udaf - with decimals)', () => {
    const a = agg('LATEST_BY_OFFSET', col(decimal(3, 2)), lit(BOOLEAN, true));
    expect(run(a, [Decimal.parse('3.40'), Decimal.parse('8.90')]).map(String)).to.deep.equal(['3.40', '8.90']);
  });

  it('ignore NULLs by default (qtt earliest-offset-udaf - null first single ignoring nulls)', () => {
    expect(run(agg('EARLIEST_BY_OFFSET', col(INTEGER), lit(BOOLEAN, true)), [null, 13])).to.deep.equal([null, 13]);
    expect(run(agg('LATEST_BY_OFFSET', col(INTEGER)), [5, null])).to.deep.equal([5, 5]);
    expect(run(agg('LATEST_BY_OFFSET', col(INTEGER), lit(BOOLEAN, false)), [5, null])).to.deep.equal([5, null]);
  });

  it('n variants return arrays, oldest first (qtt earliest-offset-udaf - earliest n by offset)', () => {
    const e = agg('EARLIEST_BY_OFFSET', col(STRING), lit(INTEGER, 2));
    expect(e.returnType).to.deep.equal(array(STRING));
    expect(run(e, ['foo', 'bar', 'baz'])).to.deep.equal([['foo'], ['foo', 'bar'], ['foo', 'bar']]);
    expect(run(agg('LATEST_BY_OFFSET', col(STRING), lit(INTEGER, 2)), ['foo', 'bar', 'baz'])).to.deep.equal([['foo'], ['foo', 'bar'], ['bar', 'baz']]);
    expect(run(e, [null, null])).to.deep.equal([[], []]);
    expect(run(agg('EARLIEST_BY_OFFSET', col(INTEGER), lit(INTEGER, 2)), [null, 13])).to.deep.equal([[], [13]]);
  });

  it('merge sessions by offset (qtt latest-offset-udaf - merging session windows with nulls not ignored n)', () => {
    const a = agg('LATEST_BY_OFFSET', col(INTEGER), lit(INTEGER, 2), lit(BOOLEAN, false));
    expect(mergeSessions(a, [sessionOf(a, 1, 0n), sessionOf(a, null, 1n)], 2, 2n)).to.deep.equal([null, 2]);
    const all = agg('EARLIEST_BY_OFFSET', col(INTEGER), lit(INTEGER, 2), lit(BOOLEAN, false));
    expect(mergeSessions(all, [sessionOf(all, null, 0n), sessionOf(all, null, 1n)], null, 2n)).to.deep.equal([null, null]);
  });

  it('merge single values by offset, honouring ignoreNulls (qtt earliest-offset-udaf - merging session windows)', () => {
    const kept = agg('EARLIEST_BY_OFFSET', col(INTEGER), lit(BOOLEAN, false));
    expect(mergeSessions(kept, [sessionOf(kept, null, 0n), sessionOf(kept, 1, 1n)], null, 2n)).to.equal(null);
    const ignored = agg('EARLIEST_BY_OFFSET', col(INTEGER), lit(BOOLEAN, true));
    expect(mergeSessions(ignored, [sessionOf(ignored, null, 0n), sessionOf(ignored, 1, 1n)], null, 2n)).to.equal(1);
    const latest = agg('LATEST_BY_OFFSET', col(INTEGER));
    expect(mergeSessions(latest, [sessionOf(latest, 1, 0n), sessionOf(latest, null, 1n)], 2, 2n)).to.equal(2);
    expect(latest.merge(sessionOf(latest, 7, 5n), sessionOf(latest, 3, 4n))).to.deep.equal({ SEQ: 5n, VAL: 7 });
  });

  it('accept number offsets too, reject n < 1 and non-literal n, and cannot undo', () => {
    const a = agg('LATEST_BY_OFFSET', col(INTEGER));
    expect(a.result(a.add(a.init(), [4, 17]))).to.equal(4);
    expect(a.result(a.add(a.add(a.init(), [4, null]), [5, null]))).to.equal(5);
    expect(() => agg('LATEST_BY_OFFSET', col(INTEGER), lit(INTEGER, 0))).to.throw('earliestN must be 1 or greater');
    expect(() => agg('EARLIEST_BY_OFFSET', col(INTEGER), col(INTEGER))).to.throw("Function 'EARLIEST_BY_OFFSET' does not accept parameters (INTEGER, INTEGER).");
    expect(a.undo).to.equal(undefined);
  });
});
