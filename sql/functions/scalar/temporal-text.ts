/** ksqlDB's implicit casts of STRING to DATE / TIME / TIMESTAMP (ISO-8601 text), used in function resolution. */
import { SqlError } from '../../errors.js';
import { epochDay, MS_PER_DAY } from './civil-time.js';
import { parseOffsetMinutes } from './time-zones.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function bad(kind: string, text: string): never {
  throw new SqlError(`Failed to parse ${kind} '${text}'`);
}

export function dateFromText(text: string): number {
  const m = DATE_RE.exec(text.trim());
  if (m === null) bad('date', text);
  return epochDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function timeFromText(text: string): number {
  const m = TIME_RE.exec(text.trim());
  if (m === null) bad('time', text);
  const frac = (m[4] ?? '').padEnd(3, '0').slice(0, 3);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || min > 59 || s > 59) bad('time', text);
  return ((h * 60 + min) * 60 + s) * 1000 + Number(frac);
}

/** `2021-03-04T12:00:00.000[Z|+02:00]` (also with a space for the T); the time part is optional. */
export function timestampFromText(text: string): number {
  const t = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(t);
  if (m === null) bad('timestamp', text);
  const local = dateFromText(m[1]!) * MS_PER_DAY + (m[2] === undefined ? 0 : timeFromText(m[2]));
  const off = m[3] === undefined || m[3] === 'Z' ? 0 : parseOffsetMinutes(m[3]);
  if (off === null) bad('timestamp', text);
  return local - off * 60_000;
}
