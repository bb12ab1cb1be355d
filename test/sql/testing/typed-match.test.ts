import { expect } from 'chai';
import { decimalParts, matchesTyped } from '../../../sql/testing/typed-match.js';
import { parseJson } from '../../../sql/types/json.js';
import { array, BIGINT, BOOLEAN, decimal, DOUBLE, INTEGER, map, STRING, struct, type Type } from '../../../sql/types/types.js';

const m = (expected: string, actual: string, type: Type): boolean => matchesTyped(parseJson(expected), parseJson(actual), type);

describe('typed comparison of expected and actual values (ksqlDB runner rules)', () => {
  it('compares DOUBLE by value, whatever the lexeme', () => {
    expect(m('2147483648', '2.147483648E9', DOUBLE)).to.equal(true);
    expect(m('1', '1.0', DOUBLE)).to.equal(true);
    expect(m('1.5', '1.25', DOUBLE)).to.equal(false);
  });

  it('compares DECIMAL by value and scale; an expected whole number only matches scale 0', () => {
    expect(m('1.50', '1.50', decimal(4, 2))).to.equal(true);
    expect(m('1.5', '1.50', decimal(4, 2))).to.equal(false);
    expect(m('1', '1.0', decimal(2, 1))).to.equal(false);
    expect(m('12', '12', decimal(2, 0))).to.equal(true);
    expect(m('"3.40"', '3.40', decimal(3, 2))).to.equal(true);
    expect(m('"3.4"', '3.40', decimal(3, 2))).to.equal(false);
  });

  it('compares whole-number types exactly, beyond 2^53', () => {
    expect(m('9007199254740993', '9007199254740993', BIGINT)).to.equal(true);
    expect(m('9007199254740993', '9007199254740992', BIGINT)).to.equal(false);
    expect(m('1', '"1"', INTEGER)).to.equal(false);
  });

  it('compares strings and booleans exactly, and null only with null', () => {
    expect(m('"a"', '"a"', STRING)).to.equal(true);
    expect(m('"1"', '1', STRING)).to.equal(false);
    expect(m('true', 'true', BOOLEAN)).to.equal(true);
    expect(m('null', '0', INTEGER)).to.equal(false);
    expect(m('0', 'null', INTEGER)).to.equal(false);
  });

  it('finds struct fields by exact or upper-cased name and needs the same field count', () => {
    const row = struct([{ name: 'VAL', type: DOUBLE }, { name: 'N', type: INTEGER }]);
    expect(m('{"val": 3, "N": 1}', '{"VAL": 3.0, "N": 1}', row)).to.equal(true);
    expect(m('{"VAL": 3}', '{"VAL": 3.0, "N": 1}', row)).to.equal(false);
    expect(m('{"VAL": 3, "N": 2}', '{"VAL": 3.0, "N": 1}', row)).to.equal(false);
  });

  it('compares arrays element by element and maps key by key, with their element types', () => {
    expect(m('[1, 2]', '[1.0, 2.0]', array(DOUBLE))).to.equal(true);
    expect(m('[1, 2]', '[2.0, 1.0]', array(DOUBLE))).to.equal(false);
    expect(m('{"a": 1}', '{"a": 1.0}', map(STRING, DOUBLE))).to.equal(true);
    expect(m('{"a": 1}', '{"b": 1.0}', map(STRING, DOUBLE))).to.equal(false);
  });

  it('reads decimal lexemes as BigDecimal does', () => {
    expect(decimalParts('1.50')).to.deep.equal({ unscaled: 150n, scale: 2 });
    expect(decimalParts('-0.001')).to.deep.equal({ unscaled: -1n, scale: 3 });
    expect(decimalParts('1E+3')).to.deep.equal({ unscaled: 1n, scale: -3 });
    expect(decimalParts('abc')).to.equal(null);
  });
});
