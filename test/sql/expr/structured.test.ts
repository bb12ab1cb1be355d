import { expect } from 'chai';
import { Decimal } from '../../../sql/types/decimal.js';
import { formatType } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, compileError, evalConst, render } from './helpers.js';

describe('expression compiler: ARRAY, MAP and STRUCT', () => {
  it('ARRAY[...] takes the common element type of its elements', () => {
    const cases: [string, string, unknown][] = [
      ['ARRAY[1, 2]', 'ARRAY<INTEGER>', [1, 2]],
      ['ARRAY[1, 10000000000]', 'ARRAY<BIGINT>', ['1n', '10000000000n']],
      ['ARRAY[1, 2.5, 3]', 'ARRAY<DECIMAL(11, 1)>', ['1.0m', '2.5m', '3.0m']],
      ['ARRAY[1, 2.5E0]', 'ARRAY<DOUBLE>', [1, 2.5]],
      ["ARRAY[1, '2']", 'ARRAY<INTEGER>', [1, 2]],
      ["ARRAY[1, '2.50']", 'ARRAY<DECIMAL(12, 2)>', ['1.00m', '2.50m']],
      ["ARRAY[NULL, 'a']", 'ARRAY<STRING>', [null, 'a']],
      ['ARRAY[CAST(NULL AS INT)]', 'ARRAY<INTEGER>', [null]],
      ['ARRAY[ARRAY[1], ARRAY[10000000000]]', 'ARRAY<ARRAY<BIGINT>>', [['1n'], ['10000000000n']]],
    ];
    for (const [text, type, value] of cases) {
      const c = compile(text);
      expect(formatType(c.type!), text).to.equal(type);
      expect(render(c.evaluate([])), text).to.deep.equal(value);
    }
  });

  it('struct elements widen to the union of their fields (a constructor\'s own fields first, as ksqlDB)', () => {
    const c = compile('ARRAY[NULL, STRUCT(X := A, Y := B), STRUCT(Y := A, Z := B)]', columns([['A', T.INTEGER], ['B', T.BIGINT]]));
    expect(formatType(c.type!)).to.equal('ARRAY<STRUCT<`Y` BIGINT, `Z` BIGINT, `X` INTEGER>>');
    expect(render(c.evaluate([30, 40n]))).to.deep.equal([null, { X: 30, Y: '40n', Z: null }, { X: null, Y: '30n', Z: '40n' }]);
  });

  it('string literals inside constructors are coerced to the common element type', () => {
    const v0 = T.struct([{ name: 'A', type: T.BIGINT }, { name: 'B', type: T.BIGINT }]);
    const c = compile("V0 IN (STRUCT(A := 1, B := 2), STRUCT(A := 3, B := 2, C := 4), STRUCT(A := 5), STRUCT(A := '7', B := 2))", columns([['V0', v0]]));
    const rows = [{ A: 1n, B: 2n }, { A: 2n, B: 2n }, { A: 3n, B: 2n }, { A: 5n, B: null }, { A: 7n, B: 2n }];
    expect(rows.map((r) => c.evaluate([r]))).to.deep.equal([true, false, false, true, true]);
    expect(render(evalConst("ARRAY[ARRAY[1], ARRAY['2']]"))).to.deep.equal([[1], [2]]);
    expect(compileError('ARRAY[STRUCT(F0 := 1), STRUCT(F0 := true)]')).to.equal(
      'operator does not exist: STRUCT<`F0` INTEGER> = STRUCT<`F0` BOOLEAN> (STRUCT(F0:=true))\nHint: You might need to add explicit type casts.',
    );
  });

  it('rejects empty and all-NULL constructors with ksqlDB\'s messages', () => {
    expect(compileError('ARRAY[NULL, NULL]')).to.equal(
      'Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.',
    );
    expect(compileError("MAP('a' := NULL)")).to.equal(
      'Cannot construct a map with all NULL values (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.',
    );
    expect(compileError('MAP(NULL := 1)')).to.contain('Cannot construct a map with all NULL keys');
    expect(compileError("ARRAY[1, true]")).to.equal('operator does not exist: INTEGER = BOOLEAN (true)\nHint: You might need to add explicit type casts.');
    expect(compileError("ARRAY[1, 'x']")).to.equal('invalid input syntax for type INTEGER: "x".');
    expect(compileError('STRUCT(A := NULL)')).to.contain("Cannot construct a struct with a NULL field 'A'");
    expect(compileError('STRUCT(A := 1, A := 2)')).to.equal('Duplicate field names found in STRUCT');
  });

  it('MAP(k := v) keeps insertion order and allows a NULL key', () => {
    const c = compile('MAP(K1 := V1, NULL := V1)', columns([['K1', T.STRING], ['V1', T.INTEGER]]));
    expect(formatType(c.type!)).to.equal('MAP<STRING, INTEGER>');
    expect(render(c.evaluate(['foo', 10]))).to.deep.equal([['foo', 10], [null, 10]]);
    expect(render(evalConst("MAP('a' := 1, 'b' := 2.5)"))).to.deep.equal([['a', '1.0m'], ['b', '2.5m']]);
  });

  it('STRUCT() is the empty struct', () => {
    const c = compile('STRUCT()');
    expect(formatType(c.type!)).to.equal('STRUCT<>');
    expect(c.evaluate([])).to.deep.equal({});
  });

  it('STRUCT(f := v) builds a struct of the values\' types', () => {
    const c = compile("STRUCT(A := 1, `b` := 'x')");
    expect(formatType(c.type!)).to.equal('STRUCT<`A` INTEGER, `b` STRING>');
    expect(c.evaluate([])).to.deep.equal({ A: 1, b: 'x' });
  });

  it('constructors of constants are folded once', () => {
    const c = compile('ARRAY[1, 2]');
    expect(c.constant).to.equal(true);
    expect(c.evaluate([])).to.equal(c.evaluate([]));
  });
});

describe('expression compiler: field access and subscripts', () => {
  const person = T.struct([{ name: 'Person', type: T.struct([{ name: 'Name', type: T.STRING }]) }]);
  const cols = columns([
    ['COL1', person], ['ARR', T.array(T.INTEGER)], ['M', T.map(T.STRING, T.INTEGER)], ['I', T.INTEGER], ['L', T.BIGINT],
    ['DM', T.map(T.decimal(3, 1), T.STRING)],
  ]);

  it('a->f reads a field, NULL through NULL structs', () => {
    const c = compile('COL1->`Person`->`Name`', cols);
    expect(c.type).to.deep.equal(T.STRING);
    expect(c.evaluate([{ Person: { Name: 'George' } }])).to.equal('George');
    expect(c.evaluate([{ Person: null }])).to.equal(null);
    expect(c.evaluate([null])).to.equal(null);
    expect(c.evaluate([{}])).to.equal(null);
  });

  it('rejects unknown fields and non-struct bases', () => {
    expect(compileError('COL1->Nope', cols)).to.contain("Could not find field 'NOPE' in 'COL1'.");
    expect(compileError('ARR->X', cols)).to.contain('Expected STRUCT type, got: ARRAY<INTEGER>');
  });

  it('arrays are 1-based, negative indexes count from the end, out of range is NULL', () => {
    const c = compile('ARR[I]', cols);
    const at = (i: number | null): unknown => c.evaluate([null, [10, 20, 30], null, i, null, null]);
    expect([at(1), at(3), at(-1), at(-3), at(0), at(4), at(-4), at(null)]).to.deep.equal([10, 30, 30, 10, null, null, null, null]);
    expect(compile('ARR[L]', cols).evaluate([null, [10, 20], null, null, 2n, null])).to.equal(20);
    expect(evalConst('ARRAY[1, 2, 3][-1]')).to.equal(3);
  });

  it('maps are read by key', () => {
    const c = compile("M['b']", cols);
    expect(c.type).to.deep.equal(T.INTEGER);
    expect(c.evaluate([null, null, new Map([['a', 1], ['b', 2]]), null, null, null])).to.equal(2);
    expect(c.evaluate([null, null, new Map([['a', 1]]), null, null, null])).to.equal(null);
    expect(c.evaluate([null, null, null, null, null, null])).to.equal(null);
    const dm = compile('DM[1.5]', cols);
    expect(dm.evaluate([null, null, null, null, null, new Map([[Decimal.parse('1.5'), 'x']])])).to.equal('x');
    expect(dm.evaluate([null, null, null, null, null, new Map([[Decimal.parse('2.5'), 'x']])])).to.equal(null);
  });

  it('rejects subscripts on other types with ksqlDB\'s message', () => {
    expect(compileError('I[1]', cols)).to.equal('Subscript expression (I[1]) do not apply to INTEGER.');
    expect(compileError("COL1['Person']", cols)).to.equal(
      "Subscript expression (COL1['Person']) do not apply to STRUCT<`Person` STRUCT<`Name` STRING>>. Use the dereference operator for STRUCTS: COL1->'Person'",
    );
    expect(compileError("ARR['x']", cols)).to.contain('Array index must be an INTEGER');
  });
});
