/** BigDecimal-like helpers the scalar functions need on `Decimal` values (exact, bigint based). */
import { Decimal } from '../../types/decimal.js';

export type RoundingMode = 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'CEILING' | 'FLOOR' | 'DOWN' | 'UP';

/** `d` with `scale` fraction digits, rounding as Java's BigDecimal.setScale(scale, mode). */
export function setScale(d: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (scale >= d.scale) return new Decimal(d.unscaled * 10n ** BigInt(scale - d.scale), scale);
  const divisor = 10n ** BigInt(d.scale - scale);
  const q = d.unscaled / divisor; // truncated toward zero
  const r = d.unscaled - q * divisor;
  if (r === 0n) return new Decimal(q, scale);
  const sign = d.unscaled < 0n ? -1n : 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  let away: boolean;
  switch (mode) {
    case 'DOWN': away = false; break;
    case 'UP': away = true; break;
    case 'CEILING': away = sign > 0n; break;
    case 'FLOOR': away = sign < 0n; break;
    case 'HALF_UP': away = twice >= divisor; break;
    case 'HALF_DOWN': away = twice > divisor; break;
    case 'HALF_EVEN': away = twice > divisor || (twice === divisor && (q & 1n) !== 0n); break;
  }
  return new Decimal(away ? q + sign : q, scale);
}

/** Rescales to `scale` exactly (for values whose extra digits are zeros) or by HALF_UP. */
export function rescale(d: Decimal, scale: number): Decimal {
  return d.scale === scale ? d : setScale(d, scale, 'HALF_UP');
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = a.unscaled * 10n ** BigInt(s - a.scale);
  const y = b.unscaled * 10n ** BigInt(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function absDecimal(d: Decimal): Decimal {
  return d.unscaled < 0n ? new Decimal(-d.unscaled, d.scale) : d;
}

/** Java's BigDecimal.valueOf(double): the shortest decimal that reads back as `x`. */
export function decimalFromDouble(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`cannot convert ${x} to a decimal`);
  return Decimal.parse(String(x));
}
