import { expect } from 'chai';
import {
  INTEGER, BIGINT, DOUBLE, STRING, BOOLEAN, decimal, array, map, formatType,
} from '../../../../sql/types/types.js';
import { Decimal } from '../../../../sql/types/decimal.js';
import { call, returnType, lambda, registry, arg } from '../helpers.js';

const AI = array(INTEGER);
const AS = array(STRING);

describe('array functions', () => {
  it('set functions keep first-seen order and give NULL for NULL input (qtt: array-set-functions)', () => {
    expect(call('ARRAY_EXCEPT', [AI, AI], [[0, 0, 1, 0, -1], [1, -2]])).to.deep.equal([0, -1]);
    expect(call('ARRAY_EXCEPT', [AI, AI], [[0, 0, 1, 0, -1], []])).to.deep.equal([0, 1, -1]);
    expect(call('ARRAY_EXCEPT', [AI, AI], [null, [1]])).to.equal(null);
    expect(call('ARRAY_UNION', [AI, AI], [[0, 0, 1, 0, -1], [1, -2, 0]])).to.deep.equal([0, 1, -1, -2]);
    expect(call('ARRAY_UNION', [AI, AI], [[0, 1], null])).to.equal(null);
    expect(call('ARRAY_INTERSECT', [AI, AI], [[3, 1, 2, 1], [1, 3]])).to.deep.equal([3, 1]);
    expect(call('ARRAY_DISTINCT', [AS], [['foo', 'bar', 'foo']])).to.deep.equal(['foo', 'bar']);
  });

  it('ARRAY_CONCAT treats one NULL as empty and two as NULL (qtt)', () => {
    expect(call('ARRAY_CONCAT', [AI, AI], [[0, 0, 1, 0, -1], [1, -2, 0]])).to.deep.equal([0, 0, 1, 0, -1, 1, -2, 0]);
    expect(call('ARRAY_CONCAT', [AI, AI], [null, [1]])).to.deep.equal([1]);
    expect(call('ARRAY_CONCAT', [AI, AI], [null, null])).to.equal(null);
  });

  it('ARRAY_CONTAINS compares values and is false for a NULL array (qtt)', () => {
    expect(call('ARRAY_CONTAINS', [AS, STRING], [['Pink', null], 'Pink'])).to.equal(true);
    expect(call('ARRAY_CONTAINS', [AS, STRING], [['Red'], 'Pink'])).to.equal(false);
    expect(call('ARRAY_CONTAINS', [AS, STRING], [null, 'Pink'])).to.equal(false);
    expect(call('ARRAY_CONTAINS', [array(BIGINT), INTEGER], [[5n], 5])).to.equal(true);
  });

  it('ARRAY_JOIN writes elements as Java does (qtt: arrayjoin)', () => {
    expect(call('ARRAY_JOIN', [array(BOOLEAN), STRING], [[true, null, false], '|'])).to.equal('true|null|false');
    expect(call('ARRAY_JOIN', [array(BIGINT), STRING], [[-4294967297n, 8589934592n], ';'])).to.equal('-4294967297;8589934592');
    expect(call('ARRAY_JOIN', [array(DOUBLE), STRING], [[1.23, -23.42, 0], ' '])).to.equal('1.23 -23.42 0.0');
    expect(call('ARRAY_JOIN', [array(decimal(5, 2)), STRING], [[Decimal.parse('123.45'), Decimal.parse('987.65')], '#'])).to.equal('123.45#987.65');
    expect(call('ARRAY_JOIN', [AI], [[1, 2]])).to.equal('1,2');
  });

  it('ARRAY_LENGTH, ARRAY_MAX, ARRAY_MIN, ARRAY_REMOVE, ARRAY_SORT', () => {
    expect(call('ARRAY_LENGTH', [array(AI)], [[[]]])).to.equal(1);
    expect(call('ARRAY_LENGTH', [AI], [null])).to.equal(null);
    expect(call('ARRAY_MAX', [AI], [[1, null, 7, 3]])).to.equal(7);
    expect(call('ARRAY_MIN', [AS], [['b', 'a']])).to.equal('a');
    expect(call('ARRAY_REMOVE', [AI, INTEGER], [[1, 2, 1], 1])).to.deep.equal([2]);
    expect(call('ARRAY_SORT', [AI], [[3, null, 1, 2]])).to.deep.equal([1, 2, 3, null]);
    expect(call('ARRAY_SORT', [AI, STRING], [[3, null, 1, 2], 'desc'])).to.deep.equal([3, 2, 1, null]);
  });

  it('GENERATE_SERIES is inclusive and follows the step (qtt: generate series with step)', () => {
    const g = (a: number, b: number, s: number): unknown => call('GENERATE_SERIES', [INTEGER, INTEGER, INTEGER], [a, b, s]);
    expect(g(0, 3, 1)).to.deep.equal([0, 1, 2, 3]);
    expect(g(-2, 1, 2)).to.deep.equal([-2, 0]);
    expect(g(3, 0, -1)).to.deep.equal([3, 2, 1, 0]);
    expect(g(1, -2, -2)).to.deep.equal([1, -1]);
    expect(g(9, 0, -3)).to.deep.equal([9, 6, 3, 0]);
    expect(call('GENERATE_SERIES', [BIGINT, BIGINT], [1n, 3n])).to.deep.equal([1n, 2n, 3n]);
    expect(() => g(0, 3, 0)).to.throw(/zero/);
  });

  it('SLICE takes 1-based inclusive bounds (qtt: slice)', () => {
    expect(call('SLICE', [AS, INTEGER, INTEGER], [['a', 'b', 'c', 'd'], 2, 3])).to.deep.equal(['b', 'c']);
  });
});

describe('map functions', () => {
  it('AS_MAP pairs keys with values; extra values are ignored, missing ones are NULL (qtt: create map from key value lists)', () => {
    const m = (ks: string[], vs: unknown[]): unknown => Object.fromEntries(call('AS_MAP', [AS, AI], [ks, vs]) as Map<string, unknown>);
    expect(m(['a', 'b'], [1, 2, 3])).to.deep.equal({ a: 1, b: 2 });
    expect(m(['a', 'b'], [1])).to.deep.equal({ a: 1, b: null });
    expect(m(['a', 'b', 'c'], [1, 2, null])).to.deep.equal({ a: 1, b: 2, c: null });
  });

  it('MAP_KEYS, MAP_VALUES, MAP_UNION', () => {
    const m = new Map([['a', 1], ['b', 2]]);
    expect(call('MAP_KEYS', [map(STRING, INTEGER)], [m])).to.deep.equal(['a', 'b']);
    expect(call('MAP_VALUES', [map(STRING, INTEGER)], [m])).to.deep.equal([1, 2]);
    const u = call('MAP_UNION', [map(STRING, INTEGER), map(STRING, INTEGER)], [m, new Map([['b', 5]])]) as Map<string, number>;
    expect(Object.fromEntries(u)).to.deep.equal({ a: 1, b: 5 });
  });

  it('ENTRIES returns STRUCT<K, V> elements, sorted by key when asked (qtt: entries sorted)', () => {
    const t = map(STRING, INTEGER);
    expect(formatType(returnType('ENTRIES', [t, BOOLEAN]))).to.equal('ARRAY<STRUCT<`K` STRING, `V` INTEGER>>');
    expect(call('ENTRIES', [t, BOOLEAN], [new Map([['K2', 2], ['K1', 1]]), true])).to.deep.equal([{ K: 'K1', V: 1 }, { K: 'K2', V: 2 }]);
    expect(call('ENTRIES', [t, BOOLEAN], [null, true])).to.equal(null);
  });
});

describe('lambda functions', () => {
  const intBody = lambda(1, () => INTEGER);

  it('TRANSFORM maps array elements and types the result from the lambda body', () => {
    expect(formatType(returnType('TRANSFORM', [AI, lambda(1, () => STRING)]))).to.equal('ARRAY<STRING>');
    expect(call('TRANSFORM', [AI, intBody], [[3, 6], (x: unknown) => (x as number) + 5])).to.deep.equal([8, 11]);
    expect(call('TRANSFORM', [AI, intBody], [null, (x: unknown) => x])).to.equal(null);
  });

  it('TRANSFORM and FILTER over maps take (key, value) lambdas', () => {
    const t = map(STRING, AI);
    const rt = returnType('TRANSFORM', [t, lambda(2, () => STRING), lambda(2, () => INTEGER)]);
    expect(formatType(rt)).to.equal('MAP<STRING, INTEGER>');
    const m = new Map<string, number[]>([['a', [1]], ['bcd', [2, 3]]]);
    const out = call('FILTER', [t, lambda(2, () => BOOLEAN)], [m, (k: unknown) => (k as string).length > 2]) as Map<string, unknown>;
    expect([...out.keys()]).to.deep.equal(['bcd']);
  });

  it('REDUCE folds arrays and maps; a NULL collection gives the initial state (qtt: reduce map)', () => {
    const t = map(STRING, INTEGER);
    const body = lambda(3, (ps) => ps[0]!);
    const f = (s: unknown, k: unknown, v: unknown): unknown => (v === null ? null : (k as string).length > 3 ? (s as number) + (v as number) : (s as number) - (v as number));
    expect(call('REDUCE', [t, INTEGER, body], [new Map([['12', 7], ['123', 3], ['1234', 2]]), 0, f])).to.equal(-8);
    expect(call('REDUCE', [t, INTEGER, body], [null, 0, f])).to.equal(0);
    expect(call('REDUCE', [AI, INTEGER, lambda(2, () => INTEGER)], [[1, 2, 3], 10, (s: unknown, x: unknown) => (s as number) + (x as number)])).to.equal(16);
  });

  it('builds maps as Java Collectors.toMap: a NULL value or a duplicate key is an error (ksqlDB transform-map cases)', () => {
    const t = map(STRING, AI);
    const specs = [t, lambda(2, () => STRING), lambda(2, () => INTEGER)];
    const max = (_k: unknown, v: unknown): unknown => String(Math.max(...(v as number[])));
    expect(() => call('TRANSFORM', specs, [new Map([['1', [1, 2]], ['2', [-1, 2]]]), max, (_k: unknown, v: unknown) => (v as number[])[0]]))
      .to.throw(/Duplicate key 2/);
    expect(() => call('TRANSFORM', specs, [new Map([['q', []]]), (k: unknown) => k, () => null])).to.throw(/NULL value/);
    const ok = call('TRANSFORM', specs, [new Map([['a', [2, 4]], ['b', [-1]]]), (k: unknown) => `${k as string}_test`, (_k: unknown, v: unknown) => (v as number[])[0]! + 1]);
    expect(Object.fromEntries(ok as Map<string, number>)).to.deep.equal({ a_test: 3, b_test: 0 });
  });

  it('FILTER fails on a NULL predicate, and REDUCE of a NULL initial state is NULL', () => {
    expect(() => call('FILTER', [AI, lambda(1, () => BOOLEAN)], [[1, 2], () => null])).to.throw(/returned NULL/);
    expect(call('REDUCE', [AI, INTEGER, lambda(2, () => INTEGER)], [[1, 2], null, (s: unknown) => s])).to.equal(null);
  });

  it('rejects a lambda whose result does not fit the state type', () => {
    expect(() => registry.resolveScalar('REDUCE', [arg(AI), arg(INTEGER), lambda(2, () => STRING)]))
      .to.throw(/does not accept parameters \(ARRAY<INTEGER>, INTEGER, LAMBDA\)/);
  });
});
