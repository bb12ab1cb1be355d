/**
 * Where a FileStreamSource reads bytes from: a file read at explicit positions (so a restart can
 * resume at a stored offset), or a stream such as stdin (not resumable). Both hand back at most
 * `chunkBytesMax` bytes per read and never block: no bytes now is `null`.
 */
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Bytes per read from a file; also the most a stream input buffers before it pauses its source. */
export const CHUNK_BYTES_MAX = 64 * 1024;

export interface ByteInput {
  /** The next bytes available now, or null when there are none (yet). */
  read(): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** Reads a file from `position` onwards, following it as it grows. */
export class FileInput implements ByteInput {
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES_MAX);

  private constructor(private readonly handle: fs.FileHandle, private position: number) {}

  /** Opens `filename`; rejects with ENOENT when it does not exist (yet). */
  static async open(filename: string, position: number): Promise<FileInput> {
    return new FileInput(await fs.open(filename, 'r'), position);
  }

  async read(): Promise<Buffer | null> {
    const { bytesRead } = await this.handle.read(this.chunk, 0, this.chunk.length, this.position);
    if (bytesRead === 0) return null;
    this.position += bytesRead;
    return Buffer.from(this.chunk.subarray(0, bytesRead));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Buffers a readable stream (stdin), pausing it while CHUNK_BYTES_MAX bytes are waiting. */
export class StreamInput implements ByteInput {
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private readonly onData = (data: Buffer | string) => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.queued.push(bytes);
    this.queuedBytes += bytes.length;
    if (this.queuedBytes >= CHUNK_BYTES_MAX) this.stream.pause();
    this.onReadable();
  };

  /** `onReadable` is called whenever new bytes arrive (to end a poll's wait early). */
  constructor(private readonly stream: Readable, private readonly onReadable: () => void) {
    stream.on('data', this.onData);
  }

  async read(): Promise<Buffer | null> {
    if (this.queuedBytes === 0) return null;
    const bytes = Buffer.concat(this.queued);
    this.queued = [];
    this.queuedBytes = 0;
    this.stream.resume();
    return bytes;
  }

  async close(): Promise<void> {
    this.stream.off('data', this.onData);
    this.stream.pause();
  }
}
