/**
 * How a sink writes a record value as text: strings as they are, bytes as UTF-8, numbers, booleans
 * and bigints in decimal, null as `null`, structs/maps/arrays as JSON (bigints as JSON numbers).
 * Dates (Connect's Timestamp) as ISO-8601 text. Kafka's FileStreamSink prints Java's toString();
 * JSON is the readable equivalent for plain objects.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return toJson(value);
}

/** JSON.stringify that writes bigints as plain JSON numbers and bytes as base64 strings. */
export function toJson(value: unknown): string {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${marker}${v.toString()}`;
    if (v instanceof Map) return Object.fromEntries(v);
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('base64');
    }
    return v;
  });
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
