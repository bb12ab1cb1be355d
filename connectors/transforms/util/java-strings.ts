/**
 * Java's text forms of values, where Fjord must print what Kafka prints (Cast to STRING):
 * Double.toString / Float.toString (`1.0`, `1.0E7`), and Connect's ISO forms of Date, Time
 * and Timestamp (Kafka's Values.dateFormatFor).
 */
import { DATE_NAME, TIME_NAME } from '../../api/data/logical-types.js';
import type { Schema } from '../../api/types.js';

/** Java's Double.toString (or Float.toString when `float32`). */
export function javaFloatToString(x: number, float32 = false): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const digits = float32 ? shortestFloat32(x) : String(x);
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = digits.includes('e') ? Number(digits).toFixed(20).replace(/0+$/, '') : digits;
    return plain.includes('.') ? plain.replace(/\.$/, '.0') : `${plain}.0`;
  }
  const [mantissa, exp] = Number(digits).toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

/** The shortest decimal that reads back as the same float32 (what Java's Float.toString prints). */
function shortestFloat32(x: number): string {
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO text of a Date/Time/Timestamp value as Kafka's Values prints logical types. */
export function logicalDateToString(schema: Schema | null, d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
  if (schema?.name === DATE_NAME) return date;
  if (schema?.name === TIME_NAME) return time;
  return `${date}T${time}`;
}
