/**
 * `fjord sql-test`: ksqlDB's `ksql-test-runner` for Fjord's SQL engine. Runs statements against
 * an in-memory runtime, feeds the input records, and checks what the queries wrote against the
 * expected outputs — one case from runner files (`-s -i -o`), one case directory (`--case`) or
 * every case directory below a folder (`--cases`, optionally writing what each case produced to
 * `--actual-dir`). Needs no broker and opens no data dir. Exits 1 when a case fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FjordError } from '../../core/errors.js';
import type { RunCaseOptions } from '../../sql/testing/run-case.js';
import type { SuiteEntry } from '../../sql/testing/run-suite.js';
import type { JsonNode } from '../../sql/types/json.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';

/** Same as run-case's CASE_TIMEOUT_MS_DEFAULT; repeated so --help does not load the SQL engine. */
const CASE_TIMEOUT_MS_DEFAULT = 10_000;

/** The SQL modules, loaded when the command runs: every other fjord command starts without the SQL engine. */
async function loadSql() {
  const [caseMod, runCaseMod, serdes, suite, json] = await Promise.all([
    import('../../sql/testing/case.js'),
    import('../../sql/testing/run-case.js'),
    import('../../sql/testing/row-serdes.js'),
    import('../../sql/testing/run-suite.js'),
    import('../../sql/types/json.js'),
  ]);
  const { IsolatedCaseRunner } = await import('../../sql/testing/isolated-runner.js');
  return { ...caseMod, ...runCaseMod, ...serdes, ...suite, ...json, IsolatedCaseRunner };
}
type Sql = Awaited<ReturnType<typeof loadSql>>;

const spec: CommandSpec = {
  name: 'sql-test',
  summary: "Test SQL statements the way ksqlDB's ksql-test-runner does: run the statements, feed the input\n" +
    'records, compare what the queries wrote with the expected outputs. Give the runner files (-s, -i, -o),\n' +
    'one case directory (--case) or a folder of case directories (--cases). Exits 1 when a case fails.',
  positionals: [],
  options: {
    statements: { type: 'string', short: 's', value: 'FILE', description: 'the SQL statements (statements.sql)' },
    input: { type: 'string', short: 'i', value: 'FILE', description: 'input records: {"inputs": [...]} (optional: data may come from INSERT VALUES)' },
    output: { type: 'string', short: 'o', value: 'FILE', description: 'expected records: {"outputs": [...]}' },
    case: { type: 'string', value: 'DIR', description: 'one case directory: statements.sql, input.json, output.json, meta.json' },
    cases: { type: 'string', value: 'DIR', description: 'run every case directory below DIR, one line each, then a summary' },
    filter: { type: 'string', value: 'TEXT', description: 'with --cases: only the case directories whose name contains TEXT' },
    'actual-dir': { type: 'string', value: 'OUT', description: 'with --cases: write OUT/<case-id>.json, what each case produced (output.json shape) or {"error": ...}' },
    'timeout-ms': { type: 'string', value: 'N', description: 'fail a case still running after N ms', defaultText: String(CASE_TIMEOUT_MS_DEFAULT) },
  },
  examples: [
    'fjord sql-test -s statements.sql -i input.json -o output.json',
    'fjord sql-test --case ../shared/ksql-qtt/sum--sum-with-constant-double-arg-298dbe3b',
    'fjord sql-test --cases ../shared/ksql-qtt --actual-dir /tmp/actual',
    'fjord sql-test --cases ../shared/ksql-qtt --filter joins--',
  ],
};

/** The actual output as output.json is laid out: one record per line. */
export function actualFileText(actual: JsonNode, stringifyJson: (n: JsonNode) => string): string {
  if (actual instanceof Map && Array.isArray(actual.get('outputs'))) {
    const records = actual.get('outputs') as JsonNode[];
    if (records.length === 0) return '{\n  "outputs": []\n}\n';
    return `{\n  "outputs": [\n${records.map((r) => `    ${stringifyJson(r)}`).join(',\n')}\n  ]\n}\n`;
  }
  return `${stringifyJson(actual)}\n`;
}

function writeActual(sql: Sql, dir: string, entry: SuiteEntry): void {
  // A case that hung or crashed its worker has no result: its reason is its error.
  const actual: JsonNode | undefined = entry.result?.actual ?? (entry.status === 'fail' ? new Map([['error', new Map([['message', entry.reason ?? '']])]]) : undefined);
  if (actual === undefined) return;
  const file = path.join(dir, `${entry.id}.json`);
  try {
    fs.writeFileSync(file, actualFileText(actual, sql.stringifyJson));
  } catch (err) {
    throw new FjordError('INVALID_ARGUMENT', `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Which of the three ways to name cases was used; exactly one. */
function mode(flags: ParsedArgs['flags']): 'files' | 'case' | 'cases' {
  const given = (['statements', 'case', 'cases'] as const).filter((f) => flags.string(f) !== undefined);
  if (given.length !== 1) throw new UsageError('give exactly one of -s FILE (with -o FILE), --case DIR or --cases DIR (see fjord sql-test --help)');
  if (given[0] === 'statements') {
    if (flags.string('output') === undefined) throw new UsageError('-s needs -o FILE, the expected outputs');
    return 'files';
  }
  if (flags.string('input') !== undefined || flags.string('output') !== undefined) throw new UsageError('-i and -o go with -s, not with --case / --cases');
  for (const f of ['actual-dir', 'filter']) if (flags.string(f) !== undefined && given[0] !== 'cases') throw new UsageError(`--${f} goes with --cases`);
  return given[0];
}

async function report(sql: Sql, ctx: CliContext, entry: SuiteEntry): Promise<void> {
  await ctx.out.line(sql.entryLine(entry));
  if (ctx.verbose && entry.status === 'fail') for (const note of entry.result?.notes ?? []) await ctx.out.line(`    ${note}`);
}

async function runSqlTest(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const how = mode(flags);
  const timeoutMs = flags.int('timeout-ms', 1) ?? CASE_TIMEOUT_MS_DEFAULT;
  const sql = await loadSql();
  const options: RunCaseOptions = { createRowSerde: sql.defaultRowSerdeFactory, timeoutMs };
  const entries: SuiteEntry[] = [];
  if (how === 'files') {
    const c = sql.readCaseFiles({ statements: flags.string('statements')!, input: flags.string('input'), output: flags.string('output') });
    const result = await sql.runCase(c, options);
    const entry: SuiteEntry = result.verdict.pass ? { id: c.id, status: 'pass', result } : { id: c.id, status: 'fail', reason: result.verdict.reason, failureClass: result.verdict.failureClass, result };
    entries.push(entry);
    await report(sql, ctx, entry);
  } else {
    const filter = flags.string('filter');
    const dirs = how === 'case' ? [flags.string('case')!] : sql.listCaseDirs(flags.string('cases')!).filter((d) => filter === undefined || path.basename(d).includes(filter));
    const actualDir = flags.string('actual-dir');
    if (actualDir !== undefined) fs.mkdirSync(actualDir, { recursive: true });
    // Many cases run in a worker thread, so one that blocks the event loop fails alone.
    const isolated = how === 'cases' ? new sql.IsolatedCaseRunner({ timeoutMs }) : null;
    try {
      for (const dir of dirs) {
        if (ctx.signal.aborted) break;
        const entry = isolated === null ? await sql.runCaseDir(dir, options) : await isolated.run(dir);
        entries.push(entry);
        if (actualDir !== undefined) writeActual(sql, actualDir, entry);
        await report(sql, ctx, entry);
      }
    } finally {
      await isolated?.close();
    }
  }
  const summary = sql.summarize(entries);
  await ctx.out.line(sql.summaryLine(summary));
  if (summary.failed > 0) {
    if (entries.length > 1) await ctx.out.line(`failures by class: ${sql.failureClassLine(summary)}`);
    await ctx.out.flush(); // the report first, then main's one-line error on stderr
    throw new FjordError('INVALID_ARGUMENT', `${summary.failed} of ${summary.passed + summary.failed} cases failed`);
  }
}

/** `fjord sql-test`. */
export const sqlTestCommand: Command = { spec, run: runSqlTest };
