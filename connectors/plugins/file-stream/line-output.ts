/**
 * Where a line-writing sink writes: a file opened for append (flush() fsyncs it) or stdout.
 * Each write is one call with every line of a put(), so tasks appending to the same file do
 * not interleave within a batch.
 */
import fs from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface LineOutput {
  write(text: string): Promise<void>;
  /** Makes what was written durable (fsync for files). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export class FileOutput implements LineOutput {
  private constructor(private readonly handle: fs.FileHandle) {}

  /** Opens (creating if needed) `filename` for appending. */
  static async open(filename: string): Promise<FileOutput> {
    return new FileOutput(await fs.open(filename, 'a'));
  }

  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done)).bytesWritten;
  }

  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Writes to a stream such as process.stdout, waiting for 'drain' when its buffer is full. */
export class StreamOutput implements LineOutput {
  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async sync(): Promise<void> {}

  async close(): Promise<void> {}
}
