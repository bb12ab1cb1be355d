/** Shared fixtures for the log tests: temp dirs, batches built with the real encoder, loggers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../../core/io/clock.js';
import { nodeStorage } from '../../../core/io/node-storage.js';
import type { Storage, StorageFile } from '../../../core/io/storage.js';
import type { LogConfig } from '../../../core/log/log-config.js';
import { parseTopicConfig } from '../../../core/log/log-config.js';
import type { LogDeps } from '../../../core/log/log-deps.js';
import { RecordBatchBuilder, decodeRecordBatchesSync, forEachBatch, type RecordBatchOptions, type RecordInput } from '../../../core/protocol/record-batch.js';

/** A fresh temp directory, removed by `cleanup`. */
export function tempDir(prefix = 'fjord-log-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A topic config from Kafka-style entries. */
export function config(entries: Record<string, string> = {}): LogConfig {
  return parseTopicConfig(entries);
}

/** Storage that counts bytes read per file name, to prove what an open touched. */
export class CountingStorage implements Storage {
  readonly bytesRead = new Map<string, number>();
  constructor(private readonly inner: Storage = nodeStorage) {}
  totalRead(): number {
    let t = 0;
    for (const n of this.bytesRead.values()) t += n;
    return t;
  }
  open(p: string): StorageFile {
    const file = this.inner.open(p);
    const counts = this.bytesRead;
    const name = path.basename(p);
    return {
      read(buf, offset, length, position) {
        const n = file.read(buf, offset, length, position);
        counts.set(name, (counts.get(name) ?? 0) + n);
        return n;
      },
      write: (b, pos) => file.write(b, pos),
      sync: () => file.sync(),
      truncate: (l) => file.truncate(l),
      size: () => file.size(),
      close: () => file.close(),
    };
  }
  exists = (p: string) => this.inner.exists(p);
  list = (d: string) => this.inner.list(d);
  mkdirp = (d: string) => this.inner.mkdirp(d);
  rename = (a: string, b: string) => this.inner.rename(a, b);
  remove = (p: string) => this.inner.remove(p);
  removeTree = (d: string) => this.inner.removeTree(d);
  readFile = (p: string) => this.inner.readFile(p);
  writeFileAtomic = (p: string, d: Buffer | string) => this.inner.writeFileAtomic(p, d);
}

/** Log deps over real files with a manual clock, collecting log lines. */
export function deps(clock = new ManualClock(1_700_000_000_000), storage: Storage = nodeStorage): LogDeps & { clock: ManualClock; lines: string[] } {
  const lines: string[] = [];
  return { storage, clock, logger: (l) => lines.push(l), lines };
}

/** One uncompressed (unless options say otherwise) batch of `records`. */
export function batch(records: RecordInput[], options: RecordBatchOptions = {}, nowMs = 1_700_000_000_000): Buffer {
  const builder = new RecordBatchBuilder(options);
  for (const r of records) builder.append(r, nowMs);
  return builder.build();
}

/** A batch of `count` records with values `prefix-i` and no keys. */
export function valuesBatch(count: number, prefix = 'v', timestamp = 1_700_000_000_000): Buffer {
  const records: RecordInput[] = [];
  for (let i = 0; i < count; i++) records.push({ value: Buffer.from(`${prefix}-${i}`), timestamp });
  return batch(records);
}

/** A keyed record. */
export function kv(key: string, value: string | null, timestamp = 1_700_000_000_000): RecordInput {
  return { key: Buffer.from(key), value: value === null ? null : Buffer.from(value), timestamp };
}

/** Decodes returned bytes into [offset, key, value] triples. */
export function records(bytes: Buffer): { offset: bigint; key: string | null; value: string | null; timestamp: bigint }[] {
  return decodeRecordBatchesSync(bytes).flatMap((b) =>
    b.records.map((r) => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp })),
  );
}

/** A copy with every batch's baseOffset and partitionLeaderEpoch (what the log assigns) zeroed. */
export function withoutAssignedFields(batches: Buffer): Buffer {
  const copy = Buffer.from(batches);
  forEachBatch(copy, (at) => {
    copy.writeBigInt64BE(0n, at);
    copy.writeInt32BE(0, at + 12);
  });
  return copy;
}
