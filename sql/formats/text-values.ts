/**
 * Reading numbers, decimals and bytes from text the way ksqlDB's Java code does
 * (`Integer.parseInt`, `Long.parseLong`, `Double.parseDouble`, `new BigDecimal(s)` +
 * `DecimalUtil.ensureFit`, base64). Shared by the JSON (string coercions) and DELIMITED readers.
 */
import { Decimal } from '../types/decimal.js';
import type { DecimalType } from '../types/types.js';

const INT_RE = /^[+-]?\d+$/;

/** `Integer.parseInt`: an optional sign and digits, within 32 bits; otherwise undefined. */
export function parseJavaInt(text: string): number | undefined {
  if (!INT_RE.test(text)) return undefined;
  const v = Number(text);
  return v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

/** `Long.parseLong`: an optional sign and digits, within 64 bits; otherwise undefined. */
export function parseJavaLong(text: string): bigint | undefined {
  if (!INT_RE.test(text)) return undefined;
  const v = BigInt(text);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

const DOUBLE_RE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/**
 * `Double.parseDouble`: surrounding whitespace ignored, `NaN`, `Infinity`, exponents and a
 * trailing type letter (`1.5d`) allowed; otherwise undefined. (Java's hex floats are not read.)
 */
export function parseJavaDouble(text: string): number | undefined {
  // Java trims every character up to and including space, not only whitespace.
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  const t = text.slice(start, end);
  if (!DOUBLE_RE.test(t)) return undefined;
  return Number(t.replace(/[fFdD]$/, ''));
}

/**
 * `new BigDecimal(lexeme)` keeping Java's scale, which may be negative: `1.5e3` is 15 × 10^2
 * (so its `toString()` is `1.5E+3`), where `Decimal.parse` would normalise it to `1500`.
 */
export function javaBigDecimal(lexeme: string): Decimal {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(lexeme);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`Not a decimal number: ${lexeme}`);
  const frac = m[3] ?? '';
  const unscaled = BigInt((m[2] || '0') + frac);
  const scale = frac.length - (m[4] === undefined ? 0 : Number(m[4]));
  return new Decimal(m[1] === '-' ? -unscaled : unscaled, scale);
}

/** `Boolean.parseBoolean`: true for `true` in any case, false for anything else. */
export function parseJavaBoolean(text: string): boolean {
  return text.toLowerCase() === 'true';
}

/**
 * `new BigDecimal(text)` then `DecimalUtil.ensureFit(value, DECIMAL(p, s))`: the value must be
 * smaller than 10^(p - s) and must not need rounding to scale s. Throws with ksqlDB's message.
 */
export function decimalFromText(text: string, type: DecimalType): Decimal {
  let d: Decimal;
  try {
    d = Decimal.parse(text);
  } catch {
    throw new Error(`Not a decimal number: ${text}`);
  }
  return ensureFit(d, type);
}

/** ksqlDB's `DecimalUtil.ensureFit`: checks the magnitude, then rescales without rounding. */
export function ensureFit(d: Decimal, type: DecimalType): Decimal {
  const { precision, scale } = type;
  const intDigits = precision - scale;
  const abs = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  // |unscaled| / 10^d.scale < 10^intDigits  <=>  |unscaled| < 10^(intDigits + d.scale)
  const limitExp = intDigits + d.scale;
  const fits = limitExp < 0 ? abs === 0n : abs < 10n ** BigInt(limitExp);
  if (!fits) {
    throw new Error(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${intDigits}. Got ${d.toString()}`,
    );
  }
  if (d.scale === scale) return d;
  if (d.scale < scale) return new Decimal(d.unscaled * 10n ** BigInt(scale - d.scale), scale);
  const divisor = 10n ** BigInt(d.scale - scale);
  if (d.unscaled % divisor !== 0n) {
    throw new Error(`Cannot fit decimal '${d.toString()}' into DECIMAL(${precision}, ${scale}) without rounding. (Requires ${d.precision},${d.scale})`);
  }
  return new Decimal(d.unscaled / divisor, scale);
}

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Standard base64 (padding optional) to bytes; anything else is an error naming the text. */
export function toBase64Bytes(text: string): Buffer {
  if (!BASE64_RE.test(text)) throw new Error(`Value is not a valid Base64 encoded string: ${text}`);
  return Buffer.from(text, 'base64');
}
