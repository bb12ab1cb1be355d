/**
 * Byte layouts that make range scans correct. Timestamps are non-negative and written as 8-byte
 * big-endian integers, so unsigned byte order equals time order.
 *
 * - Window store: `segmentId(8) | key | windowStart(8)` in LevelDB (the segment prefix lets a
 *   whole expired segment be dropped with one range delete); `key | windowStart(8)` on the
 *   changelog (Kafka's WindowKeySchema idea, without the sequence number).
 * - Session store: `key | end(8) | start(8)`, so the sessions of a key that end at or after a
 *   time are one contiguous scan.
 *
 * Keys have variable length, so a scan for key `k` can also meet a longer key that starts with
 * `k`; readers decode the fixed-size suffix and compare the key exactly.
 */
import { assert } from '../../errors.js';
import { writeSafeInt64BE } from '../../protocol/int64.js';

export const TIMESTAMP_BYTES = 8;
/** Larger than any timestamp: all 0xff. */
export const TIME_MAX_BYTES = Buffer.alloc(TIMESTAMP_BYTES, 0xff);

const TWO_POW_32 = 2 ** 32;

/** Writes a non-negative safe integer as 8 bytes big-endian at `offset` (two 32-bit halves: no BigInt on the hot path). */
export function writeTime(out: Buffer, offset: number, ms: number): void {
  if (!(ms >= 0 && Number.isSafeInteger(ms))) assert(false, `timestamp must be a non-negative safe integer, got ${ms}`);
  writeSafeInt64BE(out, offset, ms);
}

export function timeBytes(ms: number): Buffer {
  const out = Buffer.allocUnsafe(TIMESTAMP_BYTES);
  writeTime(out, 0, ms);
  return out;
}

export function readTime(buf: Buffer, offset: number): number {
  return buf.readUInt32BE(offset) * TWO_POW_32 + buf.readUInt32BE(offset + 4);
}

/** `key | windowStart(8)`: the changelog key of a window. */
export function windowKey(key: Buffer, windowStartMs: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + TIMESTAMP_BYTES);
  key.copy(out, 0);
  writeTime(out, key.length, windowStartMs);
  return out;
}

export function parseWindowKey(composite: Buffer): { key: Buffer; windowStartMs: number } {
  assert(composite.length >= TIMESTAMP_BYTES, 'window key shorter than its timestamp');
  const keyEnd = composite.length - TIMESTAMP_BYTES;
  return { key: composite.subarray(0, keyEnd), windowStartMs: readTime(composite, keyEnd) };
}

/** `segmentId(8) | key | windowStart(8)`: the storage key of a window. */
export function segmentedWindowKey(segmentId: number, key: Buffer, windowStartMs: number): Buffer {
  const out = Buffer.allocUnsafe(TIMESTAMP_BYTES + key.length + TIMESTAMP_BYTES);
  writeTime(out, 0, segmentId);
  key.copy(out, TIMESTAMP_BYTES);
  writeTime(out, TIMESTAMP_BYTES + key.length, windowStartMs);
  return out;
}

export function parseSegmentedWindowKey(stored: Buffer): { key: Buffer; windowStartMs: number } {
  return parseWindowKey(stored.subarray(TIMESTAMP_BYTES));
}

/** `key | end(8) | start(8)`: the storage and changelog key of a session. */
export function sessionKeyBytes(key: Buffer, endMs: number, startMs: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 2 * TIMESTAMP_BYTES);
  key.copy(out, 0);
  writeTime(out, key.length, endMs);
  writeTime(out, key.length + TIMESTAMP_BYTES, startMs);
  return out;
}

export function parseSessionKey(composite: Buffer): { key: Buffer; startMs: number; endMs: number } {
  assert(composite.length >= 2 * TIMESTAMP_BYTES, 'session key shorter than its timestamps');
  const keyEnd = composite.length - 2 * TIMESTAMP_BYTES;
  return {
    key: composite.subarray(0, keyEnd),
    endMs: readTime(composite, keyEnd),
    startMs: readTime(composite, keyEnd + TIMESTAMP_BYTES),
  };
}
