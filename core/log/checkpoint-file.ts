/**
 * Kafka's text checkpoint files: a version line (0), a count line, then one entry per line with
 * space-separated fields. Used for `recovery-point-offset-checkpoint`,
 * `log-start-offset-checkpoint`, `cleaner-offset-checkpoint` ("topic partition offset") and
 * `leader-epoch-checkpoint` ("epoch startOffset"). Written atomically (temp file, fsync, rename).
 */
import type { Storage } from '../io/storage.js';
import { FjordError } from '../errors.js';

/** The only checkpoint version Kafka writes. */
export const CHECKPOINT_VERSION = 0;
/** Most lines a checkpoint may hold (one per partition; guards against reading garbage). */
export const CHECKPOINT_ENTRIES_MAX = 1_000_000;

/** Renders a checkpoint from its entry lines' fields. */
export function formatCheckpoint(entries: readonly (readonly string[])[]): string {
  const lines = [String(CHECKPOINT_VERSION), String(entries.length), ...entries.map((e) => e.join(' '))];
  return `${lines.join('\n')}\n`;
}

/**
 * Parses a checkpoint into entries of exactly `fields` fields each. Throws
 * FjordError('CORRUPT_LOG') naming the file and line for a bad version, count or line.
 */
export function parseCheckpoint(text: string, fields: number, path: string): string[][] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const bad = (line: number, why: string) => new FjordError('CORRUPT_LOG', `checkpoint ${path} line ${line}: ${why}`);
  if (lines.length < 2) throw bad(1, 'missing version or count line');
  if (lines[0].trim() !== String(CHECKPOINT_VERSION)) throw bad(1, `unsupported version '${lines[0]}'`);
  const count = Number(lines[1].trim());
  if (!Number.isInteger(count) || count < 0 || count > CHECKPOINT_ENTRIES_MAX) throw bad(2, `bad count '${lines[1]}'`);
  if (lines.length - 2 !== count) throw bad(2, `count says ${count} entries, file has ${lines.length - 2}`);
  const out: string[][] = [];
  for (let i = 0; i < count; i++) {
    const parts = lines[i + 2].trim().split(/\s+/);
    if (parts.length !== fields) throw bad(i + 3, `expected ${fields} fields, got '${lines[i + 2]}'`);
    out.push(parts);
  }
  return out;
}

/** One "topic partition offset" line. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

/** Writes a broker-wide offset checkpoint atomically. */
export function writeOffsetCheckpoint(storage: Storage, path: string, entries: readonly PartitionOffset[]): void {
  storage.writeFileAtomic(path, formatCheckpoint(entries.map((e) => [e.topic, String(e.partition), e.offset.toString()])));
}

/** Reads a broker-wide offset checkpoint; [] if the file does not exist. */
export function readOffsetCheckpoint(storage: Storage, path: string): PartitionOffset[] {
  const data = storage.readFile(path);
  if (data === null) return [];
  return parseCheckpoint(data.toString('utf8'), 3, path).map(([topic, partition, offset], i) => {
    if (!/^\d+$/.test(partition) || !/^-?\d+$/.test(offset)) {
      throw new FjordError('CORRUPT_LOG', `checkpoint ${path} line ${i + 3}: bad partition or offset`);
    }
    return { topic, partition: Number(partition), offset: BigInt(offset) };
  });
}
