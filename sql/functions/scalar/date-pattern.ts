/**
 * Java DateTimeFormatter pattern text → tokens (cached): letters Java knows (see
 * ../datetime-format.ts for the supported set), `'text'` literals (`''` is a quote) and
 * `[optional]` sections. Shared by formatting and parsing.
 */
import { SqlError } from '../../errors.js';

export type Token =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'optional'; readonly tokens: readonly Token[] };

const LETTERS = new Set('GyuYQqMLdDEeacHkKhmsSnAVzOXxZ'.split(''));
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const cache = new Map<string, readonly Token[]>();
const CACHE_MAX = 256;

/** Splits a pattern into tokens (cached); throws SqlError for letters Java reserves or we lack. */
export function compilePattern(pattern: string): readonly Token[] {
  let tokens = cache.get(pattern);
  if (tokens === undefined) {
    const pos = { i: 0 };
    tokens = tokenize(pattern, pos, false);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(pattern, tokens);
  }
  return tokens;
}

function tokenize(p: string, pos: { i: number }, nested: boolean): Token[] {
  const out: Token[] = [];
  while (pos.i < p.length) {
    const c = p[pos.i]!;
    if (c === "'") {
      let j = pos.i + 1;
      let text = '';
      for (;;) {
        if (j >= p.length) throw new SqlError(`Pattern ends with an incomplete string literal: ${p}`);
        if (p[j] === "'") {
          if (p[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += p[j++];
      }
      out.push({ kind: 'literal', text: j === pos.i + 1 ? "'" : text });
      pos.i = j + 1;
    } else if (c === '[') {
      pos.i++;
      out.push({ kind: 'optional', tokens: tokenize(p, pos, true) });
    } else if (c === ']') {
      if (!nested) throw new SqlError(`Pattern invalid as it contains ] without previous [: ${p}`);
      pos.i++;
      return out;
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.has(c)) throw new SqlError(`Unknown pattern letter: ${c}`);
      let n = 1;
      while (p[pos.i + n] === c) n++;
      out.push({ kind: 'field', letter: c, count: n });
      pos.i += n;
    } else if (c === '#' || c === '{' || c === '}') {
      throw new SqlError(`Pattern includes reserved character: '${c}'`);
    } else {
      out.push({ kind: 'literal', text: c });
      pos.i++;
    }
  }
  return out;
}
