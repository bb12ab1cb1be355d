/**
 * The fixed 61-byte header of a Kafka RecordBatch (magic 2), read and patched in place.
 * The log and the broker only ever touch batches through these helpers: they never decode records.
 * Layout: ../shared/kafka-protocol/README.md, "Record batch (magic 2)".
 */
import { crc32c } from './crc32c.js';

export const BATCH = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
  records: 61,
} as const;

/** Bytes of a batch header; also the smallest valid batch. */
export const BATCH_HEADER_BYTES = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const BATCH_LOG_OVERHEAD = 12;

export const ATTR_COMPRESSION_MASK = 0x07;
export const ATTR_TIMESTAMP_TYPE = 0x08;
export const ATTR_TRANSACTIONAL = 0x10;
export const ATTR_CONTROL = 0x20;
export const ATTR_DELETE_HORIZON = 0x40;

export const NO_PRODUCER_ID = -1n;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

export function batchBaseOffset(buf: Buffer, at = 0): bigint {
  return buf.readBigInt64BE(at + BATCH.baseOffset);
}
/** Total size of the batch starting at `at`, including the 12-byte log overhead. */
export function batchSize(buf: Buffer, at = 0): number {
  return buf.readInt32BE(at + BATCH.batchLength) + BATCH_LOG_OVERHEAD;
}
export function batchLastOffsetDelta(buf: Buffer, at = 0): number {
  return buf.readInt32BE(at + BATCH.lastOffsetDelta);
}
export function batchAttributes(buf: Buffer, at = 0): number {
  return buf.readInt16BE(at + BATCH.attributes);
}
export function batchMaxTimestamp(buf: Buffer, at = 0): bigint {
  return buf.readBigInt64BE(at + BATCH.maxTimestamp);
}
export function batchBaseTimestamp(buf: Buffer, at = 0): bigint {
  return buf.readBigInt64BE(at + BATCH.baseTimestamp);
}
export function batchRecordCount(buf: Buffer, at = 0): number {
  return buf.readInt32BE(at + BATCH.recordCount);
}
export function batchProducerId(buf: Buffer, at = 0): bigint {
  return buf.readBigInt64BE(at + BATCH.producerId);
}
export function batchProducerEpoch(buf: Buffer, at = 0): number {
  return buf.readInt16BE(at + BATCH.producerEpoch);
}
export function batchBaseSequence(buf: Buffer, at = 0): number {
  return buf.readInt32BE(at + BATCH.baseSequence);
}

/** Rewrites baseOffset in place; the CRC does not cover it. */
export function setBatchBaseOffset(buf: Buffer, baseOffset: bigint, at = 0): void {
  buf.writeBigInt64BE(baseOffset, at + BATCH.baseOffset);
}
/** Rewrites partitionLeaderEpoch in place; the CRC does not cover it. */
export function setBatchPartitionLeaderEpoch(buf: Buffer, epoch: number, at = 0): void {
  buf.writeInt32BE(epoch, at + BATCH.partitionLeaderEpoch);
}

/** CRC-32C over attributes..end of the batch starting at `at` with total size `size`. */
export function computeBatchCrc(buf: Buffer, at: number, size: number): number {
  return crc32c(buf.subarray(at + BATCH.attributes, at + size));
}

/**
 * Why the bytes at `at` are not a whole valid batch, or null if they are.
 * Checks: enough bytes for a header, a sane batchLength, magic 2, all bytes present, CRC.
 */
export function batchProblem(buf: Buffer, at = 0, end = buf.length): string | null {
  if (end - at < BATCH_HEADER_BYTES) return `only ${end - at} bytes left, a batch header needs ${BATCH_HEADER_BYTES}`;
  const size = batchSize(buf, at);
  if (size < BATCH_HEADER_BYTES) return `batchLength ${size - BATCH_LOG_OVERHEAD} is smaller than a header`;
  const magic = buf.readInt8(at + BATCH.magic);
  if (magic !== 2) return `magic ${magic}, expected 2`;
  if (at + size > end) return `batch of ${size} bytes is cut off after ${end - at} bytes`;
  if (batchLastOffsetDelta(buf, at) < 0) return `negative lastOffsetDelta ${batchLastOffsetDelta(buf, at)}`;
  const stored = buf.readUInt32BE(at + BATCH.crc);
  const actual = computeBatchCrc(buf, at, size);
  if (stored !== actual) return `CRC mismatch: stored ${stored.toString(16)}, computed ${actual.toString(16)}`;
  return null;
}
