/**
 * The Postgres source's offsets, in the Confluent JDBC source's shape: `{incrementing}`,
 * `{timestamp, timestamp_nanos}` or all three. Timestamps are tracked internally in microseconds
 * since the epoch (Postgres's precision), stored as milliseconds plus the nanoseconds of the second
 * as Confluent does. Pure.
 */
import { FjordError } from '../../../../core/errors.js';

export const INCREMENTING_FIELD = 'incrementing';
export const TIMESTAMP_FIELD = 'timestamp';
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos';

/** Where a table's reading stands. `incrementing` is a number, or a decimal string past 2^53. */
export interface SourcePosition {
  timestampUs: number | null;
  incrementing: number | string | null;
}

export function positionToOffset(p: SourcePosition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.incrementing !== null) out[INCREMENTING_FIELD] = p.incrementing;
  if (p.timestampUs !== null) {
    const seconds = Math.floor(p.timestampUs / 1_000_000);
    const micros = p.timestampUs - seconds * 1_000_000;
    out[TIMESTAMP_FIELD] = seconds * 1000 + Math.floor(micros / 1000);
    out[TIMESTAMP_NANOS_FIELD] = micros * 1000;
  }
  return out;
}

export function offsetToPosition(offset: Record<string, unknown> | null, where: string): SourcePosition {
  if (offset === null) return { timestampUs: null, incrementing: null };
  const inc = offset[INCREMENTING_FIELD];
  const ms = offset[TIMESTAMP_FIELD];
  const nanos = offset[TIMESTAMP_NANOS_FIELD] ?? 0;
  let incrementing: number | string | null = null;
  if (inc !== undefined && inc !== null) {
    if (!((typeof inc === 'number' && Number.isSafeInteger(inc)) || (typeof inc === 'string' && /^-?\d+$/.test(inc)))) {
      throw new FjordError('INVALID_ARGUMENT', `${where}: stored offset has an invalid "${INCREMENTING_FIELD}": ${String(inc)}`);
    }
    incrementing = inc;
  }
  let timestampUs: number | null = null;
  if (ms !== undefined && ms !== null) {
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || typeof nanos !== 'number') {
      throw new FjordError('INVALID_ARGUMENT', `${where}: stored offset has an invalid "${TIMESTAMP_FIELD}"/"${TIMESTAMP_NANOS_FIELD}": ${String(ms)}/${String(nanos)}`);
    }
    timestampUs = Math.floor(ms / 1000) * 1_000_000 + Math.floor(nanos / 1000);
  }
  return { timestampUs, incrementing };
}

/** Microseconds since the epoch as an ISO-8601 UTC text Postgres reads exactly, e.g. `2024-01-01T00:00:00.000001Z`. */
export function microsToIso(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const micros = us - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}
