/**
 * The read half of the Kafka wire primitives (../shared/kafka-protocol/README.md, "Primitive
 * encodings"): a position over one Buffer that the generated decoders advance field by field.
 *
 * Every read names the field it reads (a constant path such as `FetchRequest.topics[].topicId`),
 * so a short or malformed frame fails with a FjordError saying which field and which byte,
 * instead of a RangeError from deep inside Buffer. Every declared length and count is checked
 * against the bytes that remain before anything is allocated: a hostile 2 GiB length costs nothing.
 */
import { FjordError } from '../errors.js';

/** The error code a reader throws: INVALID_REQUEST on the broker side, CORRUPT_MESSAGE on the client side. */
export type WireErrorCode = 'INVALID_REQUEST' | 'CORRUPT_MESSAGE';

/** Bytes of a uuid on the wire. */
export const UUID_BYTES = 16;

/** Reads Kafka primitives from `buf`, starting at `pos`; `pos` is public so callers can hand over positions. */
export class WireReader {
  /** The next byte to read, counted from the start of `buf`. */
  pos: number;
  /** One past the last readable byte. */
  readonly end: number;
  /** Over `buf`, made on first use: DataView's int64 load is ~3x faster than Buffer.readBigInt64BE. */
  private dataView: DataView | undefined;

  /**
   * @param buf the bytes to read (usually one frame, without its int32 size prefix)
   * @param pos where to start
   * @param errorCode what malformed input is reported as
   */
  constructor(
    readonly buf: Buffer,
    pos = 0,
    readonly errorCode: WireErrorCode = 'CORRUPT_MESSAGE',
  ) {
    this.pos = pos;
    this.end = buf.length;
  }

  /** Bytes left after `pos`. */
  remaining(): number {
    return this.end - this.pos;
  }

  /** A FjordError of this reader's code naming `field` and the current position. */
  fail(field: string, problem: string, at = this.pos): FjordError {
    return new FjordError(this.errorCode, `${field}: ${problem} at byte ${at}`);
  }

  /** Checks that `bytes` more bytes exist and returns the position they start at. */
  private take(field: string, bytes: number, kind: string): number {
    const at = this.pos;
    if (this.end - at < bytes) {
      throw this.fail(field, `${kind} needs ${bytes} bytes but only ${this.end - at} remain`);
    }
    this.pos = at + bytes;
    return at;
  }

  /** A signed 8-bit integer. */
  int8(field: string): number {
    const at = this.take(field, 1, 'int8');
    const b = this.buf[at];
    return (b << 24) >> 24;
  }

  /** Kafka's bool: one byte, anything non-zero is true (as Java's readByte() != 0). */
  bool(field: string): boolean {
    return this.buf[this.take(field, 1, 'bool')] !== 0;
  }

  /** A signed 16-bit big-endian integer. */
  int16(field: string): number {
    const at = this.take(field, 2, 'int16');
    return (((this.buf[at] << 8) | this.buf[at + 1]) << 16) >> 16;
  }

  /** An unsigned 16-bit big-endian integer. */
  uint16(field: string): number {
    const at = this.take(field, 2, 'uint16');
    return (this.buf[at] << 8) | this.buf[at + 1];
  }

  /** A signed 32-bit big-endian integer. */
  int32(field: string): number {
    const at = this.take(field, 4, 'int32');
    const b = this.buf;
    return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
  }

  /** An unsigned 32-bit big-endian integer. */
  uint32(field: string): number {
    return this.int32(field) >>> 0;
  }

  /** A signed 64-bit big-endian integer. */
  int64(field: string): bigint {
    const at = this.take(field, 8, 'int64');
    this.dataView ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.dataView.getBigInt64(at);
  }

  /** An IEEE 754 double, big-endian. */
  float64(field: string): number {
    return this.buf.readDoubleBE(this.take(field, 8, 'float64'));
  }

  /** A uuid as a 16-byte copy: ids are kept in long-lived maps and must not pin the whole frame. */
  uuid(field: string): Buffer {
    const at = this.take(field, UUID_BYTES, 'uuid');
    return Buffer.from(this.buf.subarray(at, at + UUID_BYTES));
  }

  /** An unsigned varint of at most 32 bits (5 bytes). */
  uvarint(field: string): number {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    // Counts, lengths and tag headers are almost always below 128: one byte, no loop.
    if (start < end && buf[start] < 0x80) {
      this.pos = start + 1;
      return buf[start];
    }
    let pos = start;
    let result = 0;
    // Four groups fit in 28 bits, so plain bit operations stay positive.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw this.fail(field, 'varint runs past the end of the buffer', pos);
      const b = buf[pos++];
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
    }
    if (pos >= end) throw this.fail(field, 'varint runs past the end of the buffer', pos);
    const last = buf[pos++];
    // The fifth group holds the top 4 bits; more means a sixth byte or a value above 2^32-1.
    if (last > 0x0f) throw this.fail(field, 'varint is longer than 5 bytes or above 2^32-1', start);
    this.pos = pos;
    return result + last * 2 ** 28;
  }

  /**
   * The length of a string, bytes or records field, or -1 for null: an int16 (strings) or
   * int32 prefix in classic versions, an unsigned varint of length + 1 in compact ones.
   * A length beyond the remaining bytes fails here, before anything is allocated.
   */
  private length(field: string, compact: boolean, wide: boolean): number {
    const at = this.pos;
    let n: number;
    if (compact) n = this.uvarint(field) - 1;
    else n = wide ? this.int32(field) : this.int16(field);
    if (n < -1) throw this.fail(field, `invalid length ${n}`, at);
    if (n > this.end - this.pos) {
      throw this.fail(field, `declared length ${n} exceeds the ${this.end - this.pos} remaining bytes`, at);
    }
    return n;
  }

  private nonNull(field: string, n: number, at: number): number {
    if (n < 0) throw this.fail(field, 'null in a field that is not nullable in this version', at);
    return n;
  }

  private utf8(n: number): string {
    const at = this.pos;
    this.pos = at + n;
    return n === 0 ? '' : this.buf.toString('utf8', at, at + n);
  }

  /** A non-null string: classic (int16 length) or compact (varint length + 1). */
  string(field: string, compact: boolean): string {
    const at = this.pos;
    return this.utf8(this.nonNull(field, this.length(field, compact, false), at));
  }

  /** A string that may be null (length -1, or 0 in compact form). */
  nullableString(field: string, compact: boolean): string | null {
    const n = this.length(field, compact, false);
    return n < 0 ? null : this.utf8(n);
  }

  private copy(n: number): Buffer {
    const at = this.pos;
    this.pos = at + n;
    return Buffer.from(this.buf.subarray(at, at + n));
  }

  private view(n: number): Buffer {
    const at = this.pos;
    this.pos = at + n;
    return this.buf.subarray(at, at + n);
  }

  /** Non-null bytes as a copy: small values (group metadata, SASL tokens) outlive the frame. */
  bytes(field: string, compact: boolean): Buffer {
    const at = this.pos;
    return this.copy(this.nonNull(field, this.length(field, compact, true), at));
  }

  /** Bytes that may be null, as a copy. */
  nullableBytes(field: string, compact: boolean): Buffer | null {
    const n = this.length(field, compact, true);
    return n < 0 ? null : this.copy(n);
  }

  /**
   * Non-null records as a view into the frame, never a copy: record batches are the bulk of
   * Produce and Fetch and go to the log or the consumer unchanged.
   */
  records(field: string, compact: boolean): Buffer {
    const at = this.pos;
    return this.view(this.nonNull(field, this.length(field, compact, true), at));
  }

  /** Records that may be null, as a view into the frame. */
  nullableRecords(field: string, compact: boolean): Buffer | null {
    const n = this.length(field, compact, true);
    return n < 0 ? null : this.view(n);
  }

  /**
   * An array count, or -1 for a null array: int32 in classic versions, unsigned varint of
   * count + 1 in compact ones. Every element takes at least one byte, so a count above the
   * remaining bytes is rejected before the caller allocates anything (as Kafka does).
   */
  nullableArrayCount(field: string, compact: boolean): number {
    const at = this.pos;
    const n = compact ? this.uvarint(field) - 1 : this.int32(field);
    if (n < -1) throw this.fail(field, `invalid array count ${n}`, at);
    if (n > this.end - this.pos) {
      throw this.fail(field, `array count ${n} exceeds the ${this.end - this.pos} remaining bytes`, at);
    }
    return n;
  }

  /** An array count where null is not allowed in this version. */
  arrayCount(field: string, compact: boolean): number {
    const at = this.pos;
    return this.nonNull(field, this.nullableArrayCount(field, compact), at);
  }

  /** The marker byte of a nullable struct: false for null (-1), true for present (1). */
  structPresent(field: string): boolean {
    return this.int8(field) >= 0;
  }

  /**
   * Reads one tagged field's size and returns the position its value ends at; the caller reads
   * the value (or skips to the end) and then calls `endTaggedField`.
   */
  taggedFieldEnd(field: string): number {
    const at = this.pos;
    const size = this.uvarint(field);
    if (size > this.end - this.pos) {
      throw this.fail(field, `tagged field size ${size} exceeds the ${this.end - this.pos} remaining bytes`, at);
    }
    return this.pos + size;
  }

  /** Checks that a known tagged field's value used exactly the size it declared. */
  endTaggedField(field: string, end: number): void {
    if (this.pos !== end) throw this.fail(field, `tagged field value ends at byte ${this.pos}, its size says ${end}`);
  }

  /** Moves to `end`: how unknown tagged fields are skipped. */
  skipTo(end: number): void {
    this.pos = end;
  }

  /** Reads a whole tagged-field section in which no tag is known, skipping every field. */
  skipTaggedFields(field: string): void {
    const count = this.uvarint(field);
    for (let i = 0; i < count; i++) {
      this.uvarint(field);
      this.pos = this.taggedFieldEnd(field);
    }
  }
}
