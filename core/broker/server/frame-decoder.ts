/**
 * Splits a TCP byte stream into Kafka request frames: each is an int32 size followed by that many
 * bytes (../shared/kafka-protocol/README.md, "Framing and headers"). Pure: no sockets, no timers.
 *
 * Chunks are kept as a list and a frame is assembled only once all its bytes have arrived, so
 * every byte is copied at most once (a frame inside one chunk is a view, not a copy). The
 * declared size is checked as soon as its four bytes are known, before anything is allocated for
 * the frame, so a hostile prefix cannot make the broker reserve memory.
 */
import { FjordError } from '../../errors.js';

/** Bytes of the size prefix. */
export const SIZE_PREFIX_BYTES = 4;
/**
 * The smallest request frame: request header v0 (api key int16, api version int16, correlation
 * id int32). Anything shorter cannot be a request.
 */
export const FRAME_BYTES_MIN = 8;

/** Accumulates socket chunks and yields whole frames (without their size prefix). */
export class FrameDecoder {
  private readonly chunks: Buffer[] = [];
  /** Index in `chunks` of the first chunk still holding unread bytes. */
  private first = 0;
  /** Bytes of `chunks[first]` already consumed. */
  private offset = 0;
  private buffered = 0;
  /** Size of the frame being assembled once its prefix has been read, else -1. */
  private frameBytes = -1;

  /** @param frameBytesMax the largest size prefix accepted (socket.request.max.bytes) */
  constructor(private readonly frameBytesMax: number) {}

  /** Bytes received and held, not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** True while part of a frame (or of its size prefix) has arrived but not all of it. */
  get hasPartialFrame(): boolean {
    return this.frameBytes >= 0 || this.buffered > 0;
  }

  /**
   * Whether `next()` would return a frame (or throw for a bad size) without more bytes: the
   * caller can stop reading the socket while it holds one.
   */
  get hasCompleteFrame(): boolean {
    if (this.frameBytes >= 0) return this.buffered >= this.frameBytes;
    if (this.buffered < SIZE_PREFIX_BYTES) return false;
    const size = this.peekInt32();
    return size < FRAME_BYTES_MIN || size > this.frameBytesMax || this.buffered - SIZE_PREFIX_BYTES >= size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next whole frame, or null until more bytes arrive. Throws FjordError('INVALID_REQUEST')
   * for a size prefix outside [FRAME_BYTES_MIN, frameBytesMax]; the stream cannot be resynchronised
   * after that, so the caller must drop the connection.
   */
  next(): Buffer | null {
    if (this.frameBytes < 0) {
      if (this.buffered < SIZE_PREFIX_BYTES) return null;
      const size = this.take(SIZE_PREFIX_BYTES).readInt32BE(0);
      this.checkSize(size);
      this.frameBytes = size;
    }
    if (this.buffered < this.frameBytes) return null;
    const frame = this.take(this.frameBytes);
    this.frameBytes = -1;
    return frame;
  }

  private checkSize(size: number): void {
    if (size > this.frameBytesMax) {
      throw new FjordError('INVALID_REQUEST', `request size ${size} exceeds socket.request.max.bytes (${this.frameBytesMax})`);
    }
    if (size < FRAME_BYTES_MIN) {
      throw new FjordError('INVALID_REQUEST', `request size ${size} is smaller than the smallest request header (${FRAME_BYTES_MIN} bytes)`);
    }
  }

  /** The next four buffered bytes as an int32, without consuming them. */
  private peekInt32(): number {
    let value = 0;
    let chunk = this.first;
    let at = this.offset;
    for (let i = 0; i < SIZE_PREFIX_BYTES; i++) {
      while (at >= this.chunks[chunk].length) {
        chunk++;
        at = 0;
      }
      value = (value << 8) | this.chunks[chunk][at++];
    }
    return value; // `<<` works in int32, so the sign comes out as readInt32BE's
  }

  /** Removes `n` buffered bytes: a view when they lie in one chunk, else one copy. */
  private take(n: number): Buffer {
    const head = this.chunks[this.first];
    if (head.length - this.offset >= n) {
      const view = head.subarray(this.offset, this.offset + n);
      this.consume(n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.first];
      const count = Math.min(chunk.length - this.offset, n - filled);
      chunk.copy(out, filled, this.offset, this.offset + count);
      filled += count;
      this.consume(count);
    }
    return out;
  }

  /** Advances past `n` bytes of the first chunk, dropping it once used up. */
  private consume(n: number): void {
    this.offset += n;
    this.buffered -= n;
    if (this.offset < this.chunks[this.first].length) return;
    this.first++;
    this.offset = 0;
    // Compact only when the list is empty or half dead, so dropping chunks stays linear overall.
    if (this.first === this.chunks.length) {
      this.chunks.length = 0;
      this.first = 0;
    } else if (this.first > 64 && this.first * 2 > this.chunks.length) {
      this.chunks.splice(0, this.first);
      this.first = 0;
    }
  }
}
