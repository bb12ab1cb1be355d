/** Calendar arithmetic on ksqlDB's temporal values (DATE days, TIME ms of day, TIMESTAMP epoch ms). */
import { SqlError } from '../../errors.js';
import type { FormatFields } from '../datetime-format.js';
import type { Zone } from './time-zones.js';

export const MS_PER_DAY = 86_400_000;

export const floorDiv = (a: number, b: number): number => Math.floor(a / b);
export const floorMod = (a: number, b: number): number => ((a % b) + b) % b;

/** Date fields of an epoch day. */
export function dateFields(days: number): NonNullable<FormatFields['date']> {
  const d = new Date(days * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const dayOfYear = days - Math.round(Date.UTC(year, 0, 1) / MS_PER_DAY) + 1;
  // 1970-01-01 was a Thursday (ISO day 4).
  const dayOfWeek = floorMod(days + 3, 7) + 1;
  return { year, month: d.getUTCMonth() + 1, day: d.getUTCDate(), dayOfYear, dayOfWeek };
}

export function timeFields(msOfDay: number): NonNullable<FormatFields['time']> {
  return {
    hour: Math.trunc(msOfDay / 3_600_000),
    minute: Math.trunc(msOfDay / 60_000) % 60,
    second: Math.trunc(msOfDay / 1000) % 60,
    ms: msOfDay % 1000,
  };
}

/** Everything a TIMESTAMP shows in `zone`. */
export function timestampFields(utcMs: number, zone: Zone): FormatFields {
  const offsetMinutes = zone.offsetAtMinutes(utcMs);
  const local = utcMs + offsetMinutes * 60_000;
  return {
    date: dateFields(floorDiv(local, MS_PER_DAY)),
    time: timeFields(floorMod(local, MS_PER_DAY)),
    zone: { zone, utcMs, offsetMinutes },
  };
}

export function epochDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** Java TimeUnit names (the compiler passes the IntervalUnit's name); singular forms accepted. */
const UNIT_MS: Record<string, number> = {
  NANOSECONDS: 1e-6, MICROSECONDS: 1e-3, MILLISECONDS: 1, SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: MS_PER_DAY,
};

/** `unit.toMillis(n)` as Java's TimeUnit: sub-millisecond units truncate toward zero. */
export function unitToMillis(unit: string, n: number): number {
  const u = unit.toUpperCase();
  const factor = UNIT_MS[u] ?? UNIT_MS[u + 'S'];
  if (factor === undefined) throw new SqlError(`Unknown time unit: ${unit}`);
  return factor < 1 ? Math.trunc(n * factor) : n * factor;
}
