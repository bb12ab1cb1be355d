import { expect } from 'chai';
import { compareDouble, doubleToInt, doubleToLong, javaDoubleToString, longToInt, parseJavaDouble, parseJavaInteger } from '../../../sql/expr/java-semantics.js';
import { formatDate, formatTime, formatTimestamp, parseDate, parseTime, parseTimestamp } from '../../../sql/expr/temporal.js';
import { doubleToDecimal } from '../../../sql/expr/cast.js';

describe('expression compiler: Java number semantics', () => {
  it('Double.toString', () => {
    const cases: [number, string][] = [
      [1, '1.0'], [-2.5, '-2.5'], [0.001, '0.001'], [0.0001, '1.0E-4'], [1234567, '1234567.0'], [12345678, '1.2345678E7'],
      [1e21, '1.0E21'], [1.5e-7, '1.5E-7'], [0, '0.0'], [-0, '-0.0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
      [1.7976931348623157e308, '1.7976931348623157E308'], [5e-324, '4.9E-324'],
    ];
    for (const [d, s] of cases) expect(javaDoubleToString(d), String(d)).to.equal(s);
  });

  it('narrowing casts truncate and saturate; long to int keeps the low 32 bits', () => {
    expect([doubleToInt(2.9), doubleToInt(-2.9), doubleToInt(NaN), doubleToInt(1e12), doubleToInt(-1e12)]).to.deep.equal([2, -2, 0, 2147483647, -2147483648]);
    expect([doubleToLong(2.9), doubleToLong(1e30), doubleToLong(-1e30), doubleToLong(NaN)]).to.deep.equal([2n, 2n ** 63n - 1n, -(2n ** 63n), 0n]);
    expect([longToInt(2147483648n), longToInt(4294967297n), longToInt(-1n)]).to.deep.equal([-2147483648, 1, -1]);
  });

  it('Double.compare orders NaN last and -0.0 before 0.0', () => {
    expect([compareDouble(NaN, 1), compareDouble(1, NaN), compareDouble(NaN, NaN), compareDouble(-0, 0), compareDouble(0, -0), compareDouble(1, 1)]).to.deep.equal([1, -1, 0, -1, 1, 0]);
  });

  it('parses numbers as Java does', () => {
    expect([parseJavaInteger('+12', 32), parseJavaInteger('2147483648', 32), parseJavaInteger('1.0', 32), parseJavaInteger('9223372036854775807', 64)]).to.deep.equal([12n, null, null, 2n ** 63n - 1n]);
    expect([parseJavaDouble(' 1.5 '), parseJavaDouble('1e3'), parseJavaDouble('.5'), parseJavaDouble('2d'), parseJavaDouble('NaN'), parseJavaDouble('abc'), parseJavaDouble('')]).to.deep.equal([1.5, 1000, 0.5, 2, NaN, null, null]);
  });

  it('a double\'s exact decimal expansion', () => {
    expect(doubleToDecimal(0.5).toString()).to.equal('0.5');
    expect(doubleToDecimal(0.1).toString()).to.equal('0.1000000000000000055511151231257827021181583404541015625');
    expect(doubleToDecimal(-3).toString()).to.equal('-3');
  });
});

describe('expression compiler: temporal text', () => {
  it('formats dates, times and timestamps as ksqlDB does', () => {
    expect(formatDate(0)).to.equal('1970-01-01');
    expect(formatDate(18263)).to.equal('2020-01-02');
    expect(formatDate(-1)).to.equal('1969-12-31');
    expect(formatTime(36_000_000)).to.equal('10:00');
    expect(formatTime(3_723_456)).to.equal('01:02:03');
    expect(formatTimestamp(Date.UTC(2020, 0, 2, 3, 4, 5, 6))).to.equal('2020-01-02T03:04:05.006');
    expect(formatTimestamp(0)).to.equal('1970-01-01T00:00:00.000');
  });

  it('parses full and partial timestamps, with zones', () => {
    expect(parseTimestamp('2020-01-02T03:04:05.006')).to.equal(Date.UTC(2020, 0, 2, 3, 4, 5, 6));
    expect(parseTimestamp('2020-01-02T03:04:05.6')).to.equal(Date.UTC(2020, 0, 2, 3, 4, 5, 600));
    expect(parseTimestamp('2020-01')).to.equal(Date.UTC(2020, 0, 1));
    expect(parseTimestamp('2020')).to.equal(Date.UTC(2020, 0, 1));
    expect(parseTimestamp('2020-01-02T03')).to.equal(Date.UTC(2020, 0, 2, 3));
    expect(parseTimestamp('2020-01-02T03:04Z')).to.equal(Date.UTC(2020, 0, 2, 3, 4));
    expect(parseTimestamp('2020-01-02T03:04-0130')).to.equal(Date.UTC(2020, 0, 2, 4, 34));
    expect([parseTimestamp('2020-02-30'), parseTimestamp('2020-01-02 03:04'), parseTimestamp('x')]).to.deep.equal([null, null, null]);
  });

  it('parses dates (partials allowed) and times', () => {
    expect([parseDate('1970-01-02'), parseDate('2020-05'), parseDate('2020-13-01'), parseDate('2020-02-29'), parseDate('2021-02-29')]).to.deep.equal([1, 18383, null, 18321, null]);
    expect([parseTime('01:34'), parseTime('01:34:20'), parseTime('01:34:20.123'), parseTime('24:00'), parseTime('1:34')]).to.deep.equal([5_640_000, 5_660_000, 5_660_123, null, null]);
  });
});
