import { expect } from 'chai';
import { createRegistry } from '../../../sql/functions/registry.js';
import { scalar, sig } from '../../../sql/functions/scalar/define.js';
import { Decimal } from '../../../sql/types/decimal.js';
import {
  INTEGER, BIGINT, DOUBLE, STRING, TIME, BOOLEAN, decimal, array, map, formatType,
} from '../../../sql/types/types.js';
import { registry, arg, lambda, call, returnType } from './helpers.js';

describe('function registry', () => {
  it('finds functions case-insensitively', () => {
    expect(registry.kindOf('abs')).to.equal('SCALAR');
    expect(registry.kindOf('ABS')).to.equal('SCALAR');
    expect(registry.kindOf('nope')).to.equal(null);
  });

  it("reports ksqlDB's message for an unknown function", () => {
    expect(() => registry.resolveScalar('WONT_FIND_ME', [])).to.throw("Can't find any functions with the name 'WONT_FIND_ME'");
  });

  it('names the kind when a function is resolved as the wrong kind', () => {
    expect(() => registry.resolveAggregate('ABS', [arg(INTEGER)])).to.throw("Function 'ABS' is a scalar function, not an aggregate function.");
  });

  it('rejects a second function with the same name', () => {
    const f = scalar('X', 'C', 'd', [sig('INTEGER', [], () => 1)]);
    const r = createRegistry([f]);
    expect(() => r.register(scalar('x', 'C', 'd', []))).to.throw(/already registered/);
  });

  it('prefers an exact match over widening', () => {
    expect(formatType(returnType('ABS', [INTEGER]))).to.equal('INTEGER');
    expect(formatType(returnType('ABS', [BIGINT]))).to.equal('BIGINT');
    expect(formatType(returnType('ABS', [decimal(4, 2)]))).to.equal('DECIMAL(4, 2)');
  });

  it('widens INTEGER arguments to DOUBLE and converts the value before calling', () => {
    expect(call('SQRT', [INTEGER], [16])).to.equal(4);
    expect(call('SQRT', [BIGINT], [16n])).to.equal(4);
    expect(call('SQRT', [decimal(3, 1)], [Decimal.parse('6.25')])).to.equal(2.5);
  });

  it('matches a NULL literal to any parameter', () => {
    expect(call('SQRT', [null], [null])).to.equal(null);
  });

  it("reports ksqlDB's message when no signature accepts the arguments", () => {
    expect(() => registry.resolveScalar('least', [arg(STRING), arg(INTEGER)]))
      .to.throw("Function 'least' does not accept parameters (STRING, INTEGER).");
    expect(() => registry.resolveScalar('LEAST', [])).to.throw("Function 'least' does not accept parameters ().");
    expect(() => registry.resolveScalar('greatest', [arg(STRING), arg(INTEGER)]))
      .to.throw("Function 'greatest' does not accept parameters (STRING, INTEGER).");
  });

  it('reports ambiguity as ksqlDB does', () => {
    expect(() => registry.resolveScalar('greatest', [arg(null), arg(null), arg(null), arg(null)]))
      .to.throw("Function 'greatest' cannot be resolved due to ambiguous method parameters (null, null, null, null).");
    expect(() => registry.resolveScalar('GREATEST', [arg(INTEGER), arg(BIGINT)]))
      .to.throw("Function 'greatest' cannot be resolved due to ambiguous method parameters (INTEGER, BIGINT).");
  });

  it('picks the only signature every argument widens to (LEAST of INT, BIGINT, DECIMAL, DOUBLE is DOUBLE)', () => {
    const types = [INTEGER, BIGINT, decimal(30, 18), DOUBLE, null];
    expect(formatType(returnType('LEAST', types))).to.equal('DOUBLE');
    expect(call('LEAST', types, [1, -1000000000000n, Decimal.parse('-99999.999990000000000000'), null, null])).to.equal(-1000000000000);
    expect(call('LEAST', types, [-500000, -1n, Decimal.parse('-99999.999990000000000000'), null, null])).to.equal(-500000);
  });

  it('binds generics and computes return types from them', () => {
    expect(formatType(returnType('COALESCE', [STRING, null, STRING]))).to.equal('STRING');
    expect(() => registry.resolveScalar('COALESCE', [])).to.throw("Function 'COALESCE' does not accept parameters ()");
    expect(call('COALESCE', [INTEGER, INTEGER], [null, 3])).to.equal(3);
  });

  it('widens a later argument to an already bound generic', () => {
    expect(formatType(returnType('COALESCE', [BIGINT, INTEGER]))).to.equal('BIGINT');
    expect(call('COALESCE', [BIGINT, INTEGER], [null, 3])).to.equal(3n);
  });

  it('prefers a non-variadic signature, then more parameters, then fewer generics', () => {
    const f = scalar('f', 'C', 'd', [
      sig('STRING', ['...T'], () => 'variadic'),
      sig('STRING', ['T', 'T'], () => 'generic'),
      sig('STRING', ['INTEGER', 'T'], () => 'one generic'),
    ]);
    const r = createRegistry([f]);
    expect(r.resolveScalar('F', [arg(INTEGER), arg(INTEGER)]).invoke([1, 2])).to.equal('one generic');
    expect(r.resolveScalar('F', [arg(STRING), arg(STRING)]).invoke(['a', 'b'])).to.equal('generic');
    expect(r.resolveScalar('F', [arg(STRING)]).invoke(['a'])).to.equal('variadic');
  });

  it('passes lambdas the bound generic types and binds their result type', () => {
    const f = scalar('apply', 'C', 'd', [
      sig('ARRAY<U>', ['ARRAY<T>', 'LAMBDA<T => U>'], (xs: unknown[], fn: (x: unknown) => unknown) => xs.map((x) => fn(x))),
    ]);
    const r = createRegistry([f]);
    let seen = '';
    const fn = r.resolveScalar('APPLY', [arg(array(INTEGER)), lambda(1, (ps) => { seen = formatType(ps[0]!); return BOOLEAN; })]);
    expect(seen).to.equal('INTEGER');
    expect(formatType(fn.returnType)).to.equal('ARRAY<BOOLEAN>');
    expect(fn.invoke([[1, 2], (x: unknown) => (x as number) > 1])).to.deep.equal([false, true]);
  });

  it('matches MAP<K, V> patterns', () => {
    const f = scalar('keys', 'C', 'd', [sig('ARRAY<K>', ['MAP<K, V>'], (m: Map<unknown, unknown>) => [...m.keys()])]);
    const r = createRegistry([f]);
    expect(formatType(r.resolveScalar('keys', [arg(map(STRING, TIME))]).returnType)).to.equal('ARRAY<STRING>');
  });

  it('describes functions with their variants', () => {
    const d = registry.describe('abs');
    expect(d.name).to.equal('ABS');
    expect(d.kind).to.equal('SCALAR');
    expect(d.variants.map((v) => v.signature)).to.include('(INTEGER)');
    expect(registry.describe('greatest').variants.map((v) => v.signature)).to.include('(STRING, STRING...)');
  });

  it('accepts a variadic parameter in the middle', () => {
    const f = scalar('mid', 'C', 'd', [sig('STRING', ['BIGINT', '...STRING', 'INTEGER'], (...xs: unknown[]) => xs.join('|'))]);
    const r = createRegistry([f]);
    expect(r.resolveScalar('MID', [arg(BIGINT), arg(STRING), arg(STRING), arg(INTEGER)]).invoke([1n, 'a', 'b', 2])).to.equal('1|a|b|2');
    expect(r.resolveScalar('MID', [arg(BIGINT), arg(INTEGER)]).invoke([1n, 2])).to.equal('1|2');
    expect(() => r.resolveScalar('MID', [arg(BIGINT), arg(STRING), arg(STRING), arg(STRING)]))
      .to.throw("Function 'mid' does not accept parameters (BIGINT, STRING, STRING, STRING).");
  });

  it('widens INTEGER values to DECIMAL(10, 0) and BIGINT to DECIMAL(19, 0) for DECIMAL parameters', () => {
    const f = scalar('d', 'C', 'd', [sig((c) => c.args[0]!, ['DECIMAL'], (x: Decimal) => x)]);
    const r = createRegistry([f]);
    const fromInt = r.resolveScalar('d', [arg(INTEGER)]);
    expect(formatType(fromInt.returnType)).to.equal('DECIMAL(10, 0)');
    expect(String(fromInt.invoke([42]))).to.equal('42');
    expect(formatType(r.resolveScalar('d', [arg(BIGINT)]).returnType)).to.equal('DECIMAL(19, 0)');
  });

  it('widens array elements for concrete array parameters', () => {
    const f = scalar('sum', 'C', 'd', [sig('BIGINT', ['ARRAY<BIGINT>'], (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n))]);
    const r = createRegistry([f]);
    expect(r.resolveScalar('sum', [arg(array(INTEGER))]).invoke([[1, 2, 3]])).to.equal(6n);
  });

  it('lists every signature after an ambiguity message', () => {
    expect(() => registry.resolveScalar('LEAST', [arg(null)])).to.throw(/Valid function calls are:\nLEAST\(INTEGER, INTEGER\.\.\.\)/);
  });
});
