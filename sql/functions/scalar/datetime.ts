/** Date and time functions. DATE = epoch days, TIME = ms of day, TIMESTAMP = epoch ms (types.ts). */
import { SqlError } from '../../errors.js';
import type { FunctionFactory } from '../types.js';
import { formatWith, parseWith, resolveLocal, type ParsedFields } from '../datetime-format.js';
import { scalar, sig } from './define.js';
import { MS_PER_DAY, dateFields, timeFields, timestampFields, epochDay, floorDiv, floorMod, unitToMillis } from './civil-time.js';
import { zoneOf, localToUtc, UTC_ZONE, type Zone } from './time-zones.js';

const CAT = 'DATE / TIME';

/** Runs `f`, wrapping a failure in ksqlDB's message: `Failed to parse date '<text>' with formatter '<pattern>': <why>`. */
function wrap<T>(what: string, subject: string, pattern: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new SqlError(`Failed to ${what} ${subject} with formatter '${pattern}': ${msg}`, 'statement', { cause: e });
  }
}

const quoted = (s: string): string => `'${s}'`;

const formatDate = (days: number, pattern: string): string => wrap('format date', String(days), pattern, () => formatWith(pattern, { date: dateFields(days) }));
const formatTime = (ms: number, pattern: string): string => wrap('format time', String(ms), pattern, () => formatWith(pattern, { time: timeFields(ms) }));
const formatTimestamp = (ms: number, pattern: string, zone: Zone = UTC_ZONE): string =>
  wrap('format timestamp', String(ms), pattern, () => formatWith(pattern, timestampFields(ms, zone)));

/** The first date field Java's ChronoField order reports for a TIME pattern that has one. */
function dateFieldOf(p: ParsedFields): string | null {
  const year = p.year ?? p.yearOfEra ?? p.twoDigitYear;
  if (year !== undefined && p.month !== undefined && p.day !== undefined) return 'DayOfWeek';
  if (p.day !== undefined) return 'DayOfMonth';
  if (p.dayOfYear !== undefined) return 'DayOfYear';
  if (p.month !== undefined) return 'MonthOfYear';
  return year === undefined ? null : 'Year';
}

function hasTimeField(p: ParsedFields): boolean {
  return [p.ms, p.milliOfDay, p.second, p.minute, p.hour12, p.hour, p.pm].some((v) => v !== undefined);
}

function parseDate(text: string, pattern: string, strict = false): number {
  return wrap('parse date', quoted(text), pattern, () => {
    const p = parseWith(pattern, text);
    if (strict && hasTimeField(p)) throw new SqlError('Date format contains time field.');
    const l = resolveLocal(p);
    return epochDay(l.year, l.month, l.day);
  });
}

function parseTime(text: string, pattern: string): number {
  return wrap('parse time', quoted(text), pattern, () => {
    const p = parseWith(pattern, text);
    const extra = dateFieldOf(p);
    if (extra !== null) throw new SqlError(`Unsupported field: ${extra}`);
    return resolveLocal(p).msOfDay;
  });
}

/** A parsed zone or offset wins over the `zone` argument, as Java's ZonedDateTime resolution. */
function instantOf(p: ParsedFields, zone: Zone): number {
  const l = resolveLocal(p);
  const localMs = epochDay(l.year, l.month, l.day) * MS_PER_DAY + l.msOfDay;
  if (p.offsetMinutes !== undefined) return localMs - p.offsetMinutes * 60_000;
  return localToUtc(localMs, p.zone ?? zone);
}

function parseTimestamp(text: string, pattern: string, zone: Zone = UTC_ZONE): number {
  return wrap('parse timestamp', quoted(text), pattern, () => instantOf(parseWith(pattern, text), zone));
}

function convertTz(ts: number, from: string, to: string): number {
  return ts + (zoneOf(to).offsetAtMinutes(ts) - zoneOf(from).offsetAtMinutes(ts)) * 60_000;
}

/** DATEADD: ksqlDB adds the unit's milliseconds and truncates to whole days toward zero. */
function dateAdd(sign: 1 | -1) {
  return (unit: string, n: number, days: number): number => Math.trunc((days * MS_PER_DAY + sign * unitToMillis(unit, n)) / MS_PER_DAY) || 0;
}

const timeAdd = (sign: 1 | -1) => (unit: string, n: number, ms: number): number => floorMod(ms + sign * unitToMillis(unit, n), MS_PER_DAY);
const timestampAdd = (sign: 1 | -1) => (unit: string, n: number | bigint, ts: number): number => ts + sign * unitToMillis(unit, Number(n));

export function datetimeFunctions(nowMs: () => number): FunctionFactory<'SCALAR'>[] {
  return [
    scalar('unix_date', CAT, 'The current date, or the given one, as days since 1970-01-01.', [
      sig('INTEGER', [], () => floorDiv(nowMs(), MS_PER_DAY)),
      sig('INTEGER', ['DATE'], (d: number) => d),
    ]),
    scalar('unix_timestamp', CAT, 'The current time, or the given timestamp, as milliseconds since the epoch.', [
      sig('BIGINT', [], () => BigInt(nowMs())),
      sig('BIGINT', ['TIMESTAMP'], (t: number) => BigInt(t)),
    ]),
    scalar('from_unixtime', CAT, 'Milliseconds since the epoch as a TIMESTAMP.', [sig('TIMESTAMP', ['BIGINT'], (ms: bigint) => Number(ms))]),
    scalar('from_days', CAT, 'Days since the epoch as a DATE.', [sig('DATE', ['INTEGER'], (d: number) => d)]),
    scalar('dateadd', CAT, 'Adds a duration to a DATE.', [sig('DATE', ['STRING', 'INTEGER', 'DATE'], dateAdd(1))]),
    scalar('datesub', CAT, 'Subtracts a duration from a DATE.', [sig('DATE', ['STRING', 'INTEGER', 'DATE'], dateAdd(-1))]),
    scalar('timeadd', CAT, 'Adds a duration to a TIME (wrapping around midnight).', [sig('TIME', ['STRING', 'INTEGER', 'TIME'], timeAdd(1))]),
    scalar('timesub', CAT, 'Subtracts a duration from a TIME (wrapping around midnight).', [sig('TIME', ['STRING', 'INTEGER', 'TIME'], timeAdd(-1))]),
    scalar('timestampadd', CAT, 'Adds a duration to a TIMESTAMP.', [sig('TIMESTAMP', ['STRING', 'BIGINT', 'TIMESTAMP'], timestampAdd(1))]),
    scalar('timestampsub', CAT, 'Subtracts a duration from a TIMESTAMP.', [sig('TIMESTAMP', ['STRING', 'BIGINT', 'TIMESTAMP'], timestampAdd(-1))]),
    scalar('format_date', CAT, 'Formats a DATE with a java.time pattern.', [sig('STRING', ['DATE', 'STRING'], formatDate)]),
    scalar('format_time', CAT, 'Formats a TIME with a java.time pattern.', [sig('STRING', ['TIME', 'STRING'], formatTime)]),
    scalar('format_timestamp', CAT, 'Formats a TIMESTAMP with a java.time pattern, in UTC or the given time zone.', [
      sig('STRING', ['TIMESTAMP', 'STRING'], (t: number, p: string) => formatTimestamp(t, p)),
      sig('STRING', ['TIMESTAMP', 'STRING', 'STRING'], (t: number, p: string, z: string) => formatTimestamp(t, p, zoneOf(z))),
    ]),
    scalar('parse_date', CAT, 'Parses a DATE with a java.time pattern.', [sig('DATE', ['STRING', 'STRING'], (t: string, p: string) => parseDate(t, p, true))]),
    scalar('parse_time', CAT, 'Parses a TIME with a java.time pattern.', [sig('TIME', ['STRING', 'STRING'], parseTime)]),
    scalar('parse_timestamp', CAT, 'Parses a TIMESTAMP with a java.time pattern, in UTC or the given time zone.', [
      sig('TIMESTAMP', ['STRING', 'STRING'], (s: string, p: string) => parseTimestamp(s, p)),
      sig('TIMESTAMP', ['STRING', 'STRING', 'STRING'], (s: string, p: string, z: string) => parseTimestamp(s, p, zoneOf(z))),
    ]),
    scalar('timestamptostring', CAT, 'Formats epoch milliseconds (BIGINT) with a java.time pattern, in UTC or the given time zone.', [
      sig('STRING', ['BIGINT', 'STRING'], (t: bigint, p: string) => formatTimestamp(Number(t), p)),
      sig('STRING', ['BIGINT', 'STRING', 'STRING'], (t: bigint, p: string, z: string) => formatTimestamp(Number(t), p, zoneOf(z))),
    ]),
    scalar('stringtotimestamp', CAT, 'Parses text to epoch milliseconds (BIGINT) with a java.time pattern, in UTC or the given time zone.', [
      sig('BIGINT', ['STRING', 'STRING'], (s: string, p: string) => BigInt(parseTimestamp(s, p))),
      sig('BIGINT', ['STRING', 'STRING', 'STRING'], (s: string, p: string, z: string) => BigInt(parseTimestamp(s, p, zoneOf(z)))),
    ]),
    scalar('datetostring', CAT, 'Formats days since the epoch (INTEGER) with a java.time pattern.', [
      sig('STRING', ['INTEGER', 'STRING'], formatDate),
    ]),
    scalar('stringtodate', CAT, 'Parses text to days since the epoch (INTEGER) with a java.time pattern.', [
      sig('INTEGER', ['STRING', 'STRING'], (t: string, p: string) => parseDate(t, p)),
    ]),
    scalar('convert_tz', CAT, 'Shifts a TIMESTAMP from one time zone\'s wall clock to another\'s.', [
      sig('TIMESTAMP', ['TIMESTAMP', 'STRING', 'STRING'], convertTz),
    ]),
  ];
}
