/**
 * DATE / TIME / TIMESTAMP text forms as ksqlDB reads (and, through sql/types/render.ts, prints) them (UTC): dates
 * `yyyy-MM-dd`, times `HH:mm[:ss]` (read with an optional fraction), timestamps `yyyy-MM-dd'T'HH:mm:ss.SSS`. Timestamp text
 * may be partial (`2020-01`, `2020-01-01T10`) and may end in a zone (`Z`, `+01:00`, `-0130`).
 */

export const MS_PER_DAY = 86_400_000;

// Printing is shared with the formats (sql/types/render.ts): one rendering of each type.
export { formatDate, formatTime, formatTimestamp } from '../types/render.js';

const TIMESTAMP_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Parses timestamp text to epoch milliseconds; null when it is not a timestamp. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  let t = date.getTime();
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    t -= (zone[0] === '-' ? -1 : 1) * offsetMin * 60_000;
  }
  return t;
}

/** Parses `yyyy-MM-dd` (or a partial `yyyy-MM`, `yyyy`) to days since the epoch; null when it is not a date. */
export function parseDate(text: string): number | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  if (!validDate(y, mo, d)) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** Parses `HH:mm[:ss[.fff]]` to milliseconds since midnight; null when it is not a time. */
export function parseTime(text: string): number | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0').slice(0, 3));
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** Days since the epoch of the day containing `ms` (UTC). */
export function timestampToDate(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Milliseconds since midnight (UTC) of `ms`. */
export function timestampToTime(ms: number): number {
  return ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}
