import { expect } from 'chai';
import { aggregateFunctions, createAggregateFunctions } from '../../../../sql/functions/aggregate/index.js';
import { Decimal } from '../../../../sql/types/decimal.js';
import { ARRAY_INT, BIGINT, BOOLEAN, INTEGER, STRING, TIME, decimal, map, struct } from './types.js';
import { col, emitted, emittedTable, lit, resolve } from './helpers.js';

const agg = (name: string, ...args: Parameters<typeof resolve>[2]) => resolve(aggregateFunctions, name, args);

describe('COLLECT_LIST', () => {
  it('collects every value in arrival order, NULLs included (qtt collect-list - decimal)', () => {
    const c = agg('COLLECT_LIST', col(decimal(4, 1)));
    const d = (s: string) => Decimal.parse(s);
    const out = emitted(c, [[d('500.9')], [d('300.8')], [null], [d('300.8')], [null]]) as (Decimal | null)[][];
    expect(out[4]!.map((x) => (x === null ? null : x.toString()))).to.deep.equal(['500.9', '300.8', null, '300.8', null]);
  });

  it('works on any type and returns ARRAY<T>', () => {
    const c = agg('COLLECT_LIST', col(TIME));
    expect(c.returnType).to.deep.equal({ kind: 'ARRAY', element: TIME });
    expect(emitted(c, [[10], [20], [30]])).to.deep.equal([[10], [10, 20], [10, 20, 30]]);
  });

  it('stops at ksql.functions.collect_list.limit (qtt collect-list - with limit of 1)', () => {
    const c = resolve(createAggregateFunctions({ 'ksql.functions.collect_list.limit': 1 }), 'COLLECT_LIST', [col(INTEGER)]);
    expect(emitted(c, [[0], [100]])).to.deep.equal([[0], [0]]);
    const fromString = resolve(createAggregateFunctions({ 'ksql.functions.collect_list.limit': '2' }), 'COLLECT_LIST', [col(INTEGER)]);
    expect(emitted(fromString, [[1], [2], [3]])[2]).to.deep.equal([1, 2]);
  });

  it('undoes the last equal value on a table (qtt collect-list - bool map table)', () => {
    const c = agg('COLLECT_LIST', col(BOOLEAN));
    expect(emittedTable(c, [{ new: [true] }, { old: [true], new: [false] }, { old: [false], new: [true] }])).to.deep.equal([[true], [false], [true]]);
  });

  it('merges sessions: the first window\'s values, then the second\'s, up to the limit', () => {
    const c = resolve(createAggregateFunctions({ 'ksql.functions.collect_list.limit': 3 }), 'COLLECT_LIST', [col(INTEGER)]);
    expect(c.merge([1, 2], [3, 4])).to.deep.equal([1, 2, 3]);
  });
});

describe('COLLECT_SET', () => {
  it('keeps distinct values in first-seen order (qtt collect-set - time map)', () => {
    expect(emitted(agg('COLLECT_SET', col(TIME)), [[10], [20], [20]])).to.deep.equal([[10], [10, 20], [10, 20]]);
  });

  it('compares arrays, structs, maps and decimals by value (qtt collect-set - arrays, structs and maps)', () => {
    const t = struct([{ name: 'A', type: STRING }, { name: 'M', type: map(STRING, INTEGER) }]);
    const c = agg('COLLECT_SET', col({ kind: 'ARRAY', element: t }));
    const row = (a: string, k: number) => [[{ A: a, M: new Map([['x', k]]) }]];
    const out = emitted(c, [row('p', 1), row('p', 1), row('p', 2), [[null]], [null], [null]]);
    expect((out[5] as unknown[]).length).to.equal(4);
    expect(emitted(agg('COLLECT_SET', col(ARRAY_INT)), [[[0, 1]], [[0, 1]], [[1, 0]]])[2]).to.deep.equal([[0, 1], [1, 0]]);
    const dec = emitted(agg('COLLECT_SET', col(decimal(3, 1))), [[Decimal.parse('1.0')], [Decimal.parse('1.0')]]);
    expect((dec[1] as unknown[]).length).to.equal(1);
  });

  it('cannot undo (stream-only), honours its own limit and merges distinct values', () => {
    const c = resolve(createAggregateFunctions({ 'ksql.functions.collect_set.limit': 2 }), 'COLLECT_SET', [col(INTEGER)]);
    expect(c.undo).to.equal(undefined);
    expect(emitted(c, [[1], [2], [3]])[2]).to.deep.equal([1, 2]);
    expect(agg('COLLECT_SET', col(INTEGER)).merge([1, 2], [2, 3])).to.deep.equal([1, 2, 3]);
  });
});

describe('HISTOGRAM', () => {
  it('counts each string as BIGINT and undoes down to removal', () => {
    const h = agg('HISTOGRAM', col(STRING));
    expect(h.returnType).to.deep.equal(map(STRING, BIGINT));
    const out = emittedTable(h, [{ new: ['a'] }, { new: ['b'] }, { new: ['a'] }, { old: ['b'] }]);
    expect(out[2]).to.deep.equal(new Map([['a', 2n], ['b', 1n]]));
    expect(out[3]).to.deep.equal(new Map([['a', 2n]]));
  });

  it('iterates its result in Java HashMap order, as ksqlDB emits it', () => {
    const h = agg('HISTOGRAM', col(STRING));
    // "a" (97) lands in bucket 1, "Z" (90) in bucket 10, "q" (113) in bucket 1 after "a".
    const out = emitted(h, [['Z'], ['q'], ['a']])[2] as Map<string, bigint>;
    expect([...out.keys()]).to.deep.equal(['q', 'a', 'Z']);
  });

  it('ignores new values beyond 1000 distinct ones but keeps counting known ones', () => {
    const h = agg('HISTOGRAM', col(STRING));
    let acc = h.init();
    for (let i = 0; i < 1001; i++) acc = h.add(acc, [`v${i}`]);
    acc = h.add(acc, ['v0']);
    const out = h.result(acc) as Map<string, bigint>;
    expect(out.size).to.equal(1000);
    expect(out.get('v0')).to.equal(2n);
    expect(out.has('v1000')).to.equal(false);
  });
});

describe('ATTR', () => {
  it('returns the value while it is unique, NULL otherwise (qtt attr - table attr with tombstones)', () => {
    const a = agg('ATTR', col(STRING));
    const out = emittedTable(a, [
      { new: ['1'] },
      { new: ['1'] },
      { old: ['1'] },
      { old: ['1'] },
      { new: ['2'] },
      { new: ['3'] },
      { old: ['3'] },
    ]);
    expect(out).to.deep.equal(['1', '1', '1', null, '2', null, '2']);
  });

  it('treats NULL as a value and keeps the input type', () => {
    const a = agg('ATTR', col(BIGINT));
    expect(a.returnType).to.deep.equal(BIGINT);
    expect(emitted(a, [[null], [null]])).to.deep.equal([null, null]);
    expect(emitted(a, [[1n], [null]])).to.deep.equal([1n, null]);
  });
});

describe('TOPK and TOPKDISTINCT', () => {
  it('keeps the k greatest values, greatest first (qtt topk-group-by - topk integer)', () => {
    const t = agg('TOPK', col(INTEGER), lit(INTEGER, 3));
    expect(t.columnArgs).to.deep.equal([0]);
    expect(emitted(t, [[0], [100], [99], [7], [100]])).to.deep.equal([[0], [100, 0], [100, 99, 0], [100, 99, 7], [100, 100, 99]]);
  });

  it('carries other columns as a struct ordered by the first (qtt topk-group-by - topk integer struct)', () => {
    const t = agg('TOPK', col(INTEGER), col(STRING), lit(INTEGER, 3));
    expect(t.returnType).to.deep.equal({ kind: 'ARRAY', element: struct([{ name: 'sort_col', type: INTEGER }, { name: 'col0', type: STRING }]) });
    expect(t.columnArgs).to.deep.equal([0, 1]);
    const out = emitted(t, [[0, 'zero'], [100, 'one'], [99, 'two'], [null, 'three'], [100, null]]);
    expect(out[4]).to.deep.equal([
      { sort_col: 100, col0: 'one' },
      { sort_col: 100, col0: null },
      { sort_col: 99, col0: 'two' },
    ]);
  });

  it('orders strings (qtt topk-group-by - topk string struct)', () => {
    const t = agg('TOPK', col(STRING), col(STRING), lit(INTEGER, 3));
    const out = emitted(t, [['a', 'zero'], [null, 'one'], ['c', 'two'], ['b', 'three'], ['d', null]]);
    expect((out[4] as { sort_col: string }[]).map((r) => r.sort_col)).to.deep.equal(['d', 'c', 'b']);
  });

  it('TOPKDISTINCT keeps each value once and merges sessions', () => {
    const t = agg('TOPKDISTINCT', col(BIGINT), lit(INTEGER, 2));
    expect(emitted(t, [[5n], [5n], [3n], [9n]])).to.deep.equal([[5n], [5n], [5n, 3n], [9n, 5n]]);
    expect(t.merge([9n, 5n], [9n, 7n])).to.deep.equal([9n, 7n]);
  });

  it('requires a literal k', () => {
    expect(() => agg('TOPK', col(INTEGER), col(INTEGER))).to.throw("expects a literal INTEGER for k");
    expect(() => agg('TOPK', col(INTEGER))).to.throw("Function 'TOPK' does not accept parameters (INTEGER).");
  });
});
