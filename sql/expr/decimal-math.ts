/**
 * DECIMAL arithmetic as ksqlDB does it: result types follow its precision/scale rules (SqlDecimal
 * add/multiply/divide/modulus), results are exact (Java's RoundingMode.UNNECESSARY: a result
 * that would need rounding, such as 1 / 3, is an error and the row's value becomes NULL), and
 * casts between decimals round HALF_UP after checking the integer digits fit.
 */
import { Decimal } from '../types/decimal.js';
import { decimal, type DecimalType, type Type } from '../types/types.js';
import { EvalError } from './node.js';

/** INTEGER and BIGINT as decimals: DECIMAL(10, 0) and DECIMAL(19, 0), as ksqlDB upcasts them. */
export function toDecimalType(t: Type): DecimalType | null {
  switch (t.kind) {
    case 'DECIMAL': return t;
    case 'INTEGER': return decimal(10, 0);
    case 'BIGINT': return decimal(19, 0);
    default: return null;
  }
}

export function addType(l: DecimalType, r: DecimalType): DecimalType {
  const scale = Math.max(l.scale, r.scale);
  return decimal(scale + Math.max(l.precision - l.scale, r.precision - r.scale) + 1, scale);
}
export function multiplyType(l: DecimalType, r: DecimalType): DecimalType {
  return decimal(l.precision + r.precision + 1, l.scale + r.scale);
}
export function divideType(l: DecimalType, r: DecimalType): DecimalType {
  const scale = Math.max(6, l.scale + r.precision + 1);
  return decimal(l.precision - l.scale + r.scale + scale, scale);
}
export function modulusType(l: DecimalType, r: DecimalType): DecimalType {
  const scale = Math.max(l.scale, r.scale);
  return decimal(Math.min(l.precision - l.scale, r.precision - r.scale) + scale, scale);
}

/** The type wide enough for either side (DecimalUtil.widen). */
export function widenDecimal(l: DecimalType, r: DecimalType): DecimalType {
  const scale = Math.max(l.scale, r.scale);
  return decimal(Math.max(l.precision - l.scale, r.precision - r.scale) + scale, scale);
}

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    if (n < 400) POW10[n] = p;
  }
  return p;
}

function digits(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

/** The unscaled value of `d` at `scale`, exactly (throws when digits would be lost). */
function exactAt(d: Decimal, scale: number): bigint {
  if (d.scale === scale) return d.unscaled;
  if (d.scale < scale) return d.unscaled * pow10(scale - d.scale);
  const div = pow10(d.scale - scale);
  if (d.unscaled % div !== 0n) throw new EvalError('Rounding necessary');
  return d.unscaled / div;
}

function fit(unscaled: bigint, t: DecimalType): Decimal {
  if (unscaled !== 0n && digits(unscaled) > t.precision) throw new EvalError(`Numeric field overflow: value does not fit DECIMAL(${t.precision}, ${t.scale})`);
  return new Decimal(unscaled, t.scale);
}

export function decimalAdd(a: Decimal, b: Decimal, t: DecimalType): Decimal {
  return fit(exactAt(a, t.scale) + exactAt(b, t.scale), t);
}
export function decimalSubtract(a: Decimal, b: Decimal, t: DecimalType): Decimal {
  return fit(exactAt(a, t.scale) - exactAt(b, t.scale), t);
}
export function decimalMultiply(a: Decimal, b: Decimal, t: DecimalType): Decimal {
  return fit(exactAt(new Decimal(a.unscaled * b.unscaled, a.scale + b.scale), t.scale), t);
}
export function decimalDivide(a: Decimal, b: Decimal, t: DecimalType): Decimal {
  if (b.unscaled === 0n) throw new EvalError('Division by zero');
  // a / b at scale s: a.u * 10^(s - a.s + b.s) / b.u, which must be exact.
  const shift = t.scale - a.scale + b.scale;
  let num = a.unscaled;
  let den = b.unscaled;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  if (num % den !== 0n) throw new EvalError('Non-terminating decimal expansion; no exact representable decimal result.');
  return fit(num / den, t);
}
export function decimalRemainder(a: Decimal, b: Decimal, t: DecimalType): Decimal {
  if (b.unscaled === 0n) throw new EvalError('Division undefined');
  const s = Math.max(a.scale, b.scale);
  return fit(exactAt(new Decimal(exactAt(a, s) % exactAt(b, s), s), t.scale), t);
}
export function decimalNegate(a: Decimal): Decimal {
  return new Decimal(-a.unscaled, a.scale);
}

/** Compares numerically, whatever the scales. */
export function decimalCompare(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.scale === s ? a.unscaled : a.unscaled * pow10(s - a.scale);
  const y = b.scale === s ? b.unscaled : b.unscaled * pow10(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rounds to `scale` HALF_UP (away from zero on a tie), as BigDecimal.setScale(s, HALF_UP). */
export function roundHalfUp(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return new Decimal(d.unscaled * pow10(scale - d.scale), scale);
  const div = pow10(d.scale - scale);
  const neg = d.unscaled < 0n;
  const abs = neg ? -d.unscaled : d.unscaled;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return new Decimal(neg ? -q : q, scale);
}

/** Rounds to `precision` significant digits HALF_UP (Java's MathContext(precision)). */
export function roundToPrecision(d: Decimal, precision: number): Decimal {
  const n = digits(d.unscaled);
  if (d.unscaled === 0n || n <= precision) return d;
  return roundHalfUp(d, d.scale - (n - precision));
}

/**
 * DecimalUtil.cast: the value must round to less than 10^(precision - scale) in magnitude
 * ("Numeric field overflow"), then it is rounded HALF_UP to the scale.
 */
export function castDecimal(d: Decimal, t: DecimalType): Decimal {
  if (d.scale === t.scale && digits(d.unscaled) <= t.precision) return d;
  const intDigits = t.precision - t.scale;
  const limit = pow10(Math.max(0, intDigits));
  // |d| >= 10^intDigits  <=>  |unscaled| >= 10^(intDigits + d.scale)
  const abs = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  const tooBig = d.scale >= 0 ? abs >= limit * pow10(d.scale) : abs * pow10(-d.scale) >= limit;
  if (tooBig) {
    throw new EvalError(
      `Numeric field overflow: A field with precision ${t.precision} and scale ${t.scale} must round to an absolute value less than 10^${intDigits}. Got ${d.toString()}`,
    );
  }
  const r = roundHalfUp(d, t.scale);
  if (digits(r.unscaled) > t.precision && r.unscaled !== 0n) {
    throw new EvalError(`Numeric field overflow: ${d.toString()} does not fit DECIMAL(${t.precision}, ${t.scale})`);
  }
  return r;
}
