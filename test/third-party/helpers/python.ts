/**
 * The confluent-kafka (Python, librdkafka 2.0.2) fixtures under test/third-party/fixtures: run with
 * Debian's /usr/bin/python3, arguments in, JSON lines out, bytes as base64.
 */
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from './broker-process.js';
import { debugChildren, runChild, startChild, tail, waitUntil, type RunningChild } from './child-run.js';
import type { Header, ReadRecord, TestRecord } from './records.js';
import { debianPython } from './tools.js';

const fixturesDir = path.join(repoRoot, 'test', 'third-party', 'fixtures');
const debugArgs = debugChildren ? ['--debug', 'protocol,broker,cgrp,feature'] : [];

export type Json = Record<string, unknown>;

/** `-B`: no __pycache__ written into the source tree. */
function scriptArgs(script: string, args: readonly string[]): string[] {
  return ['-B', path.join(fixturesDir, script), ...args, ...debugArgs];
}

/** `--config k=v` flags for librdkafka properties. */
export function pyConfig(config: Record<string, string | number | boolean>): string[] {
  return Object.entries(config).flatMap(([k, v]) => ['--config', `${k}=${String(v)}`]);
}

function jsonLines(text: string): Json[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
}

/** Runs a fixture to completion and returns its JSON lines; fails with its stderr on a non-zero exit. */
export async function runFixture(script: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<Json[]> {
  return (await runFixtureFull(script, args, options)).lines;
}

/** As `runFixture`, also returning stderr (librdkafka's debug log goes there). */
export async function runFixtureFull(script: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<{ lines: Json[]; stderr: string }> {
  const result = await runChild(debianPython, scriptArgs(script, args), {
    timeoutMs: options.timeoutMs ?? 40_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  expect(result.code, `${script} ${args.join(' ')} exited ${result.code}\n${tail(result.stderr)}`).to.equal(0);
  return { lines: jsonLines(result.stdout.toString('utf8')), stderr: result.stderr };
}

const b64 = (b: Buffer | null): string | null => (b === null ? null : b.toString('base64'));
const unb64 = (s: unknown): Buffer | null => (typeof s === 'string' ? Buffer.from(s, 'base64') : null);

export function recordFromJson(j: Json): ReadRecord {
  return {
    partition: j.partition as number,
    offset: j.offset as number,
    key: unb64(j.key),
    value: unb64(j.value) ?? Buffer.alloc(0),
    headers: (j.headers as [string, string | null][]).map(([k, v]): Header => [k, unb64(v) ?? Buffer.alloc(0)]),
  };
}

export interface PyProduceResult {
  delivered: number;
  errors: string[];
  error_count: number;
  undelivered: number;
  partitions: Record<string, number>;
}

/** produce.py's stdin: one JSON line per record. */
export function produceInput(records: readonly TestRecord[]): string {
  return records.map((r) => JSON.stringify({ key: b64(r.key), value: b64(r.value), headers: r.headers.map(([k, v]) => [k, b64(v)]) })).join('\n') + '\n';
}

/** Produces `records` with a confluent-kafka Producer; `config` adds librdkafka properties. */
export async function pyProduce(bootstrap: string, topic: string, records: readonly TestRecord[], config: Record<string, string | number | boolean> = {}): Promise<PyProduceResult> {
  const lines = await runFixture('produce.py', [bootstrap, topic, ...pyConfig(config)], { input: produceInput(records) });
  return lines.at(-1) as unknown as PyProduceResult;
}

/** Reads `count` records of `topic` from the beginning with a confluent-kafka Consumer (assign, no group). */
export async function pyConsumeAll(bootstrap: string, topic: string, count: number, timeoutS = 25): Promise<ReadRecord[]> {
  const lines = await runFixture('consume.py', [bootstrap, topic, '--count', String(count), '--timeout', String(timeoutS)], { timeoutMs: (timeoutS + 15) * 1000 });
  const done = lines.at(-1)!;
  expect(done.done, 'consume.py finished').to.equal(true);
  expect(done.errors, 'consumer errors').to.deep.equal([]);
  return lines.slice(0, -1).map(recordFromJson);
}

/** A running group_member.py. */
export interface PyMember {
  process: RunningChild;
  events(): Json[];
  records(): ReadRecord[];
  /** The partitions of the latest `assigned` event (after a `revoked`, empty), or undefined before any. */
  assignment(): number[] | undefined;
  /** Commits synchronously and returns the committed offsets by partition. */
  commit(): Promise<{ offsets: Record<string, number>; errors: string[] }>;
  /** Closes the consumer (LeaveGroup) and waits for the exit. */
  stop(): Promise<void>;
}

export function pyGroupMember(bootstrap: string, group: string, topic: string): PyMember {
  const process = startChild(debianPython, scriptArgs('group_member.py', [bootstrap, group, topic]), { keepStdinOpen: true });
  const events = (): Json[] => {
    const text = process.stdout().toString('utf8');
    return jsonLines(text.slice(0, text.lastIndexOf('\n') + 1));
  };
  const detail = (): string => `member stderr:\n${tail(process.stderr())}`;
  return {
    process,
    events,
    records: () => events().filter((e) => e.event === undefined).map(recordFromJson),
    assignment: () => {
      let current: number[] | undefined;
      for (const e of events()) {
        if (e.event === 'assigned') current = e.partitions as number[];
        if (e.event === 'revoked') current = [];
      }
      return current;
    },
    async commit() {
      const before = events().filter((e) => e.event === 'committed').length;
      process.child.stdin!.write('commit\n');
      await waitUntil('the member to commit', () => events().filter((e) => e.event === 'committed').length > before, 20_000, detail);
      const last = events().filter((e) => e.event === 'committed').at(-1)!;
      return { offsets: last.offsets as Record<string, number>, errors: last.errors as string[] };
    },
    async stop() {
      process.child.stdin!.end('stop\n');
      await waitUntil('the member to close', () => events().some((e) => e.event === 'closed'), 20_000, detail);
      await process.stop('SIGTERM', 5_000);
    },
  };
}
