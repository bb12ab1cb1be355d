/**
 * Runs `fjord` as a real child process (`node --import tsx cli/main.ts ...` from the repo root),
 * as a user would, feeding stdin and collecting stdout, stderr and the exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A process started by `startCli`, still running. */
export interface RunningCli {
  child: ChildProcess;
  /** Resolves when it exits. */
  done: Promise<CliResult>;
}

/** Starts the CLI; stdin gets `input` and is then closed (or stays open with `keepStdinOpen`). */
export function startCli(args: string[], options: { input?: string; keepStdinOpen?: boolean; env?: Record<string, string> } = {}): RunningCli {
  const env = options.env === undefined ? process.env : { ...process.env, ...options.env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (options.input !== undefined) child.stdin!.write(options.input);
  if (!options.keepStdinOpen) child.stdin!.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Runs the CLI and fails with its stderr if it does not exit 0. */
export async function runOk(args: string[], options: { input?: string } = {}): Promise<CliResult> {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`fjord ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** A fresh data directory per test; removed by `removeTmpDirs`. */
const created: string[] = [];
export function tmpDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjord-cli-test-'));
  created.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Parses `--format json` output: one object per non-empty line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Shorthands that add `--data-dir` of the current test. */
export interface CliIn {
  /** Runs and returns the result, whatever the exit code. */
  run(...args: string[]): Promise<CliResult>;
  /** Runs and fails unless it exits 0. */
  ok(...args: string[]): Promise<CliResult>;
  /** Runs with `input` on stdin and fails unless it exits 0. */
  pipe(input: string, ...args: string[]): Promise<CliResult>;
  /** Runs with `input` on stdin, whatever the exit code. */
  runWith(input: string, ...args: string[]): Promise<CliResult>;
}

export function cliIn(dataDir: () => string): CliIn {
  return {
    run: (...args) => runCli([...args, '--data-dir', dataDir()]),
    ok: (...args) => runOk([...args, '--data-dir', dataDir()]),
    pipe: (input, ...args) => runOk([...args, '--data-dir', dataDir()], { input }),
    runWith: (input, ...args) => runCli([...args, '--data-dir', dataDir()], { input }),
  };
}

/** A record to seed: partition by key hash unless given. */
export interface SeedRecord {
  key?: string;
  value: string;
  partition?: number;
}

/**
 * Creates a topic with records in `dataDir` through the library, in this process: tests set up
 * their data without paying for extra CLI processes, and run only the command under test.
 */
export async function seedTopic(dataDir: string, topic: string, partitions: number, records: SeedRecord[] = []): Promise<void> {
  const { Fjord } = await import('../../core/client/fjord.js');
  const fjord = await Fjord.embedded({ dataDir });
  try {
    await fjord.admin().createTopics([{ topic, numPartitions: partitions }]);
    const producer = fjord.producer({ lingerMs: 0 });
    for (const r of records) await producer.send({ topic, ...r }); // one by one: keeps their order
    await producer.close();
  } finally {
    await fjord.close();
  }
}
