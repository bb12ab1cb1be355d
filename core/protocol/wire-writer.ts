/**
 * The write half of the Kafka wire primitives (../shared/kafka-protocol/README.md, "Primitive
 * encodings"), used by the generated encoders.
 *
 * Output is a list of chunks rather than one growing buffer: when the current buffer is full a
 * new one is started (nothing already written is copied again), and a large bytes/records value
 * is not copied at all but becomes a chunk of its own. A Produce request or a Fetch response is
 * mostly record batches, so encoding one costs a few hundred bytes of copying plus the batches'
 * references; `chunks()` hands the pieces to a vectored socket write, `toBuffer()` joins them
 * with one copy when a single Buffer is needed.
 *
 * A value written as its own chunk is referenced, not copied: the caller must not change it until
 * the chunks have been sent.
 */
import { FjordError } from '../errors.js';
import { UUID_BYTES } from './wire-reader.js';

/** bytes/records values up to this size are copied into the current buffer; larger ones become their own chunk. */
export const COPY_BYTES_MAX = 4096;
/** Most bytes a Kafka string may take in UTF-8: its classic length prefix is an int16 (Kafka checks this in every version). */
export const STRING_BYTES_MAX = 0x7fff;
/** Largest buffer the writer allocates for itself when it grows (big values go in as their own chunks). */
const BUFFER_BYTES_MAX = 1 << 20;

/** Writes Kafka primitives into a list of chunks. */
export class WireWriter {
  private buf: Buffer;
  /** Over `buf`: DataView's int64 store is ~10x faster than Buffer.writeBigInt64BE. */
  private view: DataView;
  private pos = 0;
  /** Start of the bytes in `buf` not yet moved to `done`. */
  private segmentStart = 0;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;

  /** @param initialBytes size of the first buffer; later ones double up to 1 MiB */
  constructor(initialBytes = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialBytes));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.doneBytes + this.pos - this.segmentStart;
  }

  private ensure(bytes: number): void {
    if (this.buf.length - this.pos >= bytes) return;
    this.closeSegment();
    const size = Math.max(bytes, Math.min(this.buf.length * 2, BUFFER_BYTES_MAX));
    this.buf = Buffer.allocUnsafe(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = 0;
    this.segmentStart = 0;
  }

  private closeSegment(): void {
    if (this.pos === this.segmentStart) return;
    this.done.push(this.buf.subarray(this.segmentStart, this.pos));
    this.doneBytes += this.pos - this.segmentStart;
    this.segmentStart = this.pos;
  }

  /** A signed 8-bit integer (Buffer's range check applies, as for every fixed-width write). */
  int8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }

  /** Kafka's bool: one byte, 1 or 0. */
  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** A signed 16-bit big-endian integer. */
  int16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }

  /** An unsigned 16-bit big-endian integer. */
  uint16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }

  /** A signed 32-bit big-endian integer. */
  int32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  /** An unsigned 32-bit big-endian integer. */
  uint32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }

  /** A signed 64-bit big-endian integer (wrapped to 64 bits like BigInt.asIntN). */
  int64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v);
    this.pos += 8;
  }

  /** An IEEE 754 double, big-endian. */
  float64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  /** A uuid: exactly 16 raw bytes. */
  uuid(v: Buffer): void {
    if (v.length !== UUID_BYTES) throw new FjordError('INVALID_ARGUMENT', `a uuid must be 16 bytes, got ${v.length}`);
    this.ensure(UUID_BYTES);
    this.pos += v.copy(this.buf, this.pos);
  }

  /** An unsigned varint (0..2^32-1). */
  uvarint(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    let rest = v >>> 0;
    while (rest >= 0x80) {
      buf[pos++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    buf[pos++] = rest;
    this.pos = pos;
  }

  /**
   * A non-null string: int16 length (classic) or varint length + 1 (compact), then UTF-8.
   * Short strings are written straight into the buffer and their prefix filled in afterwards,
   * which saves measuring them first: every UTF-16 unit takes at most 3 bytes of UTF-8.
   */
  string(v: string, compact: boolean): void {
    const unitsMax = v.length * 3;
    if (compact && unitsMax < 0x80) {
      this.ensure(1 + unitsMax);
      const bytes = this.buf.write(v, this.pos + 1, 'utf8');
      this.buf[this.pos] = bytes + 1;
      this.pos += 1 + bytes;
      return;
    }
    if (!compact && unitsMax <= STRING_BYTES_MAX) {
      this.ensure(2 + unitsMax);
      const bytes = this.buf.write(v, this.pos + 2, 'utf8');
      this.buf.writeInt16BE(bytes, this.pos);
      this.pos += 2 + bytes;
      return;
    }
    const bytes = Buffer.byteLength(v, 'utf8');
    if (bytes > STRING_BYTES_MAX) {
      throw new FjordError('INVALID_ARGUMENT', `a string of ${bytes} UTF-8 bytes exceeds the protocol's ${STRING_BYTES_MAX}`);
    }
    if (compact) this.uvarint(bytes + 1);
    else this.int16(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(v, this.pos, 'utf8');
  }

  /** A string or null (classic length -1, compact 0). */
  nullableString(v: string | null, compact: boolean): void {
    if (v !== null) this.string(v, compact);
    else if (compact) this.uvarint(0);
    else this.int16(-1);
  }

  /** Non-null bytes (also records): int32 length (classic) or varint length + 1 (compact), then the bytes. */
  bytes(v: Buffer, compact: boolean): void {
    if (compact) this.uvarint(v.length + 1);
    else this.int32(v.length);
    this.raw(v);
  }

  /** Bytes or null (classic length -1, compact 0). */
  nullableBytes(v: Buffer | null, compact: boolean): void {
    if (v !== null) this.bytes(v, compact);
    else if (compact) this.uvarint(0);
    else this.int32(-1);
  }

  /** An array count, -1 meaning null: int32 (classic) or varint count + 1 (compact). */
  arrayCount(count: number, compact: boolean): void {
    if (compact) this.uvarint(count + 1);
    else this.int32(count);
  }

  /** The marker byte in front of a nullable struct: 1 present, -1 null. */
  structMarker(present: boolean): void {
    this.int8(present ? 1 : -1);
  }

  /** One tagged field: its tag, its size, then the bytes `value` holds. */
  taggedField(tag: number, value: WireWriter): void {
    this.uvarint(tag);
    this.uvarint(value.length);
    for (const chunk of value.chunks()) this.raw(chunk);
  }

  /** Appends bytes with no prefix: copied if small, referenced as a chunk of its own if large. */
  raw(v: Buffer): void {
    if (v.length > COPY_BYTES_MAX) {
      this.closeSegment();
      this.done.push(v);
      this.doneBytes += v.length;
      return;
    }
    this.ensure(v.length);
    this.pos += v.copy(this.buf, this.pos);
  }

  /** Overwrites the int32 written earlier at byte `at` (counted from the first byte written): size prefixes. */
  patchInt32(at: number, v: number): void {
    let base = 0;
    for (const chunk of this.done) {
      if (at < base + chunk.length) {
        chunk.writeInt32BE(v, at - base);
        return;
      }
      base += chunk.length;
    }
    this.buf.writeInt32BE(v, this.segmentStart + at - base);
  }

  /** The bytes written so far as chunks in order; no byte is copied. The writer stays usable. */
  chunks(): Buffer[] {
    this.closeSegment();
    return this.done.slice();
  }

  /** The bytes written so far as one Buffer (one copy when there is more than one chunk). */
  toBuffer(): Buffer {
    this.closeSegment();
    if (this.done.length === 1) return this.done[0];
    return Buffer.concat(this.done, this.doneBytes);
  }
}

/** True if `v` is the all-zero uuid, Kafka's default (and "no id") value. */
export function isZeroUuid(v: Buffer): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
