import { expect } from 'chai';
import { Decimal } from '../../../../sql/types/decimal.js';
import { INTEGER, BIGINT, DOUBLE, STRING, BYTES, TIME, decimal, formatType } from '../../../../sql/types/types.js';
import { call, returnType, registry, arg } from '../helpers.js';

const dec = (s: string): Decimal => Decimal.parse(s);
const round13 = (x: number): unknown => call('ROUND', [DOUBLE, INTEGER], [x, 13]);

describe('math functions', () => {
  it('ABS keeps the argument type', () => {
    expect(call('ABS', [INTEGER], [-3])).to.equal(3);
    expect(call('ABS', [BIGINT], [-3n])).to.equal(3n);
    expect(call('ABS', [DOUBLE], [-1.5])).to.equal(1.5);
    expect(String(call('ABS', [decimal(4, 2)], [dec('-1.50')]))).to.equal('1.50');
  });

  it('ROUND rounds half up (towards positive infinity), as Java Math.round', () => {
    expect(call('ROUND', [DOUBLE], [1.5])).to.equal(2n);
    expect(call('ROUND', [DOUBLE], [-1.5])).to.equal(-1n);
    expect(call('ROUND', [DOUBLE], [-1.6])).to.equal(-2n);
    expect(call('ROUND', [INTEGER], [7])).to.equal(7n);
  });

  it('ROUND with a scale on DOUBLE rounds the decimal value', () => {
    expect(call('ROUND', [DOUBLE, INTEGER], [1.2345, 2])).to.equal(1.23);
    expect(call('ROUND', [DOUBLE, INTEGER], [1.235, 2])).to.equal(1.24);
    expect(call('ROUND', [DOUBLE, INTEGER], [-1.235, 2])).to.equal(-1.23);
    expect(call('ROUND', [DOUBLE, INTEGER], [1234.5, -2])).to.equal(1200);
  });

  it('ROUND of a DECIMAL has scale 0 and precision minus scale digits', () => {
    expect(formatType(returnType('ROUND', [decimal(5, 2)]))).to.equal('DECIMAL(3, 0)');
    expect(String(call('ROUND', [decimal(5, 2)], [dec('123.45')]))).to.equal('123');
    expect(String(call('ROUND', [decimal(5, 2)], [dec('-2.50')]))).to.equal('-2');
    expect(formatType(returnType('ROUND', [decimal(5, 2), INTEGER]))).to.equal('DECIMAL(5, 2)');
    expect(String(call('ROUND', [decimal(5, 2), INTEGER], [dec('123.45'), 1]))).to.equal('123.50');
  });

  it('CEIL and FLOOR keep DECIMAL types', () => {
    expect(String(call('CEIL', [decimal(4, 2)], [dec('-1.50')]))).to.equal('-1.00');
    expect(String(call('FLOOR', [decimal(4, 2)], [dec('-1.50')]))).to.equal('-2.00');
    expect(call('FLOOR', [DOUBLE], [1.7])).to.equal(1);
  });

  it('TRUNC truncates towards zero', () => {
    expect(call('TRUNC', [INTEGER], [5])).to.equal(5n);
    expect(call('TRUNC', [DOUBLE], [-1.7])).to.equal(-1n);
    expect(call('TRUNC', [DOUBLE, INTEGER], [1.789, 2])).to.equal(1.78);
    expect(call('TRUNC', [DOUBLE], [Number.NaN])).to.equal(0n);
    expect(call('ROUND', [DOUBLE], [1e300])).to.equal(9223372036854775807n);
  });

  it('matches qtt results for trigonometric functions (rounded to 13 places)', () => {
    expect(round13(call('COS', [INTEGER], [-7]) as number)).to.equal(0.7539022543433);
    expect(round13(call('COSH', [DOUBLE], [-9.1]) as number)).to.equal(4477.646407574158);
    expect(round13(call('SINH', [DOUBLE], [-0.43]) as number)).to.equal(-0.4433742144125);
    expect(round13(call('ATAN2', [INTEGER, INTEGER], [-2, -3]) as number)).to.equal(-2.5535900500422);
    expect(call('ROUND', [DOUBLE, INTEGER], [call('DEGREES', [DOUBLE], [-1.2345]), 12])).to.equal(-70.7316398089);
  });

  it('LOG with a base follows ksqlDB for invalid bases and values', () => {
    expect(call('LOG', [INTEGER, INTEGER], [15, 13])).to.equal(0.9471572411831843);
    expect(call('LOG', [INTEGER, INTEGER], [15, 1])).to.equal(0);
    expect(call('LOG', [INTEGER, INTEGER], [15, 0])).to.equal(-Infinity);
    expect(call('LOG', [DOUBLE, DOUBLE], [15, -13])).to.be.NaN;
    expect(call('LOG', [INTEGER, INTEGER], [1, 13])).to.be.NaN;
    expect(call('LOG', [INTEGER, INTEGER], [0, 13])).to.be.NaN;
  });

  it('SIGN, SQRT, POWER, EXP, LN, PI and RANDOM', () => {
    expect(call('SIGN', [DOUBLE], [-0.5])).to.equal(-1);
    expect(call('SIGN', [BIGINT], [0n])).to.equal(0);
    expect(call('POWER', [INTEGER, INTEGER], [2, 10])).to.equal(1024);
    expect(call('PI', [], [])).to.equal(Math.PI);
    expect(call('RANDOM', [], [])).to.equal(0.25);
  });

  it('GREATEST and LEAST skip NULLs and compare within one type', () => {
    expect(call('GREATEST', [BIGINT, BIGINT, BIGINT, null], [1n, 5n, null, null])).to.equal(5n);
    expect(call('LEAST', [STRING, STRING, null], ['b', 'a', null])).to.equal('a');
    expect(call('GREATEST', [INTEGER, INTEGER], [null, null])).to.equal(null);
  });

  it('GREATEST casts a STRING literal to TIME (qtt: greatest with times)', () => {
    const types = [TIME, TIME, TIME, TIME, null, null, STRING];
    expect(formatType(returnType('GREATEST', types))).to.equal('TIME');
    expect(call('GREATEST', types, [33359999, 23361230, 10, null, null, null, '09:16:00'])).to.equal(33360000);
    expect(call('GREATEST', types, [32560000, 33370000, 33360001, null, null, null, '09:16:00'])).to.equal(33370000);
  });

  it('LEAST of DECIMALs widens to the widest decimal (qtt: least with decimal)', () => {
    const t = decimal(9, 3);
    expect(String(call('LEAST', [t, t, t, null], [dec('123456.789'), dec('-987654.321'), null, null]))).to.equal('-987654.321');
    expect(formatType(returnType('LEAST', [decimal(5, 1), decimal(4, 3)]))).to.equal('DECIMAL(7, 3)');
    expect(String(call('LEAST', [decimal(5, 1), decimal(4, 3)], [dec('1.5'), dec('1.234')]))).to.equal('1.234');
  });

  it('LEAST compares bytes as Java ByteBuffers do (qtt: least with bytes)', () => {
    const b = (s: string): Buffer => Buffer.from(s, 'base64');
    const types = [BYTES, BYTES, BYTES, BYTES, null, null, BYTES];
    const hello = Buffer.from('hello', 'ascii');
    expect((call('LEAST', types, [b('YXBwbGU='), b('YmFuYW5h'), b('YWFyZGF2YXJr'), null, null, null, hello]) as Buffer).toString('base64')).to.equal('YWFyZGF2YXJr');
    expect((call('LEAST', types, [null, null, null, null, null, null, hello]) as Buffer).toString('base64')).to.equal('aGVsbG8=');
  });

  it('rejects a STRING for a numeric function', () => {
    expect(() => registry.resolveScalar('ABS', [arg(STRING)])).to.throw("Function 'Abs' does not accept parameters (STRING).");
  });
});
