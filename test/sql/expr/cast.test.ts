import { expect } from 'chai';
import { castSupported, castValue, javaToString } from '../../../sql/expr/index.js';
import { Decimal } from '../../../sql/types/decimal.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, compileError, evalConst, render } from './helpers.js';

const d = (s: string): Decimal => Decimal.parse(s);

describe('expression compiler: CAST', () => {
  const constants: [string, unknown][] = [
    ['CAST(1.5 AS INT)', 1],
    ['CAST(-1.9E0 AS INT)', -1],
    ['CAST(1E10 AS INT)', 2147483647],
    ['CAST(-1E10 AS INT)', -2147483648],
    ['CAST(4294967297 AS INT)', 1],
    ['CAST(1E19 AS BIGINT)', '9223372036854775807n'],
    ['CAST(12.99 AS BIGINT)', '12n'],
    ['CAST(5 AS BIGINT)', '5n'],
    ['CAST(5 AS DOUBLE)', 5],
    ['CAST(10000000000 AS DOUBLE)', 10000000000],
    ['CAST(1.25 AS DOUBLE)', 1.25],
    ['CAST(5 AS DECIMAL(4, 2))', '5.00m'],
    ['CAST(1.005 AS DECIMAL(3, 2))', '1.01m'],
    ['CAST(0.1E0 AS DECIMAL(5, 3))', '0.100m'],
    ['CAST(1.15E0 AS DECIMAL(3, 1))', '1.2m'],
    ['CAST(12345 AS DECIMAL(3, 0))', null],
    ["CAST(' 42 ' AS INT)", 42],
    ["CAST('abc' AS INT)", null],
    ["CAST('1.5' AS INT)", null],
    ["CAST('2147483648' AS INT)", null],
    ["CAST('9000000000' AS BIGINT)", '9000000000n'],
    ["CAST('1.5e3' AS DOUBLE)", 1500],
    ["CAST('12.345' AS DECIMAL(4, 2))", '12.35m'],
    ["CAST('x' AS DECIMAL(4, 2))", null],
    ["CAST('tRu' AS BOOLEAN)", true],
    ["CAST('Y' AS BOOLEAN)", true],
    ["CAST('false' AS BOOLEAN)", false],
    ["CAST('whatever' AS BOOLEAN)", false],
    ['CAST(true AS STRING)', 'true'],
    ['CAST(12 AS STRING)', '12'],
    ['CAST(9000000000 AS STRING)', '9000000000'],
    ['CAST(1E0 AS STRING)', '1.0'],
    ['CAST(1.5E10 AS STRING)', '1.5E10'],
    ['CAST(0.0001E0 AS STRING)', '1.0E-4'],
    ['CAST(1.50 AS STRING)', '1.50'],
    ['CAST(ARRAY[1, 3] AS STRING)', '[1, 3]'],
    ["CAST(MAP('this' := 1) AS STRING)", '{this=1}'],
    ["CAST(STRUCT(A := 1, B := 'x') AS STRING)", 'Struct{A=1,B=x}'],
    ["CAST('2020-01-02' AS DATE)", 18263],
    ["CAST('10:11:12.5' AS TIME)", 36672500],
    ["CAST('2020-01-02T03:04:05.006Z' AS TIMESTAMP)", Date.UTC(2020, 0, 2, 3, 4, 5, 6)],
    ["CAST('2020-01-02T03:04+01:00' AS TIMESTAMP)", Date.UTC(2020, 0, 2, 2, 4)],
    ["CAST('not a date' AS DATE)", null],
    ['CAST(NULL AS INT)', null],
    ['CAST(ARRAY[1, 2] AS ARRAY<STRING>)', ['1', '2']],
    ["CAST(MAP('a' := 1.5E0) AS MAP<STRING, INT>)", [['a', 1]]],
  ];
  for (const [text, value] of constants) {
    it(`${text} is ${JSON.stringify(value)}`, () => expect(render(evalConst(text))).to.deep.equal(value));
  }

  it('casts temporal values to strings and between each other', () => {
    const cols = columns([['TS', T.TIMESTAMP], ['D', T.DATE], ['TM', T.TIME]]);
    const row = [Date.UTC(2020, 0, 2, 3, 4, 5, 6), 18263, 3_723_000];
    expect(compile('CAST(TS AS STRING)', cols).evaluate(row)).to.equal('2020-01-02T03:04:05.006');
    expect(compile('CAST(D AS STRING)', cols).evaluate(row)).to.equal('2020-01-02');
    expect(compile('CAST(TM AS STRING)', cols).evaluate(row)).to.equal('01:02:03');
    expect(compile('CAST(TS AS DATE)', cols).evaluate(row)).to.equal(18263);
    expect(compile('CAST(TS AS TIME)', cols).evaluate(row)).to.equal(Date.UTC(1970, 0, 1, 3, 4, 5, 6));
    expect(compile('CAST(D AS TIMESTAMP)', cols).evaluate(row)).to.equal(Date.UTC(2020, 0, 2));
  });

  it('casts structs field by field: missing fields are NULL, extra fields dropped', () => {
    const from = T.struct([{ name: 'F0', type: T.BIGINT }, { name: 'F1', type: T.STRING }]);
    const c = compile('CAST(S0 AS STRUCT<F0 STRING, F3 STRING>)', columns([['S0', from]]));
    expect(c.evaluate([{ F0: 1n, F1: '3' }])).to.deep.equal({ F0: '1', F3: null });
    expect(c.evaluate([null])).to.equal(null);
  });

  it('keeps NULL elements when casting arrays and maps', () => {
    const c = compile('CAST(A AS ARRAY<INT>)', columns([['A', T.array(T.BIGINT)]]));
    expect(c.evaluate([[1n, null, 3n]])).to.deep.equal([1, null, 3]);
  });

  it('rejects unsupported casts with ksqlDB\'s message', () => {
    const cols = columns([['F0', T.STRING], ['B', T.BOOLEAN], ['A', T.array(T.STRING)]]);
    expect(compileError('CAST(F0 AS STRUCT<F0 VARCHAR, F1 INTEGER>)', cols)).to.equal('Cast of STRING to STRUCT<`F0` STRING, `F1` INTEGER> is not supported');
    expect(compileError('CAST(F0 AS MAP<STRING, INTEGER>)', cols)).to.equal('Cast of STRING to MAP<STRING, INTEGER> is not supported');
    expect(compileError('CAST(B AS INT)', cols)).to.equal('Cast of BOOLEAN to INTEGER is not supported');
    expect(compileError('CAST(A AS ARRAY<BYTES>)', cols)).to.equal('Cast of ARRAY<STRING> to ARRAY<BYTES> is not supported');
    expect(compileError('CAST(1 AS MY_TYPE)')).to.contain('Unknown type: MY_TYPE');
  });

  it('resolves CREATE TYPE names through the scope', () => {
    const point = T.struct([{ name: 'X', type: T.INTEGER }]);
    const c = compile('CAST(STRUCT(X := 1.5E0) AS POINT)', [], { customTypes: new Map([['POINT', point]]) });
    expect(c.type).to.deep.equal(point);
    expect(c.evaluate([])).to.deep.equal({ X: 1 });
  });

  it('castSupported and castValue are usable directly (INSERT VALUES coercion)', () => {
    expect(castSupported(T.INTEGER, T.decimal(4, 1))).to.equal(true);
    expect(castSupported(T.BYTES, T.INTEGER)).to.equal(false);
    expect(castSupported(T.STRING, T.TIMESTAMP)).to.equal(true);
    expect(castSupported(T.TIMESTAMP, T.INTEGER)).to.equal(false);
    expect(render(castValue(3, T.INTEGER, T.decimal(4, 1)))).to.equal('3.0m');
    expect(castValue(null, T.INTEGER, T.STRING)).to.equal(null);
    expect(() => castValue('x', T.STRING, T.INTEGER)).to.throw();
    expect(javaToString(new Map([['k', [1n, null]]]), T.map(T.STRING, T.array(T.BIGINT)))).to.equal('{k=[1, null]}');
    expect(javaToString(d('-0.50'), T.decimal(2, 2))).to.equal('-0.50');
  });
});
