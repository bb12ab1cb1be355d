/**
 * Java ZoneId semantics over Intl: region ids (`America/Los_Angeles`), `UTC` / `GMT` / `Z`, and
 * fixed offsets (`+02:00`, `+0200`, `+2`, `UTC+2`, `GMT-05:30`).
 */
import { SqlError } from '../../errors.js';

export interface Zone {
  readonly id: string;
  /** Offset from UTC in minutes at the instant `utcMs`. */
  offsetAtMinutes(utcMs: number): number;
}

const MS_PER_MINUTE = 60_000;

function fixed(id: string, minutes: number): Zone {
  return { id, offsetAtMinutes: () => minutes };
}

/** `+02:00`, `+0200`, `+02`, `+2`, `-05:30` → minutes; null when not an offset. */
export function parseOffsetMinutes(text: string): number | null {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text);
  if (m === null) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 18 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

const regionCache = new Map<string, Zone>();

function region(id: string): Zone | null {
  const cached = regionCache.get(id);
  if (cached !== undefined) return cached;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return null;
  }
  const zone: Zone = {
    id,
    offsetAtMinutes(utcMs: number): number {
      const parts: Record<string, number> = {};
      for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
      const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
      const whole = utcMs - (((utcMs % 1000) + 1000) % 1000);
      return Math.round((local - whole) / MS_PER_MINUTE);
    },
  };
  regionCache.set(id, zone);
  return zone;
}

/** Resolves a zone id as Java's ZoneId.of, or throws ksqlDB's error. */
export function zoneOf(id: string): Zone {
  const t = id.trim();
  if (t === 'Z' || t === 'UTC' || t === 'GMT' || t === 'UT') return fixed(t, 0);
  // Java normalizes offset ids: `+0530` is `+05:30`, `+00:00` is `Z`, `UTC+2` is `UTC+02:00`.
  const off = parseOffsetMinutes(t);
  if (off !== null) return fixed(off === 0 ? 'Z' : formatOffset(off, true), off);
  const prefixed = /^(UTC|GMT|UT)([+-].*)$/.exec(t);
  if (prefixed !== null) {
    const o = parseOffsetMinutes(prefixed[2]!);
    if (o !== null) return fixed(o === 0 ? prefixed[1]! : prefixed[1]! + formatOffset(o, true), o);
  }
  const r = region(t);
  if (r === null) throw new SqlError(`Unknown time-zone ID: ${id}`);
  return r;
}

export const UTC_ZONE: Zone = fixed('UTC', 0);

/** Local wall-clock milliseconds (as if UTC) → the instant, preferring the earlier offset in overlaps as Java does. */
export function localToUtc(localMs: number, zone: Zone): number {
  const guess = localMs - zone.offsetAtMinutes(localMs) * MS_PER_MINUTE;
  const off = zone.offsetAtMinutes(guess);
  const second = localMs - off * MS_PER_MINUTE;
  // In a gap the wall time does not exist: Java shifts it forward by the gap's length.
  return zone.offsetAtMinutes(second) === off ? Math.min(guess, second) : guess;
}

/** `+02:00`-style text of an offset in minutes. */
export function formatOffset(minutes: number, colon: boolean, withMinutes = true): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  const hh = String(Math.trunc(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return withMinutes ? `${sign}${hh}${colon ? ':' : ''}${mm}` : `${sign}${hh}`;
}

/** Java's short names for zones no English Intl locale abbreviates. */
const SHORT_NAMES: Record<string, string> = {
  'Asia/Tokyo': 'JST', 'Asia/Shanghai': 'CST', 'Asia/Hong_Kong': 'HKT', 'Asia/Singapore': 'SGT', 'America/Sao_Paulo': 'BRT',
};

/** English locales whose Intl data carry the abbreviations Java prints (PDT, BST, CEST, AEST, IST). */
const NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

/** The zone's short display name at an instant (`PDT`, `BST`, `UTC`), as `z` prints. */
export function shortZoneName(zone: Zone, utcMs: number): string {
  const off = zone.offsetAtMinutes(utcMs);
  if (zone.id === 'UTC' || zone.id === 'Z' || zone.id === 'GMT' || zone.id === 'UT') return zone.id;
  if (regionCache.has(zone.id)) {
    for (const locale of NAME_LOCALES) {
      const name = new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: 'short' })
        .formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value;
      if (name !== undefined && !/^GMT[+-]/.test(name)) return name;
    }
    const known = SHORT_NAMES[zone.id];
    if (known !== undefined) return known;
    return off === 0 ? 'GMT' : `GMT${formatOffset(off, true)}`;
  }
  return zone.id;
}
