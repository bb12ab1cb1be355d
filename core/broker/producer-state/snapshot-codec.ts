/**
 * The bytes of a producer-state snapshot file. Kafka's snapshot keeps only each producer's last
 * batch; this one keeps all five remembered batches, so every retry a client may still send is
 * recognised as a duplicate after a restart too. Big-endian, checksummed:
 *
 * ```
 * int16  version (1)
 * uint32 CRC-32C of everything after this field
 * int32  producer count
 * per producer: int64 producerId, int16 epoch, int64 lastTimestampMs, int8 batch count,
 *               per batch: int32 firstSeq, int32 lastSeq, int64 firstOffset, int64 lastOffset
 * ```
 */
import { FjordError } from '../../errors.js';
import { crc32c } from '../../protocol/crc32c.js';
import { PRODUCER_BATCHES_KEPT, type BatchMetadata, type ProducerEntry } from './partition-producer-state.js';

/** The only snapshot version written. */
export const SNAPSHOT_VERSION = 1;

const HEADER_BYTES = 10; // version, crc, count
const CRC_AT = 2;
const BODY_AT = 6;
const PRODUCER_BYTES = 19;
const BATCH_BYTES = 24;

/** Encodes `entries` as a snapshot. */
export function encodeSnapshot(entries: readonly ProducerEntry[]): Buffer {
  let size = HEADER_BYTES;
  for (const e of entries) size += PRODUCER_BYTES + BATCH_BYTES * e.batches.length;
  const buf = Buffer.alloc(size);
  buf.writeInt16BE(SNAPSHOT_VERSION, 0);
  buf.writeInt32BE(entries.length, BODY_AT);
  let at = HEADER_BYTES;
  for (const e of entries) at = writeEntry(buf, at, e);
  buf.writeUInt32BE(crc32c(buf.subarray(BODY_AT)), CRC_AT);
  return buf;
}

function writeEntry(buf: Buffer, at: number, e: ProducerEntry): number {
  buf.writeBigInt64BE(e.producerId, at);
  buf.writeInt16BE(e.epoch, at + 8);
  buf.writeBigInt64BE(BigInt(e.lastTimestampMs), at + 10);
  buf.writeInt8(e.batches.length, at + 18);
  let pos = at + PRODUCER_BYTES;
  for (const b of e.batches) {
    buf.writeInt32BE(b.firstSeq, pos);
    buf.writeInt32BE(b.lastSeq, pos + 4);
    buf.writeBigInt64BE(b.firstOffset, pos + 8);
    buf.writeBigInt64BE(b.lastOffset, pos + 16);
    pos += BATCH_BYTES;
  }
  return pos;
}

/** Decodes a snapshot; throws FjordError CORRUPT_LOG (naming `path`) if it is damaged. */
export function decodeSnapshot(buf: Buffer, path: string): ProducerEntry[] {
  const bad = (why: string) => new FjordError('CORRUPT_LOG', `producer snapshot ${path}: ${why}`);
  if (buf.length < HEADER_BYTES) throw bad(`${buf.length} bytes is shorter than the header`);
  const version = buf.readInt16BE(0);
  if (version !== SNAPSHOT_VERSION) throw bad(`unsupported version ${version}`);
  const crc = crc32c(buf.subarray(BODY_AT));
  if (crc !== buf.readUInt32BE(CRC_AT)) throw bad('checksum mismatch');
  const count = buf.readInt32BE(BODY_AT);
  if (count < 0 || count > (buf.length - HEADER_BYTES) / PRODUCER_BYTES) throw bad(`bad producer count ${count}`);
  const entries: ProducerEntry[] = [];
  let at = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (at + PRODUCER_BYTES > buf.length) throw bad(`producer ${i} is cut off`);
    const batchCount = buf.readInt8(at + 18);
    if (batchCount < 0 || batchCount > PRODUCER_BATCHES_KEPT) throw bad(`producer ${i} has ${batchCount} batches`);
    if (at + PRODUCER_BYTES + batchCount * BATCH_BYTES > buf.length) throw bad(`producer ${i} is cut off`);
    entries.push({
      producerId: buf.readBigInt64BE(at),
      epoch: buf.readInt16BE(at + 8),
      lastTimestampMs: Number(buf.readBigInt64BE(at + 10)),
      batches: readBatches(buf, at + PRODUCER_BYTES, batchCount),
    });
    at += PRODUCER_BYTES + batchCount * BATCH_BYTES;
  }
  if (at !== buf.length) throw bad(`${buf.length - at} bytes after the last producer`);
  return entries;
}

function readBatches(buf: Buffer, at: number, count: number): BatchMetadata[] {
  const batches: BatchMetadata[] = [];
  for (let i = 0; i < count; i++, at += BATCH_BYTES) {
    batches.push({
      firstSeq: buf.readInt32BE(at),
      lastSeq: buf.readInt32BE(at + 4),
      firstOffset: buf.readBigInt64BE(at + 8),
      lastOffset: buf.readBigInt64BE(at + 16),
    });
  }
  return batches;
}
