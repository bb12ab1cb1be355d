/**
 * Walks the batch headers of a segment file in large chunks: one read brings in many small
 * batches, and a big batch is skipped by jumping to the next header instead of reading its body.
 * Readers, recovery and lookups all go through here so nothing reads a file 12 bytes at a time.
 */
import type { StorageFile } from '../io/storage.js';
import {
  BATCH,
  BATCH_HEADER_BYTES,
  batchBaseOffset,
  batchLastOffsetDelta,
  batchMaxTimestamp,
  batchSize,
} from '../protocol/batch-header.js';

/** What a scan learns from one batch header. */
export interface BatchHeaderInfo {
  /** Byte position of the batch in the segment file. */
  position: number;
  /** Total bytes of the batch, log overhead included. */
  size: number;
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
}

/** Smallest chunk a scanner reads at once. */
export const SCAN_CHUNK_BYTES_MIN = 64 * 1024;

/** Sequential header reader over `[start, end)` of a file. */
export class BatchScanner {
  private chunk: Buffer = Buffer.alloc(0);
  private chunkStart = 0;
  /** Next header position. */
  position: number;
  /** Why the scan stopped early (a header that cannot be right), or null. */
  problem: string | null = null;

  constructor(
    private readonly file: StorageFile,
    start: number,
    private readonly end: number,
    private readonly chunkBytes = SCAN_CHUNK_BYTES_MIN,
  ) {
    this.position = start;
  }

  /**
   * Makes `[pos, pos + length)` available and returns its offset in `chunk`, or -1 if the file
   * ends first. Every refill allocates a fresh buffer, so slices handed out stay valid.
   */
  private ensure(pos: number, length: number): number {
    if (pos >= this.chunkStart && pos + length <= this.chunkStart + this.chunk.length) return pos - this.chunkStart;
    if (pos + length > this.end) return -1;
    const want = Math.min(Math.max(this.chunkBytes, length), this.end - pos);
    const buf = Buffer.allocUnsafe(want);
    const n = this.file.read(buf, 0, want, pos);
    this.chunk = buf.subarray(0, n);
    this.chunkStart = pos;
    return n >= length ? 0 : -1;
  }

  /** The next batch header, or null at the end (or at a header that cannot be right: see `problem`). */
  next(): BatchHeaderInfo | null {
    const pos = this.position;
    if (pos >= this.end) return null;
    const at = this.ensure(pos, BATCH_HEADER_BYTES);
    if (at < 0) {
      this.problem = `only ${this.end - pos} bytes left at position ${pos}, a batch header needs ${BATCH_HEADER_BYTES}`;
      return null;
    }
    const size = batchSize(this.chunk, at);
    const magic = this.chunk.readInt8(at + BATCH.magic);
    const delta = batchLastOffsetDelta(this.chunk, at);
    if (size < BATCH_HEADER_BYTES || magic !== 2 || delta < 0 || pos + size > this.end) {
      this.problem = `bad batch header at position ${pos} (size ${size}, magic ${magic}, lastOffsetDelta ${delta})`;
      return null;
    }
    const baseOffset = batchBaseOffset(this.chunk, at);
    this.position = pos + size;
    return {
      position: pos,
      size,
      baseOffset,
      lastOffset: baseOffset + BigInt(delta),
      maxTimestamp: batchMaxTimestamp(this.chunk, at),
    };
  }

  /** The bytes `[from, to)` of the file: a slice of the current chunk when it holds them. */
  bytes(from: number, to: number): Buffer {
    const at = this.ensure(from, to - from);
    if (at < 0) throw new Error(`assertion failed: range ${from}..${to} past the end ${this.end}`);
    return this.chunk.subarray(at, at + (to - from));
  }
}
