/**
 * Cuts a TCP byte stream into Kafka frames (int32 size + that many bytes). A frame that arrived
 * in one chunk is handed on as a view of it; one spread over chunks is joined with one copy.
 * The size is checked as soon as its 4 bytes are in, so a hostile or corrupt size never makes
 * the reader buffer more than `frameBytesMax`.
 */
import { FjordError } from '../../errors.js';

const SIZE_BYTES = 4;

export class FrameReader {
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;

  /** @param frameBytesMax largest frame accepted (receive.message.max.bytes) */
  constructor(private readonly frameBytesMax: number) {}

  /** Bytes received but not yet handed on as a frame. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /**
   * Adds received bytes and calls `onFrame` with every frame they complete (without its size
   * prefix). Throws CORRUPT_MESSAGE for a negative or oversized frame size; the stream is then
   * unusable.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= SIZE_BYTES) {
      const size = this.peekSize();
      if (size < 0 || size > this.frameBytesMax) {
        throw new FjordError('CORRUPT_MESSAGE', `response frame of ${size} bytes is outside [0, ${this.frameBytesMax}] (receive.message.max.bytes)`, { retriable: false });
      }
      if (this.bufferedBytes < SIZE_BYTES + size) return;
      onFrame(this.take(SIZE_BYTES + size).subarray(SIZE_BYTES));
    }
  }

  private peekSize(): number {
    if (this.chunks[0].length < SIZE_BYTES) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].readInt32BE(0);
  }

  private take(bytes: number): Buffer {
    const head = this.chunks[0];
    this.bufferedBytes -= bytes;
    if (head.length >= bytes) {
      if (head.length === bytes) this.chunks.shift();
      else this.chunks[0] = head.subarray(bytes);
      return head.subarray(0, bytes);
    }
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const c = this.chunks[0];
      const n = Math.min(c.length, bytes - filled);
      c.copy(out, filled, 0, n);
      filled += n;
      if (n === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(n);
    }
    return out;
  }
}
