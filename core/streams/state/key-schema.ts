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

export const TIMESTAMP_BYTES = 8;
/** Larger than any timestamp: all 0xff. */
export const TIME_MAX_BYTES = Buffer.alloc(TIMESTAMP_BYTES, 0xff);

export function timeBytes(ms: number): Buffer {
  assert(Number.isSafeInteger(ms) && ms >= 0, `timestamp must be a non-negative safe integer, got ${ms}`);
  const out = Buffer.allocUnsafe(TIMESTAMP_BYTES);
  out.writeBigUInt64BE(BigInt(ms));
  return out;
}

export function readTime(buf: Buffer, offset: number): number {
  return Number(buf.readBigUInt64BE(offset));
}

/** `key | windowStart(8)`: the changelog key of a window. */
export function windowKey(key: Buffer, windowStartMs: number): Buffer {
  return Buffer.concat([key, timeBytes(windowStartMs)]);
}

export function parseWindowKey(composite: Buffer): { key: Buffer; windowStartMs: number } {
  assert(composite.length >= TIMESTAMP_BYTES, 'window key shorter than its timestamp');
  const keyEnd = composite.length - TIMESTAMP_BYTES;
  return { key: composite.subarray(0, keyEnd), windowStartMs: readTime(composite, keyEnd) };
}

/** `segmentId(8) | key | windowStart(8)`: the storage key of a window. */
export function segmentedWindowKey(segmentId: number, key: Buffer, windowStartMs: number): Buffer {
  return Buffer.concat([timeBytes(segmentId), key, timeBytes(windowStartMs)]);
}

export function parseSegmentedWindowKey(stored: Buffer): { key: Buffer; windowStartMs: number } {
  return parseWindowKey(stored.subarray(TIMESTAMP_BYTES));
}

/** `key | end(8) | start(8)`: the storage and changelog key of a session. */
export function sessionKeyBytes(key: Buffer, endMs: number, startMs: number): Buffer {
  return Buffer.concat([key, timeBytes(endMs), timeBytes(startMs)]);
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
