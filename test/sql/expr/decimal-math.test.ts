import { expect } from 'chai';
import {
  addType, castDecimal, decimalAdd, decimalCompare, decimalDivide, decimalMultiply, decimalRemainder, decimalSubtract, divideType,
  modulusType, multiplyType, roundHalfUp, roundToPrecision, widenDecimal,
} from '../../../sql/expr/decimal-math.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { decimal, formatType } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, render } from './helpers.js';

const d = (s: string): Decimal => Decimal.parse(s);

describe('expression compiler: DECIMAL math', () => {
  it('result types follow ksqlDB\'s precision and scale rules', () => {
    const a = decimal(4, 2);
    const b = decimal(5, 3);
    expect(formatType(addType(a, b))).to.equal('DECIMAL(6, 3)');
    expect(formatType(multiplyType(a, b))).to.equal('DECIMAL(10, 5)');
    expect(formatType(divideType(a, a))).to.equal('DECIMAL(11, 7)');
    expect(formatType(divideType(decimal(10, 0), decimal(2, 1)))).to.equal('DECIMAL(17, 6)');
    expect(formatType(modulusType(a, b))).to.equal('DECIMAL(5, 3)');
    expect(formatType(widenDecimal(decimal(10, 0), decimal(4, 3)))).to.equal('DECIMAL(13, 3)');
  });

  const t42 = decimal(4, 2);
  const ops: [string, () => Decimal, string][] = [
    ['10.01 + 5.10', () => decimalAdd(d('10.01'), d('5.10'), addType(t42, t42)), '15.11'],
    ['10.01 + -5.00', () => decimalAdd(d('10.01'), d('-5.00'), addType(t42, t42)), '5.01'],
    ['10.10 - 5.10', () => decimalSubtract(d('10.10'), d('5.10'), addType(t42, t42)), '5.00'],
    ['10.10 * 2.00', () => decimalMultiply(d('10.10'), d('2.00'), multiplyType(t42, t42)), '20.2000'],
    ['10.10 * -2.00', () => decimalMultiply(d('10.10'), d('-2.00'), multiplyType(t42, t42)), '-20.2000'],
    ['10.10 / 2.00', () => decimalDivide(d('10.10'), d('2.00'), divideType(t42, t42)), '5.0500000'],
    ['10.10 / -2.00', () => decimalDivide(d('10.10'), d('-2.00'), divideType(t42, t42)), '-5.0500000'],
    ['10.10 % 2.00', () => decimalRemainder(d('10.10'), d('2.00'), modulusType(t42, t42)), '0.10'],
    ['10.10 % -2.00', () => decimalRemainder(d('10.10'), d('-2.00'), modulusType(t42, t42)), '0.10'],
    ['-10.10 % 3.00', () => decimalRemainder(d('-10.10'), d('3.00'), modulusType(t42, t42)), '-1.10'],
  ];
  for (const [text, run, expected] of ops) {
    it(`${text} = ${expected}`, () => expect(run().toString()).to.equal(expected));
  }

  it('division or modulo by zero and inexact quotients fail', () => {
    expect(() => decimalDivide(d('10.10'), d('0.00'), divideType(t42, t42))).to.throw('Division by zero');
    expect(() => decimalRemainder(d('10.10'), d('0.00'), modulusType(t42, t42))).to.throw();
    expect(() => decimalDivide(d('1.0'), d('3.0'), divideType(decimal(2, 1), decimal(2, 1)))).to.throw('Non-terminating');
  });

  it('rounds HALF_UP, away from zero on ties', () => {
    const cases: [string, number, string][] = [['1.005', 2, '1.01'], ['-1.005', 2, '-1.01'], ['1.004', 2, '1.00'], ['2.5', 0, '3'], ['-2.5', 0, '-3'], ['7', 2, '7.00']];
    for (const [v, s, out] of cases) expect(roundHalfUp(d(v), s).toString(), v).to.equal(out);
    expect(roundToPrecision(d('1.23456'), 3).toString()).to.equal('1.23');
    expect(roundToPrecision(d('98765'), 2).toString()).to.equal('99000');
  });

  it('casts check integer digits, then round', () => {
    expect(castDecimal(d('10.12'), decimal(5, 3)).toString()).to.equal('10.120');
    expect(castDecimal(d('1.255'), decimal(3, 2)).toString()).to.equal('1.26');
    expect(() => castDecimal(d('100.5'), decimal(3, 1))).to.throw('Numeric field overflow: A field with precision 3 and scale 1 must round to an absolute value less than 10^2. Got 100.5');
  });

  it('compares regardless of scale', () => {
    expect(decimalCompare(d('10.01'), d('10.010'))).to.equal(0);
    expect(decimalCompare(d('10.01'), d('10.012'))).to.equal(-1);
    expect(decimalCompare(d('-1'), d('-1.5'))).to.equal(1);
  });

  it('compiled DECIMAL arithmetic matches ksqlDB\'s decimal tests', () => {
    const cols = columns([['A', T.decimal(4, 2)], ['B', T.decimal(4, 2)]]);
    const rows: [string, string, string, unknown][] = [
      ['A + B', '10.01', '5.10', '15.11m'],
      ['A + A + B', '10.01', '5.10', '25.12m'],
      ['A - B', '10.10', '-5.00', '15.10m'],
      ['A * B', '10.10', '00.00', '0.0000m'],
      ['A / B', '10.10', '02.00', '5.0500000m'],
      ['A / B', '10.10', '00.00', null],
      ['A % B', '10.10', '00.00', null],
      ['-A', '10.12', '0.00', '-10.12m'],
    ];
    for (const [text, a, b, out] of rows) {
      expect(render(compile(text, cols).evaluate([d(a), d(b)])), `${text} with ${a}, ${b}`).to.deep.equal(out);
    }
    expect(formatType(compile('A + A + B', cols).type!)).to.equal('DECIMAL(6, 2)');
  });
});
