/** ksqlDB's mathematical scalar functions. */
import { Decimal } from '../../types/decimal.js';
import { type Type, decimal } from '../../types/types.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig, type ReturnContext } from './define.js';
import { setScale, absDecimal, decimalFromDouble, rescale } from './decimal-math.js';

const CAT = 'MATHEMATICAL';
const sameAsArg = (c: ReturnContext): Type => c.args[0]!;

/** A Java int result: overflow wraps as in Java. */
const int32 = (x: number): number => x | 0;
/** A Java long result: wraps at 64 bits. */
const int64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** Math functions taking DOUBLE (INTEGER and BIGINT widen) and returning DOUBLE. */
function doubleFn(name: string, description: string, f: (x: number) => number): FunctionFactory<'SCALAR'> {
  return scalar(name, CAT, description, [sig('DOUBLE', ['DOUBLE'], f)]);
}

/** Java's Math.round: halves go up (towards positive infinity), as JS's Math.round does. */
export const javaRound = Math.round;

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/** Java's `(long) x`: truncates; NaN is 0 and out-of-range values saturate. */
export function doubleToLong(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775807) return LONG_MAX;
  if (x <= -9223372036854775808) return LONG_MIN;
  return BigInt(Math.trunc(x));
}

function roundDecimalHalfUp(d: Decimal, places: number): Decimal {
  return setScale(d, places, d.unscaled > 0n ? 'HALF_UP' : 'HALF_DOWN');
}

const abs = scalar('Abs', CAT, 'Returns the absolute value of its argument.', [
  sig('INTEGER', ['INTEGER'], (x: number) => int32(Math.abs(x))),
  sig('BIGINT', ['BIGINT'], (x: bigint) => int64(x < 0n ? -x : x)),
  sig('DOUBLE', ['DOUBLE'], (x: number) => Math.abs(x)),
  sig(sameAsArg, ['DECIMAL'], absDecimal),
]);

const ceil = scalar('Ceil', CAT, 'Returns the smallest integer greater than or equal to the specified numeric expression.', [
  sig('INTEGER', ['INTEGER'], (x: number) => x),
  sig('BIGINT', ['BIGINT'], (x: bigint) => x),
  sig('DOUBLE', ['DOUBLE'], Math.ceil),
  sig(sameAsArg, ['DECIMAL'], (d: Decimal) => rescale(setScale(d, 0, 'CEILING'), d.scale)),
]);

const floor = scalar('Floor', CAT, 'Returns the largest integer less than or equal to the specified numeric expression.', [
  sig('INTEGER', ['INTEGER'], (x: number) => x),
  sig('BIGINT', ['BIGINT'], (x: bigint) => x),
  sig('DOUBLE', ['DOUBLE'], Math.floor),
  sig(sameAsArg, ['DECIMAL'], (d: Decimal) => rescale(setScale(d, 0, 'FLOOR'), d.scale)),
]);

const roundDecimalType = (c: ReturnContext): Type => {
  const d = c.args[0] as { precision: number; scale: number };
  return decimal(Math.max(1, d.precision - d.scale), 0);
};

const round = scalar('Round', CAT, 'Round a value to the number of decimal places as specified by scale to the right of the '
  + 'decimal point. If scale is negative then value is rounded to the right of the decimal point. Numbers equidistant to '
  + 'the nearest value are rounded up (in the positive direction). If the number of decimal places is not provided it '
  + 'defaults to zero.', [
  sig('BIGINT', ['BIGINT'], (x: bigint) => x),
  sig('BIGINT', ['INTEGER'], (x: number) => BigInt(x)),
  sig('BIGINT', ['DOUBLE'], (x: number) => doubleToLong(javaRound(x))),
  sig('DOUBLE', ['DOUBLE', 'INTEGER'], (x: number, places: number) => {
    if (!Number.isFinite(x)) return x;
    return roundDecimalHalfUp(decimalFromDouble(x), places).toNumber();
  }),
  sig(roundDecimalType, ['DECIMAL'], (d: Decimal) => roundDecimalHalfUp(d, 0)),
  sig(sameAsArg, ['DECIMAL', 'INTEGER'], (d: Decimal, places: number) => rescale(roundDecimalHalfUp(d, places), d.scale)),
]);

const trunc = scalar('trunc', CAT, 'Truncates a value to the number of decimal places as specified by scale to the right of '
  + 'the decimal point. If scale is negative then value is truncated to the right of the decimal point.', [
  sig('BIGINT', ['BIGINT'], (x: bigint) => x),
  sig('BIGINT', ['INTEGER'], (x: number) => BigInt(x)),
  sig('BIGINT', ['DOUBLE'], doubleToLong),
  sig('DOUBLE', ['DOUBLE', 'INTEGER'], (x: number, places: number) => {
    if (!Number.isFinite(x)) return x;
    return setScale(decimalFromDouble(x), places, 'DOWN').toNumber();
  }),
  sig(roundDecimalType, ['DECIMAL'], (d: Decimal) => setScale(d, 0, 'DOWN')),
  sig(sameAsArg, ['DECIMAL', 'INTEGER'], (d: Decimal, places: number) => rescale(setScale(d, places, 'DOWN'), d.scale)),
]);

const sign = scalar('sign', CAT, 'The sign of a numeric value as an INTEGER: -1 for negative, 0 for zero and 1 for positive.', [
  sig('INTEGER', ['INTEGER'], Math.sign),
  sig('INTEGER', ['BIGINT'], (x: bigint) => (x < 0n ? -1 : x > 0n ? 1 : 0)),
  sig('INTEGER', ['DOUBLE'], (x: number) => (Number.isNaN(x) ? null : Math.sign(x) || 0)),
]);

/** Java's Math.log family returns NaN / -Infinity where JS does too; the same goes for sqrt. */
const trig = [
  doubleFn('acos', 'The inverse cosine of a value.', Math.acos),
  doubleFn('asin', 'The inverse sine of a value.', Math.asin),
  doubleFn('atan', 'The inverse tangent of a value.', Math.atan),
  scalar('atan2', CAT, 'The inverse tangent of y / x, using the signs of both to pick the quadrant.', [
    sig('DOUBLE', ['DOUBLE', 'DOUBLE'], Math.atan2),
  ]),
  doubleFn('cbrt', 'The cube root of a value.', Math.cbrt),
  doubleFn('cos', 'The cosine of a value.', Math.cos),
  doubleFn('cosh', 'The hyperbolic cosine of a value.', Math.cosh),
  doubleFn('cot', 'The cotangent of a value.', (x) => 1 / Math.tan(x)),
  doubleFn('degrees', 'Converts radians to degrees.', (x) => (x * 180) / Math.PI),
  doubleFn('exp', 'Euler\'s number raised to the power of a value.', Math.exp),
  doubleFn('ln', 'The natural logarithm of a value.', Math.log),
  doubleFn('radians', 'Converts degrees to radians.', (x) => (x / 180) * Math.PI),
  doubleFn('sin', 'The sine of a value.', Math.sin),
  doubleFn('sinh', 'The hyperbolic sine of a value.', Math.sinh),
  doubleFn('sqrt', 'The square root of a value.', Math.sqrt),
  doubleFn('tan', 'The tangent of a value.', Math.tan),
  doubleFn('tanh', 'The hyperbolic tangent of a value.', Math.tanh),
];

const log = scalar('log', CAT, 'The logarithm of a value: natural with one argument, in the given base with two.', [
  sig('DOUBLE', ['DOUBLE'], Math.log),
  sig('DOUBLE', ['DOUBLE', 'DOUBLE'], (base: number, x: number) => {
    // ksqlDB: NaN for a base of zero or less or of one; otherwise log(x) / log(base).
    if (base <= 0 || base === 1) return Number.NaN;
    return Math.log(x) / Math.log(base);
  }),
]);

const power = scalar('power', CAT, 'The first value raised to the power of the second.', [
  sig('DOUBLE', ['DOUBLE', 'DOUBLE'], Math.pow),
]);

const pi = scalar('pi', CAT, 'The value of pi.', [sig('DOUBLE', [], () => Math.PI)]);

/** RANDOM() reads `random` (a [0, 1) source) passed in by whoever builds the registry. */
export function mathFunctions(random: () => number): FunctionFactory<'SCALAR'>[] {
  const rnd = scalar('random', CAT, 'A random DOUBLE between 0.0 and 1.0.', [sig('DOUBLE', [], () => random())]);
  return [abs, ceil, floor, round, trunc, sign, ...trig, log, power, pi, rnd];
}

