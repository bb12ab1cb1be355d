/**
 * DECIMAL values: an exact unscaled integer and a scale (`1.50` = 150n, scale 2). The scale is
 * always the column type's scale, so `toString()` renders what ksqlDB renders (`1.50`, never
 * `1.5`). Arithmetic, rounding and casts live beside this class (see the types README).
 */
export class Decimal {
  constructor(readonly unscaled: bigint, readonly scale: number) {}

  /** Parses `-12.345` / `7` / `1e3` exactly; the scale is the number of fraction digits written. */
  static parse(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: ${text}`);
    const frac = m[3] ?? '';
    let unscaled = BigInt((m[2] || '0') + frac);
    let scale = frac.length;
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    if (exp > 0) {
      if (exp >= scale) {
        unscaled *= 10n ** BigInt(exp - scale);
        scale = 0;
      } else scale -= exp;
    } else scale -= exp;
    return new Decimal(m[1] === '-' ? -unscaled : unscaled, scale);
  }

  /** Number of significant digits (`0.05` has precision 1, as Java's BigDecimal). */
  get precision(): number {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return abs === 0n ? 1 : abs.toString().length;
  }

  toString(): string {
    const neg = this.unscaled < 0n;
    const digits = (neg ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) return (neg ? '-' : '') + digits + '0'.repeat(-this.scale);
    const padded = digits.padStart(this.scale + 1, '0');
    return (neg ? '-' : '') + padded.slice(0, padded.length - this.scale) + '.' + padded.slice(padded.length - this.scale);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  equals(other: Decimal): boolean {
    return this.unscaled === other.unscaled && this.scale === other.scale;
  }
}
