/**
 * Reader and writer for Kafka's classic (non-flexible) encodings, as used by the consumer
 * protocol's opaque bytes and by the records of `__consumer_offsets`: big-endian integers,
 * int16-length strings (-1 = null), int32-length bytes (-1 = null), int32-count arrays.
 * Small on purpose: the generated codecs will take this over once they cover these schemas.
 */
import { FjordError } from '../errors.js';

/** Reads classic encodings from a buffer; every read past the end throws CORRUPT_MESSAGE. */
export class ClassicReader {
  private pos = 0;

  /** `what` names the structure being decoded, so an error says which record was bad. */
  constructor(
    private readonly buf: Buffer,
    private readonly what: string,
  ) {}

  /** Bytes not read yet. */
  remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(bytes: number, field: string): number {
    if (bytes < 0 || this.pos + bytes > this.buf.length) {
      throw new FjordError(
        'CORRUPT_MESSAGE',
        `${this.what}: ${field} needs ${bytes} bytes at byte ${this.pos} of ${this.buf.length}`,
      );
    }
    const at = this.pos;
    this.pos += bytes;
    return at;
  }

  int16(field: string): number {
    return this.buf.readInt16BE(this.need(2, field));
  }

  int32(field: string): number {
    return this.buf.readInt32BE(this.need(4, field));
  }

  int64(field: string): bigint {
    return this.buf.readBigInt64BE(this.need(8, field));
  }

  nullableString(field: string): string | null {
    const length = this.int16(field);
    if (length === -1) return null;
    if (length < -1) this.fail(`${field} has length ${length}`);
    const at = this.need(length, field);
    return this.buf.toString('utf8', at, at + length);
  }

  string(field: string): string {
    const value = this.nullableString(field);
    if (value === null) this.fail(`${field} is null but not nullable`);
    return value;
  }

  nullableBytes(field: string): Buffer | null {
    const length = this.int32(field);
    if (length === -1) return null;
    if (length < -1) this.fail(`${field} has length ${length}`);
    const at = this.need(length, field);
    // A copy, so a decoded value does not pin (or alias) the whole record buffer.
    return Buffer.from(this.buf.subarray(at, at + length));
  }

  bytes(field: string): Buffer {
    const value = this.nullableBytes(field);
    if (value === null) this.fail(`${field} is null but not nullable`);
    return value;
  }

  /** Reads an int32 count, then that many items; the count is checked against the bytes left. */
  array<T>(field: string, itemBytesMin: number, readItem: () => T): T[] {
    const count = this.int32(field);
    if (count < 0) this.fail(`${field} has count ${count}`);
    // Every item takes at least itemBytesMin bytes, so a corrupt count cannot make us loop long.
    if (count * itemBytesMin > this.remaining()) this.fail(`${field} count ${count} exceeds the bytes left`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem());
    return items;
  }

  fail(detail: string): never {
    throw new FjordError('CORRUPT_MESSAGE', `${this.what}: ${detail}`);
  }
}

/** Collects classic encodings; `toBuffer()` concatenates them once at the end. */
export class ClassicWriter {
  private readonly parts: Buffer[] = [];

  int16(value: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeInt16BE(value);
    this.parts.push(b);
    return this;
  }

  int32(value: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeInt32BE(value);
    this.parts.push(b);
    return this;
  }

  int64(value: bigint): this {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(value);
    this.parts.push(b);
    return this;
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0x7fff) throw new FjordError('INVALID_ARGUMENT', `string of ${bytes.length} bytes is too long for an int16 length`);
    this.int16(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    this.parts.push(value);
    return this;
  }

  array<T>(items: readonly T[], writeItem: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(item);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
