/** MASK, MASK_KEEP_LEFT, MASK_KEEP_RIGHT, MASK_LEFT, MASK_RIGHT. */
import { SqlError } from '../../errors.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig, type ScalarSig } from './define.js';

const CAT = 'STRING';

/** Replacement per character class; null keeps characters of that class as they are. */
interface Masks {
  readonly upper: string | null;
  readonly lower: string | null;
  readonly digit: string | null;
  readonly other: string | null;
}

const DEFAULT_MASKS: Masks = { upper: 'X', lower: 'x', digit: 'n', other: '-' };

function maskChar(c: string, m: Masks): string {
  const pick = /\p{Lu}/u.test(c) ? m.upper : /\p{Ll}/u.test(c) ? m.lower : /\p{Nd}/u.test(c) ? m.digit : m.other;
  return pick === null ? c : pick;
}

function maskRange(s: string, from: number, to: number, m: Masks): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += i >= from && i < to ? maskChar(s[i]!, m) : s[i]!;
  return out;
}

/** A mask argument must be one character; NULL means "do not mask this class". */
function maskOf(m: string | null): string | null {
  if (m === null) return null;
  if ([...m].length !== 1) throw new SqlError(`Invalid mask character. Must be only single character, but was '${m}'`);
  return m;
}

const masksOf = (u: string | null, l: string | null, d: string | null, o: string | null): Masks =>
  ({ upper: maskOf(u), lower: maskOf(l), digit: maskOf(d), other: maskOf(o) });

type Range = (len: number, n: number) => [number, number];

function checkCount(name: string, n: number | null): number | null {
  if (n === null) return null;
  if (n < 0) throw new SqlError(`function ${name} requires a non-negative number of characters to mask or skip`);
  return n;
}

function variants(name: string, range: Range | null): ScalarSig[] {
  if (range === null) {
    return [
      sig('STRING', ['STRING'], (s: string) => maskRange(s, 0, s.length, DEFAULT_MASKS)),
      sig('STRING', ['STRING', 'STRING', 'STRING', 'STRING', 'STRING'],
        (s: string | null, u: string | null, l: string | null, d: string | null, o: string | null) =>
          (s === null ? null : maskRange(s, 0, s.length, masksOf(u, l, d, o))), { nulls: true }),
    ];
  }
  const run = (s: string | null, n: number | null, m: Masks): string | null => {
    const count = checkCount(name, n);
    if (s === null || count === null) return null;
    const [from, to] = range(s.length, count);
    return maskRange(s, from, to, m);
  };
  return [
    sig('STRING', ['STRING', 'INTEGER'], (s: string | null, n: number | null) => run(s, n, DEFAULT_MASKS), { nulls: true }),
    sig('STRING', ['STRING', 'INTEGER', 'STRING', 'STRING', 'STRING', 'STRING'],
      (s: string | null, n: number | null, u: string | null, l: string | null, d: string | null, o: string | null) =>
        run(s, n, masksOf(u, l, d, o)), { nulls: true }),
  ];
}

export const maskFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('mask', CAT, 'Returns a masked version of the input string: upper-case letters become X, lower-case x, digits n, others -.', variants('mask', null)),
  scalar('mask_keep_left', CAT, 'Masks all but the first n characters.', variants('mask_keep_left', (len, n) => [n, len])),
  scalar('mask_keep_right', CAT, 'Masks all but the last n characters.', variants('mask_keep_right', (len, n) => [0, len - n])),
  scalar('mask_left', CAT, 'Masks the first n characters.', variants('mask_left', (_len, n) => [0, n])),
  scalar('mask_right', CAT, 'Masks the last n characters.', variants('mask_right', (len, n) => [len - n, len])),
];
