import { expect } from 'chai';
import { commonType } from '../../../sql/expr/index.js';
import { formatType, type Type } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';

const show = (t: Type | null): string | null => (t === null ? null : formatType(t));

describe('expression compiler: commonType', () => {
  const cases: [(Type | null)[], string | null][] = [
    [[T.INTEGER, T.INTEGER], 'INTEGER'],
    [[T.INTEGER, T.BIGINT], 'BIGINT'],
    [[T.BIGINT, T.INTEGER, null], 'BIGINT'],
    [[T.INTEGER, T.decimal(4, 2)], 'DECIMAL(12, 2)'],
    [[T.BIGINT, T.decimal(4, 2)], 'DECIMAL(21, 2)'],
    [[T.decimal(4, 2), T.decimal(5, 4)], 'DECIMAL(6, 4)'],
    [[T.decimal(4, 2), T.DOUBLE], 'DOUBLE'],
    [[T.INTEGER, T.DOUBLE], 'DOUBLE'],
    [[null, null], null],
    [[], null],
    [[T.STRING, null, T.STRING], 'STRING'],
    [[T.array(T.INTEGER), T.array(T.BIGINT)], 'ARRAY<BIGINT>'],
    [[T.map(T.STRING, T.INTEGER), T.map(T.STRING, T.DOUBLE)], 'MAP<STRING, DOUBLE>'],
    [[T.struct([{ name: 'A', type: T.INTEGER }]), T.struct([{ name: 'B', type: T.STRING }, { name: 'A', type: T.BIGINT }])], 'STRUCT<`A` BIGINT, `B` STRING>'],
  ];
  for (const [types, expected] of cases) {
    it(`of ${types.map(show).join(', ') || 'nothing'} is ${expected}`, () => expect(show(commonType(types))).to.equal(expected));
  }

  it('throws when two types have none', () => {
    expect(() => commonType([T.INTEGER, T.STRING])).to.throw('Incompatible types: INTEGER and STRING');
    expect(() => commonType([T.array(T.INTEGER), T.array(T.BOOLEAN)])).to.throw('Incompatible types');
    expect(() => commonType([T.DATE, T.TIMESTAMP])).to.throw('Incompatible types');
  });
});
