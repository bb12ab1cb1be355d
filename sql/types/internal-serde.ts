/**
 * The engine's own encoding for state stores and internal (repartition / changelog) topics: any SQL
 * runtime value or aggregate accumulator round-trips exactly, in a compact tagged binary form.
 *
 * Encoding: one tag byte, then the payload (big-endian):
 * | tag | value                    | payload                                               |
 * |-----|--------------------------|-------------------------------------------------------|
 * | 0   | null                     | -                                                     |
 * | 1/2 | false / true             | -                                                     |
 * | 3   | number, 32-bit integer   | int32                                                 |
 * | 4   | other number (NaN, -0..) | float64                                               |
 * | 5   | bigint within 64 bits    | int64                                                 |
 * | 6   | larger bigint            | string payload of its decimal text                    |
 * | 7   | string                   | uint32 byte length, UTF-8                             |
 * | 8   | Buffer                   | uint32 length, bytes                                  |
 * | 9   | Decimal                  | int32 scale, then the unscaled value as a tagged bigint |
 * | 10  | array                    | uint32 count, values                                  |
 * | 11  | Map                      | uint32 count, key, value, key, value...               |
 * | 12  | plain object             | uint32 count, (string payload key, value)...          |
 * | 13  | undefined                | - (only inside accumulators; SQL values never hold it) |
 *
 * `groupKey(value)` is a separate canonical *text* form for hash grouping: equal strings iff equal
 * values (numbers by value with -0 distinct from 0 and NaN equal to NaN, as Java's boxed equality).
 */
import { serdeError, serializeError, type Serde } from '../../core/streams/serdes/serde.js';
import { Decimal } from './decimal.js';
import { TextBytes } from '../formats/text-bytes.js';
import { writeSafeInt64BE } from '../../core/protocol/int64.js';

const T_NULL = 0, T_FALSE = 1, T_TRUE = 2, T_INT32 = 3, T_FLOAT64 = 4, T_INT64 = 5, T_BIGINT = 6, T_STRING = 7;
const T_BYTES = 8, T_DECIMAL = 9, T_ARRAY = 10, T_MAP = 11, T_OBJECT = 12, T_UNDEFINED = 13;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Nesting deeper than this is refused on both sides (a cycle would otherwise recurse forever). */
export const INTERNAL_DEPTH_MAX = 256;
const SERDE_NAME = 'Internal';

/** The internal encoding's writer: TextBytes (growable, reused, copied out) plus binary fields. */
class Writer extends TextBytes {
  constructor() {
    super(256);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  uint32(n: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(n, this.pos);
    this.pos += 4;
  }

  int32(n: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(n, this.pos);
    this.pos += 4;
  }

  float64(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(n, this.pos);
    this.pos += 8;
  }

  int64(n: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(n, this.pos);
    this.pos += 8;
  }

  /** A 4-byte length, then the UTF-8 bytes. */
  string(s: string): void {
    this.ensure(4);
    const lengthAt = this.pos;
    this.pos += 4;
    const n = this.text(s);
    this.buf.writeUInt32BE(n, lengthAt);
  }

  /** A safe integer as a 64-bit big-endian two's complement, in two 32-bit halves (writeBigInt64BE costs several times more). */
  int64Safe(n: number): void {
    this.ensure(8);
    writeSafeInt64BE(this.buf, this.pos, n);
    this.pos += 8;
  }
}

const shared = new Writer();

/** Encodes a value (see the table in the file header). Throws for values it cannot represent. */
export function encodeInternal(value: unknown): Buffer {
  const w = shared;
  w.reset();
  writeValue(w, value, 0);
  return w.toBuffer();
}

function writeValue(w: Writer, v: unknown, depth: number): void {
  if (depth > INTERNAL_DEPTH_MAX) throw new RangeError(`value nested deeper than ${INTERNAL_DEPTH_MAX}`);
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) {
        w.byte(T_INT32);
        w.int32(v);
      } else {
        w.byte(T_FLOAT64);
        w.float64(v);
      }
      return;
    case 'string':
      w.byte(T_STRING);
      w.string(v);
      return;
    case 'boolean':
      w.byte(v ? T_TRUE : T_FALSE);
      return;
    case 'bigint':
      writeBigint(w, v);
      return;
    case 'undefined':
      w.byte(T_UNDEFINED);
      return;
    case 'object':
      writeObject(w, v, depth);
      return;
    default:
      throw new TypeError(`cannot encode a ${typeof v}`);
  }
}

function writeBigint(w: Writer, v: bigint): void {
  const n = Number(v);
  if (Number.isSafeInteger(n)) {
    // Exactly v: a bigint beyond 2^53 never converts to a safe integer.
    w.byte(T_INT64);
    w.int64Safe(n);
  } else if (v >= INT64_MIN && v <= INT64_MAX) {
    w.byte(T_INT64);
    w.int64(v);
  } else {
    w.byte(T_BIGINT);
    w.string(v.toString());
  }
}

function writeObject(w: Writer, v: object | null, depth: number): void {
  if (v === null) {
    w.byte(T_NULL);
  } else if (Array.isArray(v)) {
    w.byte(T_ARRAY);
    w.uint32(v.length);
    for (let i = 0; i < v.length; i++) writeValue(w, v[i], depth + 1);
  } else if (v instanceof Decimal) {
    w.byte(T_DECIMAL);
    w.int32(v.scale);
    writeBigint(w, v.unscaled);
  } else if (Buffer.isBuffer(v)) {
    w.byte(T_BYTES);
    w.uint32(v.length);
    w.bytes(v);
  } else if (v instanceof Map) {
    w.byte(T_MAP);
    w.uint32(v.size);
    for (const [k, x] of v) {
      writeValue(w, k, depth + 1);
      writeValue(w, x, depth + 1);
    }
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`cannot encode an instance of ${v.constructor?.name ?? 'a class'}`);
    const keys = Object.keys(v);
    w.byte(T_OBJECT);
    w.uint32(keys.length);
    for (const k of keys) {
      w.string(k);
      writeValue(w, (v as Record<string, unknown>)[k], depth + 1);
    }
  }
}

/** Reads what `encodeInternal` wrote. Throws `RangeError` / `TypeError` for malformed bytes. */
export function decodeInternal(data: Buffer): unknown {
  const r = { buf: data, pos: 0 };
  const v = readValue(r, 0);
  if (r.pos !== data.length) throw new RangeError(`${data.length - r.pos} bytes left after the value`);
  return v;
}

interface Reader {
  buf: Buffer;
  pos: number;
}

function need(r: Reader, n: number): void {
  if (r.pos + n > r.buf.length) throw new RangeError(`truncated at byte ${r.pos}: need ${n} more`);
}

function readUint32(r: Reader): number {
  need(r, 4);
  const n = r.buf.readUInt32BE(r.pos);
  r.pos += 4;
  return n;
}

function readString(r: Reader): string {
  const n = readUint32(r);
  need(r, n);
  const s = r.buf.toString('utf8', r.pos, r.pos + n);
  r.pos += n;
  return s;
}

function readValue(r: Reader, depth: number): unknown {
  if (depth > INTERNAL_DEPTH_MAX) throw new RangeError(`value nested deeper than ${INTERNAL_DEPTH_MAX}`);
  need(r, 1);
  const tag = r.buf[r.pos++]!;
  switch (tag) {
    case T_NULL: return null;
    case T_FALSE: return false;
    case T_TRUE: return true;
    case T_UNDEFINED: return undefined;
    case T_INT32: need(r, 4); r.pos += 4; return r.buf.readInt32BE(r.pos - 4);
    case T_FLOAT64: need(r, 8); r.pos += 8; return r.buf.readDoubleBE(r.pos - 8);
    case T_INT64: need(r, 8); r.pos += 8; return r.buf.readBigInt64BE(r.pos - 8);
    case T_BIGINT: return BigInt(readString(r));
    case T_STRING: return readString(r);
    case T_BYTES: {
      const n = readUint32(r);
      need(r, n);
      r.pos += n;
      return Buffer.from(r.buf.subarray(r.pos - n, r.pos));
    }
    case T_DECIMAL: {
      need(r, 4);
      const scale = r.buf.readInt32BE(r.pos);
      r.pos += 4;
      const unscaled = readValue(r, depth + 1);
      if (typeof unscaled !== 'bigint') throw new TypeError('decimal without an integer unscaled value');
      return new Decimal(unscaled, scale);
    }
    case T_ARRAY: return readArray(r, depth);
    case T_MAP: {
      const n = readUint32(r);
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) {
        const k = readValue(r, depth + 1);
        m.set(k, readValue(r, depth + 1));
      }
      return m;
    }
    case T_OBJECT: {
      const n = readUint32(r);
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = readString(r);
        o[k] = readValue(r, depth + 1);
      }
      return o;
    }
    default: throw new TypeError(`unknown tag ${tag} at byte ${r.pos - 1}`);
  }
}

function readArray(r: Reader, depth: number): unknown[] {
  const n = readUint32(r);
  // Each element takes at least one byte: a count beyond the remaining bytes is corrupt.
  need(r, n);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = readValue(r, depth + 1);
  return out;
}

/** The serde for state stores and internal topics over `encodeInternal` / `decodeInternal`. */
export const internalSerde: Serde<unknown> = {
  name: SERDE_NAME,
  serialize(topic: string, value: unknown): Buffer | null {
    if (value === null || value === undefined) return null;
    try {
      return encodeInternal(value);
    } catch (e) {
      throw serializeError(SERDE_NAME, topic, (e as Error).message, e);
    }
  },
  deserialize(topic: string, data: Buffer | null): unknown {
    if (data === null) return null;
    try {
      return decodeInternal(data);
    } catch (e) {
      throw serdeError(SERDE_NAME, topic, (e as Error).message, e);
    }
  },
};

/**
 * A canonical string for a value: equal strings iff equal values. For hash grouping on keys that
 * hold bigint / Decimal / Buffer / Map / struct values, where `===` or JS Map keys would not do.
 * Decimals compare by unscaled value and scale (`1.50` ≠ `1.5`; a column's values share a scale).
 */
export function groupKey(value: unknown): string {
  switch (typeof value) {
    case 'string': return 's' + value.length + ':' + value;
    case 'number': return 'n' + (Object.is(value, -0) ? '-0' : String(value)) + ';';
    case 'bigint': return 'i' + value.toString() + ';';
    case 'boolean': return value ? 'T' : 'F';
    case 'undefined': return 'U';
    default: {
      const parts: string[] = [];
      groupKeyParts(value, parts, 0);
      return parts.join('');
    }
  }
}

function groupKeyParts(v: unknown, out: string[], depth: number): void {
  if (depth > INTERNAL_DEPTH_MAX) throw new RangeError(`value nested deeper than ${INTERNAL_DEPTH_MAX}`);
  if (v === null) out.push('N');
  else if (typeof v !== 'object') out.push(groupKey(v));
  else if (Array.isArray(v)) {
    out.push('a' + v.length + ':');
    for (const x of v) groupKeyParts(x, out, depth + 1);
  } else if (v instanceof Decimal) out.push('d' + v.scale + ':' + v.unscaled.toString() + ';');
  else if (Buffer.isBuffer(v)) out.push('x' + v.toString('hex') + ';');
  else if (v instanceof Map) {
    out.push('m' + v.size + ':');
    for (const [k, x] of v) {
      groupKeyParts(k, out, depth + 1);
      groupKeyParts(x, out, depth + 1);
    }
  } else {
    const keys = Object.keys(v);
    out.push('o' + keys.length + ':');
    for (const k of keys) {
      out.push(groupKey(k));
      groupKeyParts((v as Record<string, unknown>)[k], out, depth + 1);
    }
  }
}

/** `groupKey` of a row of key columns (the columns positionally, as the formats carry them). */
export function rowGroupKey(values: readonly unknown[]): string {
  if (values.length === 1) return groupKey(values[0]);
  return groupKey(values as unknown[]);
}
