/**
 * Parsing text with a Java DateTimeFormatter pattern, as ksqlDB's date/time functions do:
 * case-insensitive, adjacent numeric fields take their pattern width, and missing fields default
 * to 1970-01-01T00:00:00.000 (`resolveLocal`). Failures read like Java's DateTimeParseException.
 */
import { SqlError } from '../../errors.js';
import { compilePattern, MONTHS, DAYS, type Token } from './date-pattern.js';
import { parseOffsetMinutes, zoneOf, type Zone } from './time-zones.js';

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
