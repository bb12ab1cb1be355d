/**
 * The `.checkpoint` file, in Kafka's OffsetCheckpoint format:
 *
 *     0                 <- version
 *     2                 <- number of entries
 *     app-counts-changelog 0 1234
 *     app-counts-changelog 1 99
 *
 * Written to a temporary file, fsynced and renamed, so a crash leaves the old or the new file,
 * never half of one.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { FjordError } from '../../errors.js';
import type { ChangelogOffset } from './store.js';

export const CHECKPOINT_FILE = '.checkpoint';
const CHECKPOINT_VERSION = 0;

export function encodeCheckpoint(offsets: readonly ChangelogOffset[]): string {
  const lines = [String(CHECKPOINT_VERSION), String(offsets.length)];
  for (const o of offsets) {
    if (/\s/.test(o.topic)) throw new FjordError('INVALID_ARGUMENT', `topic name has whitespace: "${o.topic}"`);
    lines.push(`${o.topic} ${o.partition} ${o.offset}`);
  }
  return lines.join('\n') + '\n';
}

export function decodeCheckpoint(text: string, where: string): ChangelogOffset[] {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const fail = (why: string): never => {
    throw new FjordError('CORRUPT_LOG', `bad checkpoint file ${where}: ${why}`);
  };
  if (lines[0] !== String(CHECKPOINT_VERSION)) fail(`unknown version "${lines[0]}"`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count !== lines.length - 2) fail(`count ${lines[1]} but ${lines.length - 2} entries`);
  return lines.slice(2).map((line) => {
    const parts = line.split(' ');
    if (parts.length !== 3 || !/^\d+$/.test(parts[1]!) || !/^-?\d+$/.test(parts[2]!)) fail(`bad line "${line}"`);
    return { topic: parts[0]!, partition: Number(parts[1]), offset: BigInt(parts[2]!) };
  });
}

/** Reads `<dir>/.checkpoint`; an absent file means no checkpoint. */
export async function readCheckpoint(dir: string): Promise<ChangelogOffset[]> {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return decodeCheckpoint(text, path);
}

/** Writes `<dir>/.checkpoint` atomically (temp file, fsync, rename). */
export async function writeCheckpoint(dir: string, offsets: readonly ChangelogOffset[]): Promise<void> {
  const path = join(dir, CHECKPOINT_FILE);
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(encodeCheckpoint(offsets), 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}
