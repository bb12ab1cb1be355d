/**
 * Java DateTimeFormatter patterns (as ksqlDB's date/time functions use them): formatting local
 * date-time fields to text here, parsing in scalar/date-parse.ts (re-exported below).
 *
 * Supported letters: G, y/u/Y (year), Q/q (quarter, formatting only), M/L (month: number, `MMM`
 * Jan, `MMMM` January), d, D (day of year), E (Mon / Monday), a (AM/PM), H, k, K, h, m, s, S
 * (fraction), n (nano), A (milli of day), V (zone id), z (zone name), O, X, x, Z (offsets);
 * `'text'` literals (`''` is a quote) and `[optional]` sections. Parsing is case-insensitive
 * (ksqlDB's formatters are) and missing fields default to 1970-01-01T00:00:00.000.
 */
import { SqlError } from '../errors.js';
import { compilePattern, MONTHS, DAYS, type Token } from './scalar/date-pattern.js';
import { formatOffset, shortZoneName, type Zone } from './scalar/time-zones.js';

export { compilePattern } from './scalar/date-pattern.js';
export { parseWith, resolveLocal, daysInMonth, type ParsedFields, type LocalDateTime } from './scalar/date-parse.js';

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
