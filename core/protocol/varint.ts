/**
 * Variable-length integers of the Kafka protocol: unsigned varints (compact lengths, tagged
 * fields) and zigzag-signed varints/varlongs (every length and delta inside a record).
 * Layout: ../shared/kafka-protocol/README.md, "Primitive encodings".
 *
 * Reads advance a `Cursor`; writes take a position and return the position after the bytes
 * written, as Node's own `Buffer.write*` methods do. Both sides run on the record hot paths, so
 * the common one-byte case is tested first and nothing is allocated.
 */
import { FjordError } from '../errors.js';

/** A read position inside a buffer, advanced by every read. */
export interface Cursor {
  pos: number;
}

/** Most bytes an int32 varint can take (5 × 7 bits ≥ 32). */
export const VARINT_BYTES_MAX = 5;
/** Most bytes an int64 varlong can take (10 × 7 bits ≥ 64). */
export const VARLONG_BYTES_MAX = 10;

// Unsigned varlongs from here up go through the bigint code: beyond 2^53 a double cannot hold
// every integer, and rounding is monotonic, so a computed value below this bound is exact.
const UNSIGNED_NUMBER_MAX = 2 ** 53;

function pastEnd(pos: number, kind: string): FjordError {
  return new FjordError('CORRUPT_MESSAGE', `${kind} runs past the end of the buffer at byte ${pos}`);
}

function tooLong(start: number, kind: string, bytesMax: number): FjordError {
  return new FjordError('CORRUPT_MESSAGE', `${kind} at byte ${start} is longer than ${bytesMax} bytes`);
}

/** Reads an unsigned varint of at most 32 bits. */
export function readUnsignedVarint(buf: Uint8Array, cur: Cursor): number {
  const start = cur.pos;
  const end = buf.length;
  if (start >= end) throw pastEnd(start, 'varint');
  let b = buf[start];
  if (b < 0x80) {
    cur.pos = start + 1;
    return b;
  }
  let result = b & 0x7f;
  let pos = start + 1;
  let shift = 7;
  do {
    if (shift > 28) throw tooLong(start, 'varint', VARINT_BYTES_MAX);
    if (pos >= end) throw pastEnd(pos, 'varint');
    b = buf[pos++];
    // At shift 28 only the low 4 bits fit in 32; like Kafka, the rest are dropped.
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  cur.pos = pos;
  return result >>> 0;
}

/** Reads a zigzag-encoded signed varint (int32). */
export function readVarint(buf: Uint8Array, cur: Cursor): number {
  const u = readUnsignedVarint(buf, cur);
  return (u >>> 1) ^ -(u & 1);
}

/** Reads an unsigned varlong of at most 64 bits as a bigint. */
export function readUnsignedVarlong(buf: Uint8Array, cur: Cursor): bigint {
  const start = cur.pos;
  const end = buf.length;
  let pos = start;
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < VARLONG_BYTES_MAX; i++) {
    if (pos >= end) throw pastEnd(pos, 'varlong');
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) {
      cur.pos = pos;
      return BigInt.asUintN(64, result);
    }
    shift += 7n;
  }
  throw tooLong(start, 'varlong', VARLONG_BYTES_MAX);
}

/** Reads a zigzag-encoded signed varlong (int64) as a bigint. */
export function readVarlong(buf: Uint8Array, cur: Cursor): bigint {
  const u = readUnsignedVarlong(buf, cur);
  return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
}

/**
 * Reads a zigzag-encoded signed varlong as a number: the fast path for timestamp deltas, which
 * are almost always small. Throws CORRUPT_MESSAGE if the value is not a safe integer.
 */
export function readVarlongNumber(buf: Uint8Array, cur: Cursor): number {
  const start = cur.pos;
  const end = buf.length;
  if (start >= end) throw pastEnd(start, 'varlong');
  let b = buf[start];
  if (b < 0x80) {
    cur.pos = start + 1;
    return (b >>> 1) ^ -(b & 1);
  }
  let u = b & 0x7f;
  let scale = 0x80;
  let pos = start + 1;
  do {
    if (pos >= end) throw pastEnd(pos, 'varlong');
    b = buf[pos++];
    u += (b & 0x7f) * scale;
    scale *= 0x80;
  } while (b & 0x80 && scale <= UNSIGNED_NUMBER_MAX);
  if (b & 0x80 || u >= UNSIGNED_NUMBER_MAX) return readVarlongNumberSlow(buf, cur, start);
  cur.pos = pos;
  // Zigzag with division, not bit operators: those would cut u to 32 bits.
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

function readVarlongNumberSlow(buf: Uint8Array, cur: Cursor, start: number): number {
  cur.pos = start;
  const value = readVarlong(buf, cur);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new FjordError('CORRUPT_MESSAGE', `varlong ${value} at byte ${start} is not a safe integer`);
  }
  return n;
}

/** Writes an unsigned varint (0..2^32-1) at `pos`; returns the position after it. */
export function writeUnsignedVarint(buf: Uint8Array, value: number, pos: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/** Writes a zigzag-encoded signed varint (int32) at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, value: number, pos: number): number {
  const u = (value << 1) ^ (value >> 31);
  if ((u & ~0x7f) === 0) {
    buf[pos] = u;
    return pos + 1;
  }
  // Two bytes: the length of a record of up to 8 KiB and of its key and value.
  if ((u & ~0x3fff) === 0) {
    buf[pos] = (u & 0x7f) | 0x80;
    buf[pos + 1] = u >>> 7;
    return pos + 2;
  }
  return writeUnsignedVarint(buf, u, pos);
}

/** Writes an unsigned varlong (0..2^64-1) at `pos`; returns the position after it. */
export function writeUnsignedVarlong(buf: Uint8Array, value: bigint, pos: number): number {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    buf[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  buf[pos++] = Number(v);
  return pos;
}

/** Writes a zigzag-encoded signed varlong (int64) at `pos`; returns the position after it. */
export function writeVarlong(buf: Uint8Array, value: bigint, pos: number): number {
  const v = BigInt.asIntN(64, value);
  return writeUnsignedVarlong(buf, (v << 1n) ^ (v >> 63n), pos);
}

/**
 * Writes a zigzag-encoded signed varlong given as a safe integer; returns the position after it.
 * The fast path for timestamp deltas: small values never touch bigint.
 */
export function writeVarlongNumber(buf: Uint8Array, value: number, pos: number): number {
  if (value >= -0x40000000 && value < 0x40000000) {
    return writeUnsignedVarint(buf, (value << 1) ^ (value >> 31), pos);
  }
  return writeVarlong(buf, BigInt(value), pos);
}

/** Bytes an unsigned varint of `value` (0..2^32-1) takes. */
export function sizeOfUnsignedVarint(value: number): number {
  const v = value >>> 0;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/** Bytes a zigzag-encoded signed varint (int32) of `value` takes. */
export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
}

/** Bytes a zigzag-encoded signed varlong of `value` takes (bigint or safe integer). */
export function sizeOfVarlong(value: bigint | number): number {
  if (typeof value === 'number' && value >= -0x40000000 && value < 0x40000000) {
    return sizeOfVarint(value);
  }
  const v = BigInt.asIntN(64, BigInt(value));
  let u = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
  let bytes = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    bytes++;
  }
  return bytes;
}
