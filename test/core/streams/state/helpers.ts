/** Shared helpers for the state-store tests: temp dirs, byte literals, a recording sink. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangelogRecord, ChangelogSink } from '../../../../core/streams/state/store.js';

export function b(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Renders key/value pairs as "key=value" strings, so assertions read like the data. */
export function text(entries: readonly { key: Buffer; value: Buffer }[]): string[] {
  return entries.map((e) => `${e.key.toString()}=${e.value.toString()}`);
}

export class RecordingSink implements ChangelogSink {
  readonly records: ChangelogRecord[] = [];
  record(key: Buffer, value: Buffer | null): void {
    this.records.push({ key, value });
  }
  /** "key=value" or "key=<tombstone>" per record, in order. */
  rendered(keyToString: (key: Buffer) => string = (k) => k.toString()): string[] {
    return this.records.map((r) => `${keyToString(r.key)}=${r.value === null ? '<tombstone>' : r.value.toString()}`);
  }
}

/** A fresh directory per test, removed by `cleanup()`. */
export class TempDirs {
  private readonly dirs: string[] = [];
  async make(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'fjord-state-'));
    this.dirs.push(dir);
    return dir;
  }
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}
