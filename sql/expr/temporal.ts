/**
 * DATE / TIME / TIMESTAMP text forms as ksqlDB reads and prints them (UTC): dates
 * `yyyy-MM-dd`, times `HH:mm[:ss]` (read with an optional fraction), timestamps `yyyy-MM-dd'T'HH:mm:ss.SSS`. Timestamp text
 * may be partial (`2020-01`, `2020-01-01T10`) and may end in a zone (`Z`, `+01:00`, `-0130`).
 */

export const MS_PER_DAY = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function yearText(y: number): string {
  return y < 0 ? '-' + pad(-y, 4) : y > 9999 ? '+' + String(y) : pad(y, 4);
}

export function formatDate(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return `${yearText(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/**
 * ksqlDB's SqlTimeTypes.formatTime: `LocalTime.ofSecondOfDay(ms / 1000).toString()`, so
 * milliseconds are dropped and zero seconds are omitted (`10:00`, `01:02:03`).
 */
export function formatTime(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor(secs / 60) % 60;
  const s = secs % 60;
  return `${pad(h, 2)}:${pad(m, 2)}${s === 0 ? '' : ':' + pad(s, 2)}`;
}

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${yearText(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

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
