/**
 * Kafka Connect's logical types and how their JavaScript values map to the physical ones.
 *  - Decimal (bytes, parameter `scale`): the value is a decimal *string* such as "-12.30"
 *    (JavaScript has no BigDecimal; a string is exact and JSON-safe). Numbers and bigints are
 *    accepted on the way in. Physically: the unscaled value as big-endian two's complement bytes,
 *    the shortest form (Java's BigInteger.toByteArray).
 *  - Date (int32 days since the epoch), Time (int32 ms since midnight), Timestamp (int64 ms since
 *    the epoch): the value is a JavaScript Date (UTC), as java.util.Date is in Kafka.
 */
import { DataException } from '../errors.js';
import type { Schema } from '../types.js';

/** Logical type name of Decimal (bytes + scale parameter). */
export const DECIMAL_NAME = 'org.apache.kafka.connect.data.Decimal';
/** Logical type name of Date (int32 days). */
export const DATE_NAME = 'org.apache.kafka.connect.data.Date';
/** Logical type name of Time (int32 ms of the day). */
export const TIME_NAME = 'org.apache.kafka.connect.data.Time';
/** Logical type name of Timestamp (int64 ms since the epoch). */
export const TIMESTAMP_NAME = 'org.apache.kafka.connect.data.Timestamp';
/** The Decimal schema parameter holding the scale. */
export const DECIMAL_SCALE = 'scale';

const MS_PER_DAY = 86_400_000;

/** A Decimal schema with this scale. */
export function decimalSchema(scale: number, optional = false): Schema {
  return { type: 'bytes', name: DECIMAL_NAME, version: 1, parameters: { [DECIMAL_SCALE]: String(scale) }, optional };
}
/** A Date schema. */
export function dateSchema(optional = false): Schema {
  return { type: 'int32', name: DATE_NAME, version: 1, optional };
}
/** A Time schema. */
export function timeSchema(optional = false): Schema {
  return { type: 'int32', name: TIME_NAME, version: 1, optional };
}
/** A Timestamp schema. */
export function timestampSchema(optional = false): Schema {
  return { type: 'int64', name: TIMESTAMP_NAME, version: 1, optional };
}

/** The scale parameter of a Decimal schema. */
export function decimalScale(schema: Schema): number {
  const raw = schema.parameters?.[DECIMAL_SCALE];
  const scale = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(scale)) throw new DataException(`Invalid Decimal schema: missing or bad scale parameter (${raw})`);
  return scale;
}

/**
 * The unscaled integer of a decimal at `scale`. Digits beyond the scale must be zeros (Kafka
 * refuses any scale mismatch; Fjord pads or trims zeros, and refuses only a loss of digits).
 */
export function decimalToUnscaled(value: unknown, scale: number): bigint {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'bigint') text = value.toString();
  else throw new DataException(`Decimal value must be a decimal string, number or bigint, got ${describe(value)}`);
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new DataException(`Not a decimal number: '${text}'`);
  const [, sign, intPart, fracPart = '', expText = '0'] = m;
  // value = digits * 10^(exp - fracPart.length); want unscaled = value * 10^scale.
  const digits = BigInt(intPart + fracPart || '0');
  const shift = Number(expText) - fracPart.length + scale;
  let unscaled: bigint;
  if (shift >= 0) unscaled = digits * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) throw new DataException(`Decimal value ${text} has more digits than the schema's scale ${scale}`);
    unscaled = digits / divisor;
  }
  return sign === '-' ? -unscaled : unscaled;
}

/** The decimal string of an unscaled integer at `scale` (exactly `scale` fraction digits). */
export function unscaledToDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-scale);
  digits = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Java BigInteger.toByteArray: shortest big-endian two's complement. */
export function bigintToTwosComplement(n: bigint): Buffer {
  const bytes: number[] = [];
  let v = n;
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    // Done once the rest is pure sign extension and this byte's top bit agrees with the sign.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(bytes);
}

/** Java `new BigInteger(bytes)`: big-endian two's complement. */
export function twosComplementToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** Date → days since the epoch; the time of day must be midnight UTC (as Kafka requires). */
export function dateToDays(value: unknown): number {
  const ms = dateMs(value, 'Date');
  if (ms % MS_PER_DAY !== 0) throw new DataException('Kafka Connect Date type should not have any time fields set to non-zero values.');
  return ms / MS_PER_DAY;
}

/** Date → ms since midnight; the date must be 1970-01-01 (as Kafka requires). */
export function timeToMs(value: unknown): number {
  const ms = dateMs(value, 'Time');
  if (ms < 0 || ms >= MS_PER_DAY) throw new DataException('Kafka Connect Time type should not have any date fields set to non-zero values.');
  return ms;
}

/** Date → ms since the epoch. */
export function timestampToMs(value: unknown): number {
  return dateMs(value, 'Timestamp');
}

/** Days since the epoch → Date (midnight UTC). */
export function daysToDate(days: number): Date {
  return new Date(days * MS_PER_DAY);
}

function dateMs(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DataException(`Kafka Connect ${what} type must be a valid JavaScript Date, got ${describe(value)}`);
  }
  return value.getTime();
}

/** Short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (value instanceof Date) return 'Date';
  if (value instanceof Map) return 'Map';
  return typeof value;
}
