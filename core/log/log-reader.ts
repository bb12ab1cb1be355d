/**
 * Reading a segment without decoding: find the first batch at or past an offset (index, then a
 * header scan), then take as many whole batches as fit, as one byte range of the file.
 */
import { BATCH_HEADER_BYTES } from '../protocol/batch-header.js';
import type { LogSegment } from './log-segment.js';
import { SCAN_CHUNK_BYTES_MIN } from './batch-scanner.js';

/** The result of a read: raw batches, byte for byte as stored. */
export interface LogReadResult {
  /** Whole batches; empty when nothing is readable. */
  bytes: Buffer;
  /** Base offset of the first batch in `bytes` (it may be below the requested offset); the requested offset when empty. */
  firstBatchOffset: bigint;
  /** The offset after the last batch in `bytes`; the requested offset when empty. */
  nextOffset: bigint;
}

/** Largest chunk one read pulls from a file at once. */
export const READ_CHUNK_BYTES_MAX = 16 * 1024 * 1024;

/** Limits of one read. */
export interface ReadLimits {
  maxBytes: number;
  /** Exclusive: no batch holding an offset at or past this is returned. */
  maxOffset: bigint;
  minOneBatch: boolean;
  indexIntervalBytes: number;
}

/** An empty read at `offset`. */
export function emptyRead(offset: bigint): LogReadResult {
  return { bytes: Buffer.alloc(0), firstBatchOffset: offset, nextOffset: offset };
}

/**
 * Reads from one segment. Returns null if the segment holds nothing at or past `offset` (the
 * caller moves on to the next segment), an empty read if limits stop the first batch.
 */
export function readSegment(seg: LogSegment, offset: bigint, limits: ReadLimits): LogReadResult | null {
  // One chunk should cover the index gap plus the whole answer, so the bytes come in one read.
  const chunkBytes = Math.min(
    READ_CHUNK_BYTES_MAX,
    Math.max(SCAN_CHUNK_BYTES_MIN, limits.maxBytes + limits.indexIntervalBytes + BATCH_HEADER_BYTES),
  );
  const found = seg.findBatch(offset, chunkBytes);
  if (found === null) return null;
  const { batch: first, scanner } = found;
  if (first.lastOffset >= limits.maxOffset) return emptyRead(offset);
  if (first.size > limits.maxBytes && !limits.minOneBatch) return emptyRead(offset);
  const start = first.position;
  let end = start + first.size;
  let last = first.lastOffset;
  for (let i = 0; i < seg.size && limits.maxBytes - (end - start) >= BATCH_HEADER_BYTES; i++) {
    const b = scanner.next();
    if (b === null || b.lastOffset >= limits.maxOffset || end - start + b.size > limits.maxBytes) break;
    end += b.size;
    last = b.lastOffset;
  }
  const slice = scanner.bytes(start, end);
  // A small answer must not pin a large chunk in memory for as long as the caller keeps it.
  const bytes = slice.length * 2 < slice.buffer.byteLength ? Buffer.from(slice) : slice;
  return { bytes, firstBatchOffset: first.baseOffset, nextOffset: last + 1n };
}

/**
 * The first batch in `seg` whose maxTimestamp is >= `timestamp` and which holds offsets at or
 * past `minOffset`; null if none. Starts from the time index entry at or before the timestamp.
 */
export function findByTimestamp(seg: LogSegment, timestamp: bigint, minOffset: bigint): { offset: bigint; lastOffset: bigint; timestamp: bigint } | null {
  const rel = seg.timeIndex.lookup(timestamp);
  const position = rel < 0 ? 0 : seg.indexPositionFor(seg.baseOffset + BigInt(rel));
  const scanner = seg.scanner(position);
  for (let i = 0; i <= seg.size; i++) {
    const b = scanner.next();
    if (b === null) return null;
    if (b.maxTimestamp >= timestamp && b.lastOffset >= minOffset) {
      return { offset: b.baseOffset > minOffset ? b.baseOffset : minOffset, lastOffset: b.lastOffset, timestamp: b.maxTimestamp };
    }
  }
  return null;
}

/** The segment holding the largest batch timestamp (the oldest such segment on a tie); null if none has one. */
export function segmentWithMaxTimestamp(segments: readonly LogSegment[]): LogSegment | null {
  let best: LogSegment | null = null;
  let bestTs = -1n;
  for (const seg of segments) {
    const ts = seg.largestTimestamp();
    if (ts > bestTs) {
      best = seg;
      bestTs = ts;
    }
  }
  return best;
}
