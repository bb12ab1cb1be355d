/**
 * Java DateTimeFormatter patterns (as ksqlDB's date/time functions use them): formatting local
 * date-time fields to text and parsing text back to fields.
 *
 * Supported letters: G, y/u/Y (year), Q/q (quarter, formatting only), M/L (month: number, `MMM` Jan, `MMMM` January), d, D
 * (day of year), E (Mon / Monday), a (AM/PM), H, k, K, h, m, s, S (fraction), n (nano), A
 * (milli of day), V (zone id), z (zone name), O, X, x, Z (offsets); `'text'` literals (`''` is a
 * quote) and `[optional]` sections. Parsing is case-insensitive (ksqlDB's formatters are) and
 * missing fields default to 1970-01-01T00:00:00.000.
 */
import { SqlError } from '../errors.js';
import { formatOffset, parseOffsetMinutes, shortZoneName, zoneOf, type Zone } from './scalar/time-zones.js';

type Token =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'optional'; readonly tokens: readonly Token[] };

const LETTERS = new Set('GyuYQqMLdDEeacHkKhmsSnAVzOXxZ'.split(''));
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

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

/** Wall-clock fields of a value being formatted; absent parts make their letters unsupported. */
export interface FormatFields {
  readonly date?: { readonly year: number; readonly month: number; readonly day: number; readonly dayOfYear: number; readonly dayOfWeek: number };
  readonly time?: { readonly hour: number; readonly minute: number; readonly second: number; readonly ms: number };
  readonly zone?: { readonly zone: Zone; readonly utcMs: number; readonly offsetMinutes: number };
}

const pad = (n: number, width: number): string => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

function unsupported(field: string): never {
  throw new SqlError(`Unsupported field: ${field}`);
}

/** Formats `f` with `pattern`. */
export function formatWith(pattern: string, f: FormatFields): string {
  return formatTokens(compilePattern(pattern), f);
}

function formatTokens(tokens: readonly Token[], f: FormatFields): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'literal') out += t.text;
    else if (t.kind === 'optional') {
      try {
        out += formatTokens(t.tokens, f);
      } catch {
        // Java skips an optional section whose fields the value lacks.
      }
    } else out += formatField(t.letter, t.count, f);
  }
  return out;
}

function formatField(letter: string, count: number, f: FormatFields): string {
  const d = f.date;
  const tm = f.time;
  const z = f.zone;
  switch (letter) {
    case 'G': return d === undefined ? unsupported('YearOfEra') : count === 4 ? (d.year > 0 ? 'Anno Domini' : 'Before Christ') : d.year > 0 ? 'AD' : 'BC';
    case 'y': case 'u': case 'Y': {
      if (d === undefined) return unsupported('YearOfEra');
      const y = letter === 'y' && d.year <= 0 ? 1 - d.year : d.year;
      if (count === 2) return pad(((y % 100) + 100) % 100, 2);
      return count >= 4 && y > 9999 ? '+' + y : pad(y, count);
    }
    case 'M': case 'L':
      if (d === undefined) return unsupported('MonthOfYear');
      return count === 3 ? MONTHS[d.month - 1]!.slice(0, 3) : count === 4 ? MONTHS[d.month - 1]! : count === 5 ? MONTHS[d.month - 1]![0]! : pad(d.month, count);
    case 'Q': case 'q': {
      if (d === undefined) return unsupported('QuarterOfYear');
      const q = Math.trunc((d.month - 1) / 3) + 1;
      return count === 3 ? `Q${q}` : count === 4 ? `${['1st', '2nd', '3rd', '4th'][q - 1]} quarter` : pad(q, count);
    }
    case 'd': return d === undefined ? unsupported('DayOfMonth') : pad(d.day, count);
    case 'D': return d === undefined ? unsupported('DayOfYear') : pad(d.dayOfYear, count);
    case 'E': case 'e': case 'c': {
      if (d === undefined) return unsupported('DayOfWeek');
      const name = DAYS[d.dayOfWeek - 1]!;
      if (letter !== 'E' && count <= 2) return pad(d.dayOfWeek, count);
      return count === 4 ? name : count === 5 ? name[0]! : name.slice(0, 3);
    }
    case 'a': return tm === undefined ? unsupported('AmPmOfDay') : tm.hour < 12 ? 'AM' : 'PM';
    case 'H': return tm === undefined ? unsupported('HourOfDay') : pad(tm.hour, count);
    case 'k': return tm === undefined ? unsupported('ClockHourOfDay') : pad(tm.hour === 0 ? 24 : tm.hour, count);
    case 'K': return tm === undefined ? unsupported('HourOfAmPm') : pad(tm.hour % 12, count);
    case 'h': return tm === undefined ? unsupported('ClockHourOfAmPm') : pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, count);
    case 'm': return tm === undefined ? unsupported('MinuteOfHour') : pad(tm.minute, count);
    case 's': return tm === undefined ? unsupported('SecondOfMinute') : pad(tm.second, count);
    case 'S': return tm === undefined ? unsupported('NanoOfSecond') : pad(tm.ms, 3).padEnd(count, '0').slice(0, count);
    case 'n': return tm === undefined ? unsupported('NanoOfSecond') : pad(tm.ms * 1_000_000, count);
    case 'A': return tm === undefined ? unsupported('MilliOfDay') : pad(((tm.hour * 60 + tm.minute) * 60 + tm.second) * 1000 + tm.ms, count);
    default: return formatZoneField(letter, count, z);
  }
}

function formatZoneField(letter: string, count: number, z: FormatFields['zone']): string {
  if (z === undefined) return unsupported(letter === 'V' || letter === 'z' ? 'ZoneId' : 'OffsetSeconds');
  const off = z.offsetMinutes;
  switch (letter) {
    case 'V': return z.zone.id;
    case 'z': return shortZoneName(z.zone, z.utcMs);
    case 'O': {
      if (off === 0) return 'GMT';
      const a = Math.abs(off);
      const sign = off < 0 ? '-' : '+';
      return count === 4 ? `GMT${formatOffset(off, true)}` : `GMT${sign}${Math.trunc(a / 60)}${a % 60 === 0 ? '' : ':' + pad(a % 60, 2)}`;
    }
    case 'X': case 'x': {
      if (letter === 'X' && off === 0) return 'Z';
      if (count === 1) return formatOffset(off, false, off % 60 !== 0);
      return formatOffset(off, count === 3 || count === 5);
    }
    default: // 'Z'
      if (count === 4) return off === 0 ? 'GMT' : `GMT${formatOffset(off, true)}`;
      if (count === 5) return off === 0 ? 'Z' : formatOffset(off, true);
      return formatOffset(off, false);
  }
}

/** What parsing found; absent fields take ksqlDB's defaults when resolved. */
export interface ParsedFields {
  year?: number;
  yearOfEra?: number;
  twoDigitYear?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  ms?: number;
  milliOfDay?: number;
  offsetMinutes?: number;
  zone?: Zone;
}

class ParseFailure extends Error {}

/** Parses `text` with `pattern`, or throws SqlError as Java's DateTimeParseException reads. */
export function parseWith(pattern: string, text: string): ParsedFields {
  const tokens = compilePattern(pattern);
  const out: ParsedFields = {};
  let end: number;
  try {
    end = parseTokens(tokens, text, 0, out);
  } catch (e) {
    if (e instanceof ParseFailure) throw new SqlError(`Text '${text}' could not be parsed at index ${e.message}`);
    throw e;
  }
  if (end !== text.length) throw new SqlError(`Text '${text}' could not be parsed, unparsed text found at index ${end}`);
  return out;
}

function parseTokens(tokens: readonly Token[], text: string, start: number, out: ParsedFields): number {
  let i = start;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'literal') {
      if (text.slice(i, i + t.text.length).toLowerCase() !== t.text.toLowerCase()) throw new ParseFailure(String(i));
      i += t.text.length;
    } else if (t.kind === 'optional') {
      const copy: ParsedFields = { ...out };
      try {
        i = parseTokens(t.tokens, text, i, copy);
        Object.assign(out, copy);
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
      }
    } else {
      const next = tokens[k + 1];
      const adjacent = next !== undefined && next.kind === 'field' && isNumeric(next.letter, next.count);
      i = parseField(t.letter, t.count, text, i, out, adjacent);
    }
  }
  return i;
}

function isNumeric(letter: string, count: number): boolean {
  if ('MLEeca'.includes(letter)) return count <= 2 && letter !== 'E' && letter !== 'a';
  return 'yuYdDHkKhmsSnA'.includes(letter);
}

function digits(text: string, i: number, min: number, max: number): [number, number] {
  let j = i;
  while (j < text.length && j - i < max && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
  if (j - i < min) throw new ParseFailure(String(i));
  return [Number(text.slice(i, j)), j];
}

function word(text: string, i: number, names: readonly string[]): [number, number] {
  const lower = text.slice(i).toLowerCase();
  // Longest first so `May` does not stop `MMMM` at a prefix of another name.
  let best = -1;
  for (let n = 0; n < names.length; n++) {
    if (lower.startsWith(names[n]!.toLowerCase()) && (best < 0 || names[n]!.length > names[best]!.length)) best = n;
  }
  if (best < 0) throw new ParseFailure(String(i));
  return [best, i + names[best]!.length];
}

function parseField(letter: string, count: number, text: string, i: number, out: ParsedFields, adjacent: boolean): number {
  const fixedOr = (max: number): [number, number] => (count >= 2 || adjacent ? [count, count] : [1, max]);
  switch (letter) {
    case 'y': case 'u': case 'Y': {
      if (count === 2) {
        const [v, j] = digits(text, i, 2, 2);
        out.twoDigitYear = v;
        return j;
      }
      let sign = 1;
      let from = i;
      if (text[i] === '-' || text[i] === '+') {
        sign = text[i] === '-' ? -1 : 1;
        from++;
      }
      const [v, j] = digits(text, from, count === 1 ? 1 : count, adjacent ? count : 9);
      if (letter === 'y') out.yearOfEra = sign * v;
      else out.year = sign * v;
      return j;
    }
    case 'M': case 'L': {
      if (count === 3 || count === 4) {
        const names = count === 3 ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS;
        const [n, j] = word(text, i, names);
        out.month = n + 1;
        return j;
      }
      const [min, max] = fixedOr(2);
      const [v, j] = digits(text, i, min, max);
      out.month = v;
      return j;
    }
    case 'E': {
      const [, j] = word(text, i, count === 4 ? DAYS : DAYS.map((d) => d.slice(0, 3)));
      return j;
    }
    case 'a': {
      const [n, j] = word(text, i, ['AM', 'PM']);
      out.pm = n === 1;
      return j;
    }
    case 'G': {
      const [, j] = word(text, i, count === 4 ? ['Anno Domini', 'Before Christ'] : ['AD', 'BC']);
      return j;
    }
    case 'S': {
      const [v, j] = digits(text, i, count, count);
      out.ms = Math.trunc(v * 10 ** (3 - count));
      return j;
    }
    case 'n': {
      const [v, j] = digits(text, i, 1, 9);
      out.ms = Math.trunc(v / 1_000_000);
      return j;
    }
    case 'A': {
      const [v, j] = digits(text, i, 1, 9);
      out.milliOfDay = v;
      return j;
    }
    case 'V': case 'z': return parseZoneId(text, i, out);
    case 'O': case 'X': case 'x': case 'Z': return parseOffset(letter, text, i, out);
    default: {
      const [min, max] = fixedOr(letter === 'D' ? 3 : 2);
      const [v, j] = digits(text, i, min, max);
      const key = ({ d: 'day', D: 'dayOfYear', H: 'hour', k: 'hour', K: 'hour12', h: 'hour12', m: 'minute', s: 'second', e: 'day', c: 'day' } as const)[letter as 'd'];
      if (letter === 'e' || letter === 'c') return j;
      out[key] = letter === 'k' && v === 24 ? 0 : letter === 'h' && v === 12 ? 0 : v;
      return j;
    }
  }
}

/** Short names `z` parses (English, as Java's ROOT-locale zone names) → the zone they stand for. */
const ZONE_NAMES: Record<string, string> = {
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', MST: 'America/Denver', MDT: 'America/Denver',
  CST: 'America/Chicago', CDT: 'America/Chicago', EST: 'America/New_York', EDT: 'America/New_York',
  BST: 'Europe/London', CET: 'Europe/Paris', CEST: 'Europe/Paris', JST: 'Asia/Tokyo', IST: 'Asia/Kolkata',
};

function parseZoneId(text: string, i: number, out: ParsedFields): number {
  const m = /^[A-Za-z][A-Za-z0-9_/+-]*/.exec(text.slice(i));
  if (m === null) throw new ParseFailure(String(i));
  try {
    out.zone = zoneOf(ZONE_NAMES[m[0].toUpperCase()] ?? m[0]);
  } catch {
    throw new ParseFailure(String(i));
  }
  return i + m[0].length;
}

function parseOffset(letter: string, text: string, i: number, out: ParsedFields): number {
  let from = i;
  if (letter === 'O' || (letter === 'Z' && text.startsWith('GMT', i))) {
    if (!text.startsWith('GMT', i)) throw new ParseFailure(String(i));
    from += 3;
    if (from >= text.length || (text[from] !== '+' && text[from] !== '-')) {
      out.offsetMinutes = 0;
      return from;
    }
  }
  if ((letter === 'X' || letter === 'Z') && (text[from] === 'Z' || text[from] === 'z')) {
    out.offsetMinutes = 0;
    return from + 1;
  }
  const m = /^[+-]\d{1,2}(?::?\d{2})?/.exec(text.slice(from));
  const minutes = m === null ? null : parseOffsetMinutes(m[0]);
  if (m === null || minutes === null) throw new ParseFailure(String(i));
  out.offsetMinutes = minutes;
  return from + m[0].length;
}

/** The local date-time parsed fields name, with ksqlDB's defaults (1970-01-01T00:00). */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Milliseconds since midnight. */
  readonly msOfDay: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate() || 31;
}

/** Resolves parsed fields (SMART resolver: a day past the month's end is its last day). */
export function resolveLocal(p: ParsedFields): LocalDateTime {
  const year = p.year ?? p.yearOfEra ?? (p.twoDigitYear === undefined ? 1970 : 2000 + p.twoDigitYear);
  let month = p.month ?? 1;
  let day = p.day ?? 1;
  if (p.dayOfYear !== undefined) {
    const d = new Date(Date.UTC(year, 0, p.dayOfYear));
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  if (month < 1 || month > 12) throw new SqlError(`Invalid value for MonthOfYear (valid values 1 - 12): ${month}`);
  if (day < 1 || day > 31) throw new SqlError(`Invalid value for DayOfMonth (valid values 1 - 28/31): ${day}`);
  day = Math.min(day, daysInMonth(year, month));
  let hour = p.hour ?? 0;
  if (p.hour12 !== undefined) hour = p.hour12 + (p.pm === true ? 12 : 0);
  else if (p.pm === true && hour < 12) hour += 12;
  if (hour > 23) throw new SqlError(`Invalid value for HourOfDay (valid values 0 - 23): ${hour}`);
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  if (minute > 59) throw new SqlError(`Invalid value for MinuteOfHour (valid values 0 - 59): ${minute}`);
  if (second > 59) throw new SqlError(`Invalid value for SecondOfMinute (valid values 0 - 59): ${second}`);
  const msOfDay = p.milliOfDay ?? ((hour * 60 + minute) * 60 + second) * 1000 + (p.ms ?? 0);
  return { year, month, day, msOfDay };
}
