import { expect } from 'chai';
import { Decimal } from '../../../sql/types/decimal.js';
import { formatDate, formatDouble, formatTime, formatTimestamp, javaBigDecimalString, renderValue, valueToJson } from '../../../sql/types/render.js';
import { array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIME, TIMESTAMP } from '../../../sql/types/types.js';

describe('sql/types/render', () => {
  describe('formatDouble (Java Double.toString)', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'], [-1, '-1.0'], [0, '0.0'], [-0, '-0.0'], [0.001, '0.001'], [0.0001, '1.0E-4'],
      [12345678, '1.2345678E7'], [1234567, '1234567.0'], [9999999, '9999999.0'], [1e7, '1.0E7'],
      [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [0.1 + 0.2, '0.30000000000000004'],
      [-99999.15000000001, '-99999.15000000001'], [4.611686018426487e12, '4.611686018426487E12'],
      [1.5e-7, '1.5E-7'], [123.456, '123.456'], [1e21, '1.0E21'], [Number.MAX_VALUE, '1.7976931348623157E308'],
      [Number.MIN_VALUE, '4.9E-324'], [100, '100.0'], [0.5, '0.5'],
    ];
    for (const [x, s] of cases) it(`writes ${x} as ${s}`, () => expect(formatDouble(x)).to.equal(s));
  });

  describe('time types', () => {
    it('formats DATE days as ISO dates, before and after the epoch', () => {
      expect(formatDate(0)).to.equal('1970-01-01');
      expect(formatDate(17662)).to.equal('2018-05-11');
      expect(formatDate(-1)).to.equal('1969-12-31');
    });

    it('formats TIME as LocalTime.ofSecondOfDay does: no millis, no zero seconds', () => {
      expect(formatTime(60220000)).to.equal('16:43:40');
      expect(formatTime(43200000)).to.equal('12:00');
      expect(formatTime(1005)).to.equal('00:00:01');
    });

    it('formats TIMESTAMP in UTC with milliseconds', () => {
      expect(formatTimestamp(1552816800000)).to.equal('2019-03-17T10:00:00.000');
      expect(formatTimestamp(1526075913001)).to.equal('2018-05-11T21:58:33.001');
    });
  });

  describe('javaBigDecimalString', () => {
    it('is plain for ordinary scales and scientific for tiny values or negative scales', () => {
      expect(javaBigDecimalString(Decimal.parse('1.50'))).to.equal('1.50');
      expect(javaBigDecimalString(Decimal.parse('0.000001'))).to.equal('0.000001');
      expect(javaBigDecimalString(Decimal.parse('0.0000001'))).to.equal('1E-7');
      expect(javaBigDecimalString(new Decimal(12n, -3))).to.equal('1.2E+4');
    });
  });

  describe('renderValue (CAST AS STRING)', () => {
    it('renders primitives as ksqlDB casts them', () => {
      expect(renderValue('x', STRING)).to.equal('x');
      expect(renderValue(true, BOOLEAN)).to.equal('true');
      expect(renderValue(9007199254740993n, BIGINT)).to.equal('9007199254740993');
      expect(renderValue(2, DOUBLE)).to.equal('2.0');
      expect(renderValue(new Decimal(150n, 2), decimal(4, 2))).to.equal('1.50');
      expect(renderValue(18993, DATE)).to.equal('2022-01-01');
      expect(renderValue(1552816800000, TIMESTAMP)).to.equal('2019-03-17T10:00:00.000');
    });

    it('renders arrays and maps as Java collections (qtt cast - array/map to string)', () => {
      expect(renderValue([1, 3], array(INTEGER))).to.equal('[1, 3]');
      expect(renderValue(new Map([['this', 1]]), map(STRING, INTEGER))).to.equal('{this=1}');
      expect(renderValue([1.5, null, 2], array(DOUBLE))).to.equal('[1.5, null, 2.0]');
    });

    it('renders structs as Connect does, leaving out null fields', () => {
      const t = struct([{ name: 'A', type: INTEGER }, { name: 'B', type: STRING }, { name: 'C', type: array(TIME) }]);
      expect(renderValue({ A: 1, B: 'x', C: [43200000] }, t)).to.equal('Struct{A=1,B=x,C=[12:00:00]}');
      expect(renderValue({ A: null, B: 'x', C: null }, t)).to.equal('Struct{B=x}');
    });

    it('renders timestamps inside collections as java.sql.Timestamp does', () => {
      expect(renderValue([1552816800000, 1552816800120], array(TIMESTAMP))).to.equal('[2019-03-17 10:00:00.0, 2019-03-17 10:00:00.12]');
    });
  });

  describe('valueToJson', () => {
    it('writes numbers exactly per type', () => {
      expect(valueToJson(9223372036854775807n, BIGINT)).to.equal('9223372036854775807');
      expect(valueToJson(1, DOUBLE)).to.equal('1.0');
      expect(valueToJson(new Decimal(1230n, 2), decimal(4, 2))).to.equal('12.30');
      expect(valueToJson(10, DATE)).to.equal('10');
      expect(valueToJson(NaN, DOUBLE)).to.equal('"NaN"');
    });

    it('writes BYTES as base64 and structs with declared field names, nulls included', () => {
      expect(valueToJson(Buffer.from('variations'), BYTES)).to.equal('"dmFyaWF0aW9ucw=="');
      const t = struct([{ name: 'a', type: INTEGER }, { name: 'B', type: map(STRING, array(DOUBLE)) }]);
      expect(valueToJson({ a: null, B: new Map([['k', [1, 2.5]]]) }, t)).to.equal('{"a":null,"B":{"k":[1.0,2.5]}}');
    });

    it('writes null as null', () => {
      expect(valueToJson(null, STRING)).to.equal('null');
    });
  });
});
