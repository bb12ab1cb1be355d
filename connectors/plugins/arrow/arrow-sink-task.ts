/**
 * ArrowSinkTask: writes each topic-partition's records into Arrow IPC files under `path`, one
 * file per run of records, completed (written, fsynced, renamed into place) when it reaches
 * rotate.records / rotate.bytes / rotate.interval.ms or the value schema changes. Records wait
 * in memory until then, so preCommit() only lets offsets be committed up to completed files;
 * after a crash or rebalance the rest is read again and its file written again under the same name.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { SinkTask, type Schema, type SinkRecord, type TopicPartitionOffset } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { bool, configError, num, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { writeFileAtomically } from './atomic-file.js';
import {
  ARROW_SCHEMA_CONFIG, ARROW_SINK_CONFIG, METADATA_COLUMNS_CONFIG, PATH_CONFIG, ROTATE_BYTES_CONFIG,
  ROTATE_INTERVAL_MS_CONFIG, ROTATE_RECORDS_CONFIG,
} from './config.js';
import { parseDeclaredSchema } from './declared-schema.js';
import { arrowFileName, isTempFileOf } from './file-names.js';
import { PartitionBuffer, schemaKey } from './partition-buffer.js';

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class ArrowSinkTask extends SinkTask {
  private dir = '';
  private rotateRecords = 0;
  private rotateBytes = 0;
  private rotateIntervalMs = 0;
  private declared: Schema | null = null;
  private metadata = true;
  private readonly buffers = new Map<string, PartitionBuffer>();
  /** Per topic-partition: the offset after the last record in a completed (written, fsynced) file. */
  private readonly completed = new Map<string, bigint>();
  /** The file being written and fsynced while records go on arriving (at most one, so memory stays bounded). */
  private writing: { key: string; done: Promise<void> } | null = null;
  /** Why a file could not be written: every later put/preCommit/flush fails with it. */
  private writeError: unknown = null;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = parsePluginConfig(ARROW_SINK_CONFIG, props, 'ArrowSinkTask');
    this.dir = str(config, PATH_CONFIG)!;
    this.rotateRecords = num(config, ROTATE_RECORDS_CONFIG);
    this.rotateBytes = num(config, ROTATE_BYTES_CONFIG);
    this.rotateIntervalMs = num(config, ROTATE_INTERVAL_MS_CONFIG);
    this.metadata = bool(config, METADATA_COLUMNS_CONFIG);
    const schemaText = str(config, ARROW_SCHEMA_CONFIG) ?? '';
    if (schemaText !== '') {
      const parsed = parseDeclaredSchema(schemaText);
      if (!parsed.ok) throw configError('ArrowSinkTask', ARROW_SCHEMA_CONFIG, schemaText, parsed.message);
      this.declared = parsed.schema;
    }
    try {
      await fs.mkdir(this.dir, { recursive: true });
    } catch (err) {
      throw new FjordError('INVALID_ARGUMENT', `ArrowSinkTask: cannot create directory ${this.dir} (configuration ${PATH_CONFIG}): ${(err as Error).message}`, { cause: err });
    }
  }

  /** Removes temporary files a crashed writer of these partitions left behind. */
  override async open(partitions: { topic: string; partition: number }[]): Promise<void> {
    const files = await fs.readdir(this.dir);
    for (const { topic, partition } of partitions) {
      for (const f of files) if (isTempFileOf(f, topic, partition)) await fs.rm(path.join(this.dir, f), { force: true });
    }
  }

  async put(records: SinkRecord[]): Promise<void> {
    const nowMs = Date.now();
    let key = '';
    let keyOf: SinkRecord | null = null;
    for (const record of records) {
      if (keyOf === null || keyOf.kafkaPartition !== record.kafkaPartition || keyOf.topic !== record.topic) {
        key = tpKey(record.topic, record.kafkaPartition);
        keyOf = record;
      }
      let buffer = this.buffers.get(key);
      const schema = this.declared ?? record.valueSchema;
      if (buffer && ((buffer.valueSchema !== schema && schemaKey(buffer.valueSchema) !== schemaKey(schema)) || record.kafkaOffset <= buffer.lastOffset)) {
        // A new schema needs a new file; an offset going back (a rewind) restarts the run.
        if (record.kafkaOffset <= buffer.lastOffset) this.buffers.delete(key);
        else await this.complete(buffer);
        buffer = undefined;
      }
      if (!buffer) {
        buffer = new PartitionBuffer(record.topic, record.kafkaPartition, record.kafkaOffset, schema, nowMs, this.metadata);
        this.buffers.set(key, buffer);
      }
      try {
        buffer.add(record);
      } catch (err) {
        // A value that does not fit the schema goes to the errant record reporter (the DLQ) when there is one.
        const reporter = this.context?.errantRecordReporter?.() ?? null;
        if (!reporter || !(err instanceof FjordError) || err.code !== 'INVALID_RECORD') throw err;
        await reporter(record, err);
        if (buffer.count === 0) this.buffers.delete(key);
        continue;
      }
      if (buffer.count >= this.rotateRecords || buffer.bytes >= this.rotateBytes) await this.complete(buffer);
    }
    await this.completeExpired(nowMs);
    // A file that took every record of its partition is waited for, so its offsets can be committed
    // right after this put; one that left records behind is written while the next ones arrive.
    if (this.writing !== null && !this.buffers.has(this.writing.key)) await this.settleWrite();
    else this.throwWriteError();
  }

  /** Offsets of records in completed files; a partition with records still in memory keeps its last completed file's. */
  override async preCommit(offsets: TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    await this.completeExpired(Date.now());
    this.throwWriteError();
    const out: TopicPartitionOffset[] = [];
    for (const o of offsets) {
      const key = tpKey(o.topic, o.partition);
      if (!this.buffers.has(key) && this.writing?.key !== key) out.push(o);
      else {
        const done = this.completed.get(key);
        if (done !== undefined) out.push({ topic: o.topic, partition: o.partition, offset: done });
      }
    }
    return out;
  }

  /** Completes every file now (only called when a runtime does not use preCommit). */
  override async flush(_offsets: TopicPartitionOffset[]): Promise<void> {
    for (const buffer of [...this.buffers.values()]) await this.complete(buffer);
    await this.settleWrite();
  }

  /** Drops unwritten records of partitions this task no longer owns; their new owner reads them again. */
  override async close(partitions: { topic: string; partition: number }[]): Promise<void> {
    await this.writing?.done;
    this.writing = null;
    for (const { topic, partition } of partitions) {
      this.buffers.delete(tpKey(topic, partition));
      this.completed.delete(tpKey(topic, partition));
    }
  }

  async stop(): Promise<void> {
    this.buffers.clear();
    await this.writing?.done;
    this.writing = null;
  }

  private async completeExpired(nowMs: number): Promise<void> {
    if (this.rotateIntervalMs === 0) return;
    for (const buffer of [...this.buffers.values()]) {
      if (nowMs - buffer.openedAtMs >= this.rotateIntervalMs) await this.complete(buffer);
    }
  }

  private async complete(buffer: PartitionBuffer): Promise<void> {
    const key = tpKey(buffer.topic, buffer.partition);
    this.buffers.delete(key);
    if (buffer.count === 0) return;
    const bytes = arrow.tableToIPC(buffer.table(), 'file');
    const name = arrowFileName({ topic: buffer.topic, partition: buffer.partition, startOffset: buffer.startOffset });
    const next = buffer.lastOffset + 1n;
    await this.settleWrite();
    const done = writeFileAtomically(this.dir, name, bytes).then(
      () => {
        this.completed.set(key, next);
        // As Kafka's sinks that flush on their own: its offsets may be committed now, not at the next interval.
        this.context?.requestCommit?.();
      },
      (err: unknown) => {
        this.writeError ??= err;
      },
    );
    this.writing = { key, done };
  }

  /** Waits for the file being written; throws if writing any file failed. */
  private async settleWrite(): Promise<void> {
    if (this.writing !== null) {
      await this.writing.done;
      this.writing = null;
    }
    this.throwWriteError();
  }

  private throwWriteError(): void {
    if (this.writeError !== null) throw this.writeError;
  }
}
