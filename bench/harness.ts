/**
 * The benchmark harness's parts: the Benchmark shape that `bench/*.bench.ts` modules export,
 * helpers for writing them, and the pure pieces of `bench/run.ts` (arguments, selection,
 * formatting), kept here so they are testable without running anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FjordError, assert } from '../core/errors.js';

/**
 * One benchmark. A `bench/<area>.bench.ts` module exports `benchmarks: Benchmark[]`, each named
 * `<area>.<what>`.
 */
export interface Benchmark<Ctx = unknown> {
  /**
   * `<area>.<what>`, area = the file's (`protocol.crc32c` in protocol.bench.ts): a prefix on the
   * command line selects by name, and the area says which files to load for it.
   */
  name: string;
  /** Unit of what `run` returns: 'records/s', 'MB/s', 'ms', 'MB'. MB = 2^20 bytes. */
  unit: string;
  /** For tools comparing runs (the harness only reports). Default: true for units ending in '/s'. */
  higherIsBetter?: boolean;
  /** Measurements to take, at least `runsMin`; the median is reported. */
  runs?: number;
  /** For a 'records/s' benchmark: bytes per record, so the table can show MB/s next to the probe. */
  bytesPerRecord?: number;
  /** The goal, for the reader: '>= 2,000,000 records/s'. */
  target?: string;
  /**
   * The benchmark (same unit) this one is set against in the same run, e.g. its plain-loop
   * ceiling: whenever this one is selected the harness runs that one too, before it, and the
   * table shows the ratio of their medians.
   */
  comparedWith?: string;
  /** Builds what every run shares (a broker, a data set); not timed. */
  setup?(): Promise<Ctx>;
  /** Takes one measurement, in `unit`. Time only the work itself, e.g. with `timeIt`. */
  run(ctx: Ctx): Promise<number>;
  teardown?(ctx: Ctx): Promise<void>;
}

/** What one benchmark measured. */
export interface BenchResult {
  name: string;
  unit: string;
  /** Median of `values`. */
  value: number;
  values: number[];
  target?: string;
  bytesPerRecord?: number;
  comparedWith?: string;
}

export const runsDefault = 5;
/** Fewer runs than this make the median one noisy sample. */
export const runsMin = 5;
/** The raw ceiling every throughput figure is compared with (bench/probe.bench.ts). */
export const probeName = 'probe.append';
/** Bytes in the MB of every 'MB' and 'MB/s' figure: 2^20, as in Kafka's perf tools. */
export const bytesPerMB = 1024 * 1024;

/** Median of a non-empty list; the mean of the middle two for an even count. */
export function median(xs: readonly number[]): number {
  assert(xs.length > 0, 'median of an empty list');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds `fn` took, measured with the monotonic high-resolution clock. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const tmpDirs = new Set<string>();

/**
 * A fresh directory under os.tmpdir() (set TMPDIR to benchmark another disk). The harness removes
 * it after the benchmark's teardown, and on exit, so data sets do not pile up across benchmarks.
 */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fjord-bench-${prefix}-`));
  if (tmpDirs.size === 0) process.once('exit', removeTmpDirs);
  tmpDirs.add(dir);
  return dir;
}

/** Removes every directory `tmpDir` made so far. */
export function removeTmpDirs(): void {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  tmpDirs.clear();
}

/** The command line of `npm run bench -- [--json] [prefix...]`. */
export interface BenchArgs {
  json: boolean;
  prefixes: string[];
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { json: false, prefixes: [] };
  for (const arg of argv) {
    if (arg === '--json') args.json = true;
    else if (arg.startsWith('-')) throw new FjordError('INVALID_ARGUMENT', `unknown option ${arg}; usage: npm run bench -- [--json] [name-prefix...]`);
    else args.prefixes.push(arg);
  }
  return args;
}

/**
 * Benchmarks whose name starts with any of `prefixes` (all if none), in the order given.
 * A prefix that selects nothing is an error, so a typo does not pass as an empty, green run.
 */
export function selectBenchmarks<B extends { name: string }>(all: readonly B[], prefixes: readonly string[]): B[] {
  if (prefixes.length === 0) return [...all];
  for (const prefix of prefixes) {
    if (!all.some((b) => b.name.startsWith(prefix))) {
      const names = all.map((b) => b.name).join(', ');
      throw new FjordError('INVALID_ARGUMENT', `no benchmark name starts with "${prefix}"; there are: ${names}`);
    }
  }
  return all.filter((b) => prefixes.some((p) => b.name.startsWith(p)));
}

/**
 * `selected` with every benchmark one of them is `comparedWith` (from `all`) placed just before
 * its first dependent, so a ratio always compares figures of the same run. Fails naming a
 * reference that does not exist.
 */
export function withReferences<B extends { name: string; comparedWith?: string }>(all: readonly B[], selected: readonly B[]): B[] {
  const out: B[] = [];
  for (const b of selected) {
    if (b.comparedWith !== undefined && !out.some((o) => o.name === b.comparedWith)) {
      const reference = all.find((a) => a.name === b.comparedWith);
      if (reference === undefined) throw new FjordError('INVALID_ARGUMENT', `benchmark ${b.name} is compared with ${b.comparedWith}, which no bench file defines`);
      out.push(reference);
    }
    if (!out.includes(b)) out.push(b);
  }
  return out;
}

/** The area of a `bench/<area>.bench.ts` file name, or undefined if it is not one. */
export function benchFileArea(fileName: string): string | undefined {
  const m = /^([\w-]+)\.bench\.ts$/.exec(fileName);
  return m?.[1];
}

/**
 * The bench files that can hold a benchmark matching one of `prefixes` (all without prefixes),
 * plus the probe's. Loading only these keeps one area's broken or slow-to-load module from
 * stopping the benchmarks of another.
 */
export function benchFilesFor(fileNames: readonly string[], prefixes: readonly string[]): string[] {
  const probeArea = probeName.split('.')[0];
  const wanted = (area: string): boolean =>
    prefixes.length === 0 || area === probeArea || prefixes.some((p) => area.startsWith(p) || p.startsWith(`${area}.`));
  return fileNames.filter((f) => {
    const area = benchFileArea(f);
    return area !== undefined && wanted(area);
  }).sort();
}

/** Asserts what the harness relies on: names in the file's area, unique, enough runs for a median. */
export function checkBenchmarks(all: readonly Benchmark[], area?: string): void {
  const seen = new Set<string>();
  for (const b of all) {
    assert(area === undefined || b.name.startsWith(`${area}.`), `benchmark ${b.name} is in ${area}.bench.ts; name it ${area}.<what>`);
    assert(!seen.has(b.name), `benchmark ${b.name} is defined twice`);
    seen.add(b.name);
    assert((b.runs ?? runsDefault) >= runsMin, `benchmark ${b.name} asks for ${b.runs} runs; at least ${runsMin} are needed`);
    assert(b.bytesPerRecord === undefined || b.unit === 'records/s', `benchmark ${b.name}: bytesPerRecord needs unit records/s`);
  }
}

/**
 * Runs `b` (setup, `runs` measurements, teardown) and returns the median. Progress goes to
 * `progress`, never stdout, which belongs to the table or the JSON lines.
 */
export async function runBenchmark(b: Benchmark, progress: (line: string) => void): Promise<BenchResult> {
  const runs = b.runs ?? runsDefault;
  const values: number[] = [];
  const ctx = await b.setup?.();
  try {
    for (let i = 1; i <= runs; i++) {
      const value = await b.run(ctx);
      assert(Number.isFinite(value), `benchmark ${b.name} run ${i} returned ${value}`);
      values.push(value);
      progress(`${b.name} run ${i}/${runs}: ${formatNumber(value)} ${b.unit}`);
    }
  } finally {
    await b.teardown?.(ctx);
    removeTmpDirs();
  }
  const result: BenchResult = { name: b.name, unit: b.unit, value: median(values), values };
  if (b.target !== undefined) result.target = b.target;
  if (b.bytesPerRecord !== undefined) result.bytesPerRecord = b.bytesPerRecord;
  if (b.comparedWith !== undefined) result.comparedWith = b.comparedWith;
  return result;
}

/** One `--json` line: exactly name, value (the median) and unit. */
export function formatJsonLine(r: BenchResult): string {
  return JSON.stringify({ name: r.name, value: r.value, unit: r.unit });
}

/** A result's throughput in MB/s, if it has one: MB/s itself, or records/s times bytesPerRecord. */
export function throughputMBps(r: BenchResult): number | undefined {
  if (r.unit === 'MB/s') return r.value;
  if (r.unit === 'records/s' && r.bytesPerRecord !== undefined) return (r.value * r.bytesPerRecord) / bytesPerMB;
  return undefined;
}

const tableHeader = ['name', 'median', 'unit', 'MB/s', 'runs', 'target', `${probeName} MB/s`, 'ratio', 'of same-run'];

/**
 * The human table: one row per result, each throughput set against the probe's median, and a
 * result with `comparedWith` against that benchmark's median in the same run ("0.78 of
 * streams.ceiling").
 */
export function formatTable(results: readonly BenchResult[], probe: BenchResult | undefined): string {
  const rows = results.map((r) => {
    const mbps = throughputMBps(r);
    const isProbe = r.name === probeName;
    const ratio = mbps !== undefined && probe !== undefined && !isProbe ? (mbps / probe.value).toFixed(2) : '';
    return [
      r.name,
      formatNumber(r.value),
      r.unit,
      mbps !== undefined ? formatNumber(mbps) : '',
      String(r.values.length),
      r.target ?? '',
      probe !== undefined && !isProbe ? formatNumber(probe.value) : '',
      ratio,
      ofReference(r, results),
    ];
  });
  const all = [tableHeader, ...rows];
  const widths = tableHeader.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const numeric = new Set([1, 3, 4, 6, 7]); // right-aligned so magnitudes line up
  const line = (row: string[]): string =>
    row.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ').trimEnd();
  return [line(tableHeader), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function ofReference(r: BenchResult, results: readonly BenchResult[]): string {
  const reference = r.comparedWith === undefined ? undefined : results.find((o) => o.name === r.comparedWith);
  if (reference === undefined || reference.unit !== r.unit || reference.value === 0) return '';
  return `${(r.value / reference.value).toFixed(2)} of ${reference.name}`;
}

/** Three significant digits at least, thousands separated: 2,345,678 · 1,234 · 12.35 · 0.123. */
export function formatNumber(x: number): string {
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** Extra node flags for benchmarks' broker child processes: FJORD_BENCH_BROKER_NODE_ARGS, e.g. "--cpu-prof" or "--trace-gc". */
export function brokerNodeArgs(): string[] {
  return (process.env.FJORD_BENCH_BROKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}
