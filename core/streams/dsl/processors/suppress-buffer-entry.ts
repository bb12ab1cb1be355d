/**
 * What the suppress buffer keeps per key, and its byte layout in the suppress store (so the
 * buffer survives restarts through the store and its changelog). The store's timestamp holds the
 * latest update's record timestamp; the entry holds the rest:
 *
 *   version(1) = 1 | flags(1): bit 0 prior present, bit 1 new present | emitAtMs (int64 BE)
 *   | [prior: length(uint32 BE) bytes] | [new: length(uint32 BE) bytes]
 *   | header count (uint32 BE) | per header: key length (uint32) utf-8 key, value length
 *     (uint32, 0xFFFFFFFF = null) value bytes
 */
import type { RecordHeader } from '../../../protocol/record-batch.js';
import type { Serde } from '../../serdes/serde.js';
import { serdeError } from '../../serdes/serde.js';

/** One buffered key. */
export interface SuppressBufferEntry<V> {
  /** The stream time at which the entry is emitted: window close, or first update + time limit. */
  readonly emitAtMs: number;
  /** The value before the first buffered update (what downstream last saw): the emitted oldValue. */
  readonly priorValue: V | null;
  /** The latest value (null = tombstone). */
  readonly newValue: V | null;
  /** Headers of the latest update, forwarded with the emitted record. */
  readonly headers: readonly RecordHeader[];
}

const VERSION = 1;
const HAS_PRIOR = 1;
const HAS_NEW = 2;
const NULL_LENGTH = 0xffffffff;

/** The serde of buffer entries, wrapping the table's value serde. */
export function suppressBufferEntrySerde<V>(inner: Serde<V>): Serde<SuppressBufferEntry<V>> {
  const name = `SuppressBuffer<${inner.name}>`;
  return {
    name,
    serialize(topic, entry) {
      if (entry === null) return null;
      const prior = entry.priorValue === null ? null : inner.serialize(topic, entry.priorValue);
      const next = entry.newValue === null ? null : inner.serialize(topic, entry.newValue);
      const parts: Buffer[] = [];
      const head = Buffer.alloc(10);
      head.writeUInt8(VERSION, 0);
      head.writeUInt8((prior === null ? 0 : HAS_PRIOR) | (next === null ? 0 : HAS_NEW), 1);
      head.writeBigInt64BE(BigInt(entry.emitAtMs), 2);
      parts.push(head);
      for (const bytes of [prior, next]) if (bytes !== null) parts.push(uint32(bytes.length), bytes);
      parts.push(uint32(entry.headers.length));
      for (const h of entry.headers) {
        const key = Buffer.from(h.key, 'utf8');
        parts.push(uint32(key.length), key, uint32(h.value === null ? NULL_LENGTH : h.value.length));
        if (h.value !== null) parts.push(h.value);
      }
      return Buffer.concat(parts);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      const reader = new Reader(name, topic, data);
      const version = reader.byte();
      if (version !== VERSION) throw serdeError(name, topic, `unknown buffer entry version ${version}, expected ${VERSION}`);
      const flags = reader.byte();
      const emitAtMs = reader.int64();
      const priorValue = (flags & HAS_PRIOR) === 0 ? null : inner.deserialize(topic, reader.bytes(reader.uint32()));
      const newValue = (flags & HAS_NEW) === 0 ? null : inner.deserialize(topic, reader.bytes(reader.uint32()));
      const headers: RecordHeader[] = [];
      for (let n = reader.uint32(); n > 0; n--) {
        const key = reader.bytes(reader.uint32()).toString('utf8');
        const length = reader.uint32();
        headers.push({ key, value: length === NULL_LENGTH ? null : Buffer.from(reader.bytes(length)) });
      }
      reader.end();
      return { emitAtMs, priorValue, newValue, headers };
    },
  };
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** Bounds-checked reads that fail with a serde error naming what was short. */
class Reader {
  private offset = 0;
  constructor(private readonly serdeName: string, private readonly topic: string, private readonly data: Buffer) {}
  private need(n: number): void {
    if (this.offset + n > this.data.length) {
      throw serdeError(this.serdeName, this.topic, `truncated buffer entry: needed ${n} bytes at offset ${this.offset}, have ${this.data.length - this.offset}`);
    }
  }
  byte(): number {
    this.need(1);
    return this.data.readUInt8(this.offset++);
  }
  uint32(): number {
    this.need(4);
    const v = this.data.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64(): number {
    this.need(8);
    const v = Number(this.data.readBigInt64BE(this.offset));
    this.offset += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }
  end(): void {
    if (this.offset !== this.data.length) throw serdeError(this.serdeName, this.topic, `${this.data.length - this.offset} trailing bytes after the buffer entry`);
  }
}
