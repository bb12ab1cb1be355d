/**
 * `npm run bench -- [--json] [name-prefix...]`: discovers `bench/*.bench.ts`, runs the selected
 * benchmarks and always the raw ceiling probe (`probe.append`) with them, then prints a table —
 * or, with --json, one `{"name","value","unit"}` line per result and nothing else on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Benchmark, type BenchResult, benchFileArea, benchFilesFor, checkBenchmarks, formatJsonLine, formatTable,
  parseBenchArgs, probeName, runBenchmark, selectBenchmarks, withReferences,
} from './harness.js';

/**
 * The benchmarks of the `bench/*.bench.ts` files that `prefixes` may select, in file-name order,
 * and of the files defining the benchmarks those are compared with.
 */
async function discover(dir: string, prefixes: readonly string[]): Promise<Benchmark[]> {
  const files = benchFilesFor(fs.readdirSync(dir), prefixes);
  const all = await load(dir, files);
  const referenced = [...new Set(all.flatMap((b) => (b.comparedWith !== undefined && !all.some((a) => a.name === b.comparedWith) ? [b.comparedWith.split('.')[0]!] : [])))];
  const more = benchFilesFor(fs.readdirSync(dir), referenced).filter((f) => !files.includes(f));
  all.push(...(await load(dir, more)));
  checkBenchmarks(all); // names unique across files too
  return all;
}

async function load(dir: string, files: readonly string[]): Promise<Benchmark[]> {
  const all: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href).catch((e: unknown) => {
      throw new Error(`bench/${file} failed to load (select other areas by prefix meanwhile)`, { cause: e });
    })) as { benchmarks?: Benchmark[] };
    if (!Array.isArray(mod.benchmarks)) throw new Error(`bench/${file} does not export benchmarks: Benchmark[]`);
    checkBenchmarks(mod.benchmarks, benchFileArea(file));
    all.push(...mod.benchmarks);
  }
  return all;
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const all = await discover(import.meta.dirname, args.prefixes);
  const probe = all.find((b) => b.name === probeName);
  if (probe === undefined) throw new Error(`bench/probe.bench.ts must define ${probeName}`);
  // The probe runs first, in this same process, so every ratio compares figures taken under the
  // same machine load; it is skipped from the selection so it never runs twice.
  const selected = withReferences(all, selectBenchmarks(all, args.prefixes)).filter((b) => b !== probe);
  const progress = (line: string): void => void process.stderr.write(line + '\n');

  const probeResult = await runBenchmark(probe, progress);
  const results: BenchResult[] = [probeResult];
  for (const b of selected) results.push(await runBenchmark(b, progress));

  if (args.json) for (const r of results) process.stdout.write(formatJsonLine(r) + '\n');
  else process.stdout.write(formatTable(results, probeResult) + '\n');
}

main().catch((e: unknown) => {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}${cause}\n`);
  process.exitCode = 1;
});
