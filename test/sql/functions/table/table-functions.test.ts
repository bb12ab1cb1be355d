import { expect } from 'chai';
import { tableFunctions } from '../../../../sql/functions/table/index.js';
import { CUBE_COLUMNS_MAX, cubeCombinations } from '../../../../sql/functions/table/cube-explode.js';
import type { ArgSpec, ResolvedTableFunction } from '../../../../sql/functions/types.js';
import { INTEGER, STRING, array, map, struct, type Type } from '../../../../sql/types/types.js';

const col = (t: Type | null): ArgSpec => ({ kind: 'value', type: t });

function resolve(name: string, args: readonly ArgSpec[]): ResolvedTableFunction {
  const f = tableFunctions.find((x) => x.name === name)!;
  return f.resolve(args) as ResolvedTableFunction;
}

describe('EXPLODE', () => {
  it('gives one row per element with the element type (qtt explode - array of struct)', () => {
    const t = struct([{ name: 'F1', type: { kind: 'BIGINT' } }]);
    const e = resolve('EXPLODE', [col(array(t))]);
    expect(e.returnType).to.deep.equal(t);
    expect(e.invoke([[{ F1: 1n }, { F1: 2n }]])).to.deep.equal([{ F1: 1n }, { F1: 2n }]);
  });

  it('gives no rows for an empty or NULL array, and keeps NULL elements', () => {
    const e = resolve('EXPLODE', [col(array(INTEGER))]);
    expect(e.invoke([[]])).to.deep.equal([]);
    expect(e.invoke([null])).to.deep.equal([]);
    expect(e.invoke([[1, null]])).to.deep.equal([1, null]);
  });

  it('accepts only arrays, with ksqlDB\'s message', () => {
    expect(() => resolve('EXPLODE', [col(map(STRING, INTEGER))])).to.throw("Function 'explode' does not accept parameters (MAP<STRING, INTEGER>).");
    expect(() => resolve('EXPLODE', [col(array(INTEGER)), col(INTEGER)])).to.throw('does not accept parameters (ARRAY<INTEGER>, INTEGER)');
  });
});

describe('CUBE_EXPLODE', () => {
  it('gives all 2^n combinations, last element fastest (qtt cube - cube three columns)', () => {
    const c = resolve('CUBE_EXPLODE', [col(array(STRING))]);
    expect(c.returnType).to.deep.equal(array(STRING));
    expect(c.invoke([['one', 'two', 'three']])).to.deep.equal([
      [null, null, null],
      [null, null, 'three'],
      [null, 'two', null],
      [null, 'two', 'three'],
      ['one', null, null],
      ['one', null, 'three'],
      ['one', 'two', null],
      ['one', 'two', 'three'],
    ]);
  });

  it('skips duplicate rows for NULL elements and gives nothing for a NULL array', () => {
    expect(cubeCombinations(['a', null])).to.deep.equal([[null, null], ['a', null]]);
    expect(resolve('CUBE_EXPLODE', [col(array(INTEGER))]).invoke([null])).to.deep.equal([]);
  });

  it(`refuses more than ${CUBE_COLUMNS_MAX} elements`, () => {
    expect(cubeCombinations(new Array(CUBE_COLUMNS_MAX).fill(null))).to.have.length(1);
    expect(() => cubeCombinations(new Array(CUBE_COLUMNS_MAX + 1).fill(1))).to.throw('exceeds the maximum of 20 columns');
  });
});
