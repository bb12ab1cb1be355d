/**
 * Records as byte ranges. Compaction and the keyed-topic check need each record's offset delta,
 * timestamp delta, key and whether the value is null, and compaction must copy kept records
 * byte for byte so that offsets (baseOffset + offsetDelta) survive untouched. So this walks
 * the record prefix and keeps the record's byte range instead of decoding it fully
 * (core/protocol/record-batch.ts decodes for clients; its builder numbers records 0..n-1 and so
 * cannot write the gaps a compacted batch has).
 */
import { FjordError } from '../errors.js';
import { ATTR_COMPRESSION_MASK, BATCH, BATCH_HEADER_BYTES, BATCH_LOG_OVERHEAD, batchAttributes, batchSize, computeBatchCrc } from '../protocol/batch-header.js';
import { compressionTypeForId, decompress, decompressSync, hasSyncCodec, type CompressionType } from '../protocol/compression.js';
import { readVarint, readVarlongNumber, type Cursor } from '../protocol/varint.js';

/** One record's position in its records section and the fields compaction looks at. */
export interface RawRecord {
  /** Byte range of the whole record (length prefix included) in the records section. */
  start: number;
  end: number;
  timestampDelta: number;
  offsetDelta: number;
  /** A view into the section; null for a keyless record. */
  key: Buffer | null;
  /** True for a tombstone. */
  valueIsNull: boolean;
}

/** The compression codec of the batch at `at`. */
export function batchCompression(batch: Buffer, at = 0): CompressionType {
  return compressionTypeForId(batchAttributes(batch, at) & ATTR_COMPRESSION_MASK);
}

/** The (compressed) records section of the batch at `at`. */
export function rawSection(batch: Buffer, at = 0): Buffer {
  return batch.subarray(at + BATCH_HEADER_BYTES, at + batchSize(batch, at));
}

/** The records section, decompressed synchronously; null for codecs without a sync path (zstd). */
export function recordsSectionSync(batch: Buffer, at = 0): Buffer | null {
  const codec = batchCompression(batch, at);
  if (!hasSyncCodec(codec)) return null;
  return decompressSync(codec, rawSection(batch, at));
}

/** The records section, decompressed. */
export async function recordsSection(batch: Buffer, at = 0): Promise<Buffer> {
  const codec = batchCompression(batch, at);
  return codec === 'none' ? rawSection(batch, at) : decompress(codec, rawSection(batch, at));
}

/** Splits a records section into its `count` records. Throws CORRUPT_MESSAGE if they do not fit. */
export function walkRecords(section: Buffer, count: number): RawRecord[] {
  const records: RawRecord[] = [];
  visitRecords(section, count, (_i, start, end, timestampDelta, offsetDelta, keyStart, keyLength, valueLength) => {
    const key = keyLength < 0 ? null : section.subarray(keyStart, keyStart + keyLength);
    records.push({ start, end, timestampDelta, offsetDelta, key, valueIsNull: valueLength < 0 });
    return true;
  });
  return records;
}

/**
 * The index of the first record of the section whose key is null, or -1: the keyed-topic check,
 * which walks every record appended to a compacted topic, without an object or a view per record.
 * Throws CORRUPT_MESSAGE as walkRecords does.
 */
export function indexOfNullKey(section: Buffer, count: number): number {
  let found = -1;
  visitRecords(section, count, (i, _start, _end, _ts, _od, _keyStart, keyLength) => {
    if (keyLength >= 0) return true;
    found = i;
    return false;
  });
  return found;
}

/** Whether to go on (true) or stop (false) after this record. */
type RecordVisitor = (index: number, start: number, end: number, timestampDelta: number, offsetDelta: number, keyStart: number, keyLength: number, valueLength: number) => boolean;

/** Walks the section's records in order, checking each one's lengths, until `visit` says stop. */
function visitRecords(section: Buffer, count: number, visit: RecordVisitor): void {
  const cur: Cursor = { pos: 0 };
  for (let i = 0; i < count; i++) {
    const start = cur.pos;
    const length = readVarint(section, cur);
    const end = cur.pos + length;
    if (length < 6 || end > section.length) throw corrupt(`record ${i} at byte ${start} has length ${length} but ${section.length - cur.pos} bytes are left`);
    cur.pos += 1; // record attributes: unused
    const timestampDelta = readVarlongNumber(section, cur);
    const offsetDelta = readVarint(section, cur);
    const keyLength = readVarint(section, cur);
    if (keyLength < -1 || cur.pos + Math.max(keyLength, 0) > end) throw corrupt(`record ${i} has a bad key length ${keyLength}`);
    const keyStart = cur.pos;
    cur.pos += Math.max(keyLength, 0);
    const valueLength = readVarint(section, cur);
    if (valueLength < -1 || cur.pos + Math.max(valueLength, 0) > end) throw corrupt(`record ${i} has a bad value length ${valueLength}`);
    cur.pos = end;
    if (!visit(i, start, end, timestampDelta, offsetDelta, keyStart, keyLength, valueLength)) return;
  }
  if (cur.pos !== section.length) throw corrupt(`${section.length - cur.pos} bytes left after ${count} records`);
}

function corrupt(message: string): FjordError {
  return new FjordError('CORRUPT_MESSAGE', message);
}

/**
 * A new batch from `header` (the original batch's first 61 bytes) and `records` (a records
 * section, compressed as the header says), with recordCount, lastOffsetDelta and maxTimestamp
 * replaced and the CRC recomputed. baseOffset and baseTimestamp stay, so each copied record
 * keeps its offset and timestamp.
 */
export function rebuildBatch(header: Buffer, records: Buffer, recordCount: number, lastOffsetDelta: number, maxTimestamp: bigint): Buffer {
  const out = Buffer.allocUnsafe(BATCH_HEADER_BYTES + records.length);
  header.copy(out, 0, 0, BATCH_HEADER_BYTES);
  records.copy(out, BATCH_HEADER_BYTES);
  out.writeInt32BE(out.length - BATCH_LOG_OVERHEAD, BATCH.batchLength);
  out.writeInt32BE(recordCount, BATCH.recordCount);
  out.writeInt32BE(lastOffsetDelta, BATCH.lastOffsetDelta);
  out.writeBigInt64BE(maxTimestamp, BATCH.maxTimestamp);
  out.writeUInt32BE(computeBatchCrc(out, 0, out.length), BATCH.crc);
  return out;
}
