/**
 * ArrowSourceTask: reads the complete Arrow files under `path` in name order (topic, partition,
 * offset) into records, following new files as they appear. The source partition is `{path}`;
 * the offset `{file, row}` names the next row to read, so a restart continues there. Values are
 * structs of the non-metadata columns; `__kafka_key` / `__kafka_timestamp` become key and timestamp.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { SourceTask, type Schema, type SourceRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { num, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { Waker } from '../common/waker.js';
import { connectSchemaOf, fromArrowValue } from './column-model.js';
import { ARROW_SOURCE_CONFIG, BATCH_SIZE_CONFIG, PATH_CONFIG, POLL_INTERVAL_MS_CONFIG, TOPIC_CONFIG } from './config.js';
import { parseArrowFileName, type FileKey } from './file-names.js';
import { KEY_COLUMN, OFFSET_COLUMN, TIMESTAMP_COLUMN } from './partition-buffer.js';

export const FILE_FIELD = 'file';
export const ROW_FIELD = 'row';

const METADATA = new Set([OFFSET_COLUMN, TIMESTAMP_COLUMN, KEY_COLUMN]);
const KEY_SCHEMA: Schema = { type: 'string', optional: true };

interface OpenFile {
  name: string;
  key: FileKey;
  table: arrow.Table;
  valueFields: arrow.Field[];
  schema: Schema;
}

export class ArrowSourceTask extends SourceTask {
  private dir = '';
  private topic = '';
  private batchSize = 1;
  private pollIntervalMs = 0;
  /** The file being read (or last read) and the next row in it. */
  private fileName = '';
  private row = 0;
  private open: OpenFile | null = null;
  private stopped = false;
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = parsePluginConfig(ARROW_SOURCE_CONFIG, props, 'ArrowSourceTask');
    this.dir = str(config, PATH_CONFIG)!;
    this.topic = str(config, TOPIC_CONFIG) ?? '';
    this.batchSize = num(config, BATCH_SIZE_CONFIG);
    this.pollIntervalMs = num(config, POLL_INTERVAL_MS_CONFIG);
    this.stopped = false;
    const stored = await this.context.offsetStorageReader.offset({ path: this.dir });
    if (stored) {
      const file = stored[FILE_FIELD];
      const row = stored[ROW_FIELD];
      if (typeof file !== 'string' || typeof row !== 'number' || !Number.isSafeInteger(row) || row < 0) {
        throw new FjordError('INVALID_ARGUMENT', `ArrowSourceTask: stored offset for ${this.dir} is not {file, row}: ${JSON.stringify(stored)}`);
      }
      this.fileName = file;
      this.row = row;
    }
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    if (!this.open || this.row >= this.open.table.numRows) {
      const next = await this.nextFile();
      if (!next) {
        await this.waker.wait(this.pollIntervalMs);
        return null;
      }
      this.open = next;
    }
    const file = this.open;
    const end = Math.min(file.table.numRows, this.row + this.batchSize);
    const records: SourceRecord[] = [];
    for (; this.row < end; this.row++) records.push(this.toRecord(file, this.row));
    return records;
  }

  /** Opens the first complete file after the current one (or the current one, if rows remain). */
  private async nextFile(): Promise<OpenFile | null> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => parseArrowFileName(n) !== null).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    for (const name of names) {
      if (name < this.fileName) continue;
      if (name === this.fileName) {
        const current = this.open?.name === name ? this.open : await this.load(name);
        if (this.row < current.table.numRows) return current;
        continue;
      }
      this.fileName = name;
      this.row = 0;
      return this.load(name);
    }
    return null;
  }

  private async load(name: string): Promise<OpenFile> {
    let table: arrow.Table;
    try {
      table = arrow.tableFromIPC(await fs.readFile(path.join(this.dir, name)));
    } catch (err) {
      throw new FjordError('CORRUPT_LOG', `ArrowSourceTask: cannot read Arrow file ${path.join(this.dir, name)}: ${(err as Error).message}`, { cause: err });
    }
    const valueFields = table.schema.fields.filter((f) => !METADATA.has(f.name));
    return { name, key: parseArrowFileName(name)!, table, valueFields, schema: connectSchemaOf(valueFields) };
  }

  private toRecord(file: OpenFile, row: number): SourceRecord {
    const value: Record<string, unknown> = {};
    for (const f of file.valueFields) value[f.name] = fromArrowValue(f.type, file.table.getChild(f.name)!.get(row));
    const key = file.table.getChild(KEY_COLUMN)?.get(row) ?? null;
    const ts = file.table.getChild(TIMESTAMP_COLUMN)?.get(row) ?? null;
    return {
      topic: this.topic || file.key.topic,
      kafkaPartition: this.topic ? null : file.key.partition,
      keySchema: file.table.getChild(KEY_COLUMN) ? KEY_SCHEMA : null,
      key,
      valueSchema: file.schema,
      value,
      timestamp: ts === null ? null : Number(ts),
      headers: [],
      sourcePartition: { path: this.dir },
      sourceOffset: { [FILE_FIELD]: file.name, [ROW_FIELD]: row + 1 },
    };
  }

  stop(): void {
    this.stopped = true;
    this.waker.wake();
    this.open = null;
  }
}
