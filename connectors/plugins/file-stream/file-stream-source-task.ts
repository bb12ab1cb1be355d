/**
 * FileStreamSourceTask: emits each line of a file (or stdin) as a string record, with source
 * partition `{filename}` and source offset `{position}` (the byte just after the line), and on
 * start resumes from the position stored for the file. Kafka counts characters; Fjord counts
 * bytes, which is the same for ASCII and makes resuming a plain positioned read.
 */
import type { Readable } from 'node:stream';
import { SourceTask, type Schema, type SourceRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { num, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { Waker } from '../common/waker.js';
import { FileInput, StreamInput, type ByteInput } from './byte-input.js';
import { BATCH_SIZE_CONFIG, FILE_CONFIG, FILE_STREAM_SOURCE_CONFIG, TOPIC_CONFIG } from './config.js';
import { splitLines } from './line-splitter.js';

/** Source partition field (Kafka's FileStreamSourceTask.FILENAME_FIELD). */
export const FILENAME_FIELD = 'filename';
/** Source offset field (Kafka's FileStreamSourceTask.POSITION_FIELD). */
export const POSITION_FIELD = 'position';
/** How long poll() waits for new bytes before it returns null (Kafka waits 1 s). */
export const POLL_WAIT_MS = 250;
/** A line longer than this fails the task rather than buffering without bound. */
export const LINE_BYTES_MAX = 16 * 1024 * 1024;

const VALUE_SCHEMA: Schema = { type: 'string' };

export class FileStreamSourceTask extends SourceTask {
  private filename: string | null = null;
  private topic = '';
  private batchSize = 0;
  private input: ByteInput | null = null;
  /** Bytes read but not yet emitted (an incomplete last line, or lines past batch.size). */
  private pending: Buffer = Buffer.alloc(0);
  /** File position of pending[0]. */
  private position = 0;
  private stopped = false;
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    const config = parsePluginConfig(FILE_STREAM_SOURCE_CONFIG, props, 'FileStreamSourceTask');
    this.filename = str(config, FILE_CONFIG);
    if (this.filename === '') this.filename = null;
    this.topic = str(config, TOPIC_CONFIG) ?? '';
    this.batchSize = num(config, BATCH_SIZE_CONFIG);
    this.stopped = false;
  }

  /** The stream read when no `file` is configured; tests override it. */
  protected stdin(): Readable {
    return process.stdin;
  }

  async poll(): Promise<SourceRecord[] | null> {
    try {
      return await this.pollOnce();
    } catch (err) {
      // stop() closes the input under a poll in progress: that is not a failure.
      if (this.stopped) return null;
      throw err;
    }
  }

  private async pollOnce(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    if (!this.input && !(await this.openInput())) return null;
    const input = this.input;
    if (!input) return null;
    let lines = splitLines(this.pending, this.batchSize);
    if (lines.length < this.batchSize) {
      const bytes = await input.read();
      if (this.stopped) return null;
      if (bytes) {
        this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
        lines = splitLines(this.pending, this.batchSize);
      }
    }
    if (lines.length === 0) {
      if (this.pending.length > LINE_BYTES_MAX) {
        throw new FjordError('INVALID_ARGUMENT', `FileStreamSourceTask: the line at byte ${this.position} of ${this.describeInput()} is longer than ${LINE_BYTES_MAX} bytes`);
      }
      if (!this.stopped) await this.waker.wait(POLL_WAIT_MS);
      return null;
    }
    return this.toRecords(lines);
  }

  private toRecords(lines: { text: string; end: number }[]): SourceRecord[] {
    const partition = this.filename === null ? {} : { [FILENAME_FIELD]: this.filename };
    const records = lines.map((line): SourceRecord => ({
      topic: this.topic,
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: VALUE_SCHEMA,
      value: line.text,
      timestamp: null,
      headers: [],
      sourcePartition: partition,
      // stdin cannot be re-read, so it has no offset to resume from (Kafka uses null for both).
      sourceOffset: this.filename === null ? {} : { [POSITION_FIELD]: this.position + line.end },
    }));
    const consumed = lines[lines.length - 1].end;
    this.pending = this.pending.subarray(consumed);
    this.position += consumed;
    return records;
  }

  /** Opens the file at its stored offset (or stdin); false when the file does not exist yet. */
  private async openInput(): Promise<boolean> {
    if (this.filename === null) {
      this.input = new StreamInput(this.stdin(), () => this.waker.wake());
      return true;
    }
    const stored = await this.context.offsetStorageReader.offset({ [FILENAME_FIELD]: this.filename });
    const position = stored === null ? 0 : storedPosition(stored[POSITION_FIELD], this.filename);
    try {
      const input = await FileInput.open(this.filename, position);
      if (this.stopped) {
        await input.close();
        return false;
      }
      this.input = input;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Kafka waits for a missing file to appear rather than failing.
      if (!this.stopped) await this.waker.wait(POLL_WAIT_MS);
      return false;
    }
    this.position = position;
    this.pending = Buffer.alloc(0);
    return true;
  }

  private describeInput(): string {
    return this.filename === null ? 'stdin' : `file ${this.filename}`;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wake();
    const input = this.input;
    this.input = null;
    await input?.close();
  }
}

function storedPosition(value: unknown, filename: string): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new FjordError('INVALID_ARGUMENT', `FileStreamSourceTask: stored offset for file ${filename} has an invalid "${POSITION_FIELD}": ${String(value)}`);
  }
  return n;
}
