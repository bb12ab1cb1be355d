/** GREATEST and LEAST: the extreme of their non-NULL arguments. */
import { type Type, decimal } from '../../types/types.js';
import type { FunctionFactory } from '../types.js';
import { Decimal } from '../../types/decimal.js';
import { scalar, sig, sigBound, type ReturnContext, type ScalarSig } from './define.js';
import { compareValues } from './compare-values.js';
import { rescale } from './decimal-math.js';

const CAT = 'MATHEMATICAL';
const ORDERED = ['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'];

/** The DECIMAL holding every argument: most integer digits and most fraction digits. */
function widestDecimal(c: ReturnContext): Type {
  let intDigits = 1;
  let scale = 0;
  for (const t of c.args) {
    if (t === null || t.kind !== 'DECIMAL') continue;
    intDigits = Math.max(intDigits, t.precision - t.scale);
    scale = Math.max(scale, t.scale);
  }
  return decimal(Math.min(38, intDigits + scale), scale);
}

function extreme(sign: 1 | -1, values: unknown[]): unknown {
  let best: unknown = null;
  for (const v of values) {
    if (v !== null && (best === null || sign * compareValues(v, best) > 0)) best = v;
  }
  return best;
}

function variants(sign: 1 | -1): ScalarSig[] {
  const plain = ORDERED.map((t) => sig(t, [t, '...' + t], (...vs: unknown[]) => extreme(sign, vs), { nulls: true }));
  const dec = sigBound(widestDecimal, ['DECIMAL', '...DECIMAL'], (c) => {
    const scale = (widestDecimal(c) as { scale: number }).scale;
    return (...vs: unknown[]) => {
      const r = extreme(sign, vs);
      return r === null ? null : rescale(r as Decimal, scale);
    };
  }, { nulls: true });
  return [...plain, dec];
}

export const comparisonFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('greatest', CAT, 'Highest value among a list of values, ignoring NULLs; NULL when all are NULL.', variants(1)),
  scalar('least', CAT, 'Lowest value among a list of values, ignoring NULLs; NULL when all are NULL.', variants(-1)),
];
