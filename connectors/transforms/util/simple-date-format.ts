/**
 * The part of java.text.SimpleDateFormat that TimestampConverter and TimestampRouter need, in
 * UTC (Kafka sets the formatter's zone to UTC). Pattern letters: G y Y M L d D E u a H k K h m
 * s S z Z X, 'quoted text' and '' for a quote. Parsing accepts numbers of any width unless the
 * next pattern letter is also numeric (then the field is exactly as wide as its letters, so
 * `yyyyMMdd` works); a two-digit `yy` parses as 2000-2099 (Java picks a window around now).
 */
import { FjordError } from '../../../core/errors.js';

type Token = { letter: string; count: number } | { literal: string };

const LETTERS = 'GyYMLdDEuaHkKhmsSzZX';
const NUMERIC = 'yYMLdDuHkKhmsS';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      // Quoted text runs to the next lone quote; '' inside it is a quote.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new FjordError('INVALID_ARGUMENT', `Unterminated quote in date format pattern: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          text += "'";
          j += 2;
        } else text += pattern[j++];
      }
      tokens.push({ literal: text });
      i = j + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.includes(c)) throw new FjordError('INVALID_ARGUMENT', `Illegal pattern character '${c}' in date format pattern: ${pattern}`);
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A compiled pattern: format(Date) → string, parse(string) → Date, both in UTC. */
export class SimpleDateFormat {
  private readonly tokens: Token[];
  private readonly parseRe: RegExp;
  private readonly parseFields: { letter: string; count: number }[] = [];

  /** Throws INVALID_ARGUMENT naming the bad character for a pattern Java would refuse. */
  constructor(readonly pattern: string) {
    this.tokens = tokenize(pattern);
    this.parseRe = this.buildParser();
  }

  format(date: Date): string {
    return this.tokens.map((t) => ('literal' in t ? t.literal : formatField(t.letter, t.count, date))).join('');
  }

  parse(text: string): Date {
    const m = this.parseRe.exec(text);
    if (!m) throw new FjordError('INVALID_ARGUMENT', `Unparseable date: "${text}" (format ${this.pattern})`);
    const f = { year: 1970, month: 0, day: 1, hour: 0, hour12: -1, pm: false, minute: 0, second: 0, ms: 0, offsetMin: 0 };
    this.parseFields.forEach(({ letter, count }, i) => applyField(f, letter, count, m[i + 1]));
    const hour = f.hour12 >= 0 ? (f.hour12 % 12) + (f.pm ? 12 : 0) : f.hour;
    return new Date(Date.UTC(f.year, f.month, f.day, hour, f.minute, f.second, f.ms) - f.offsetMin * 60000);
  }

  private buildParser(): RegExp {
    let re = '';
    this.tokens.forEach((t, i) => {
      if ('literal' in t) {
        re += t.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return;
      }
      this.parseFields.push(t);
      const next = this.tokens[i + 1];
      const fixed = next !== undefined && 'letter' in next && NUMERIC.includes(next.letter);
      if (NUMERIC.includes(t.letter) && !((t.letter === 'M' || t.letter === 'L') && t.count >= 3)) {
        const width = (t.letter === 'y' || t.letter === 'Y') && t.count === 2 ? 2 : t.count;
        re += fixed ? `(\\d{${width}})` : '(\\d+)';
      } else if (t.letter === 'M' || t.letter === 'L') re += `(${MONTHS.map((n) => (t.count === 3 ? n.slice(0, 3) : n)).join('|')})`;
      else if (t.letter === 'E') re += `(${DAYS.map((n) => (t.count <= 3 ? n.slice(0, 3) : n)).join('|')})`;
      else if (t.letter === 'a') re += '(AM|PM|am|pm)';
      else if (t.letter === 'G') re += '(AD|BC)';
      else if (t.letter === 'z') re += '([A-Za-z]+|[+-]\\d{2}:?\\d{2})';
      else re += '(Z|[+-]\\d{2}(?::?\\d{2})?)'; // Z, X
    });
    return new RegExp(`^${re}$`, 'i');
  }
}

function formatField(letter: string, count: number, d: Date): string {
  switch (letter) {
    case 'G': return 'AD';
    case 'y': case 'Y': return count === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), count);
    case 'M': case 'L':
      if (count >= 4) return MONTHS[d.getUTCMonth()];
      if (count === 3) return MONTHS[d.getUTCMonth()].slice(0, 3);
      return pad(d.getUTCMonth() + 1, count);
    case 'd': return pad(d.getUTCDate(), count);
    case 'D': return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, count);
    case 'E': return count >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3);
    case 'u': return pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), count);
    case 'a': return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'H': return pad(d.getUTCHours(), count);
    case 'k': return pad(d.getUTCHours() === 0 ? 24 : d.getUTCHours(), count);
    case 'K': return pad(d.getUTCHours() % 12, count);
    case 'h': return pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, count);
    case 'm': return pad(d.getUTCMinutes(), count);
    case 's': return pad(d.getUTCSeconds(), count);
    case 'S': return pad(d.getUTCMilliseconds(), count);
    case 'z': return 'UTC';
    case 'Z': return '+0000';
    default: return 'Z'; // X
  }
}

type Fields = { year: number; month: number; day: number; hour: number; hour12: number; pm: boolean; minute: number; second: number; ms: number; offsetMin: number };

function applyField(f: Fields, letter: string, count: number, text: string): void {
  const n = Number(text);
  switch (letter) {
    case 'y': case 'Y': f.year = count === 2 && text.length === 2 ? 2000 + n : n; break;
    case 'M': case 'L':
      f.month = count >= 3 ? MONTHS.findIndex((m) => m.toLowerCase().startsWith(text.toLowerCase().slice(0, 3))) : n - 1;
      break;
    case 'd': f.day = n; break;
    case 'D': f.month = 0; f.day = n; break;
    case 'H': case 'k': f.hour = n % 24; break;
    case 'h': case 'K': f.hour12 = n; break;
    case 'a': f.pm = text.toUpperCase() === 'PM'; break;
    case 'm': f.minute = n; break;
    case 's': f.second = n; break;
    case 'S': f.ms = n; break;
    case 'z': case 'Z': case 'X': f.offsetMin = parseOffset(text); break;
    // G, E, u: checked by the pattern, no effect on the instant
  }
}

function parseOffset(text: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return 0; // Z, UTC, GMT
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}
