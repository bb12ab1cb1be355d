/**
 * `fjord sql`: ksqlDB-compatible streaming SQL. Without --execute/--file it is an interactive REPL
 * (banner, multi-line statements, history in the data dir, tab completion, push queries that
 * stream until Ctrl-C); with them it runs the statements and exits, 1 at the first error.
 * Queries run in this process as FjordStreams applications on the embedded data dir (or on the
 * --bootstrap broker), with their state under `<data-dir>/sql-state`; the catalog lives in the
 * command topic, so the next `fjord sql` finds its streams, tables and queries again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fjord } from '../../core/client/fjord.js';
import type { FjordStreamsConfig } from '../../core/streams/runtime/fjord-streams.js';
import { FjordError } from '../../core/errors.js';
import { silentLogger, stderrLogger } from '../../core/io/logger.js';
import type { OutputStyle } from '../../sql/repl/result-format.js';
import type { ReplEngine, ReplOutput } from '../../sql/repl/session.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import type { DevHandles } from './dev.js';
import type { OutputWriter } from '../output.js';

/** The history file, inside the data dir. */
export const HISTORY_FILE = 'sql-history';
/** Where queries keep their state stores, inside the data dir. */
export const STATE_DIR = 'sql-state';

const STYLES: readonly OutputStyle[] = ['table', 'plain', 'json'];

const spec: CommandSpec = {
  name: 'sql',
  summary: 'Streaming SQL as in ksqlDB: an interactive REPL, or run statements with --execute / --file and exit.',
  positionals: [],
  options: {
    execute: { type: 'string', short: 'e', value: 'SQL', description: "run these statements (each ended by ';') and exit; exit code 1 at the first error" },
    file: { type: 'string', short: 'f', value: 'FILE', description: 'run the statements in FILE and exit; exit code 1 at the first error' },
    define: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'define a variable for ${NAME} substitution before anything runs (as DEFINE NAME = \'VALUE\';); repeatable' },
    udf: { type: 'string', multiple: true, value: 'MODULE', description: 'register the user-defined functions a TypeScript/JS module exports (scalar, aggregate, table; see sql/functions/aggregate/README.md); repeatable' },
    format: { type: 'string', value: 'table|plain|json', description: "how results print: ksqlDB's tables, plain aligned columns, or one JSON object per row / message", defaultText: 'table on a terminal, plain otherwise' },
  },
  examples: [
    'fjord sql',
    'fjord sql --bootstrap localhost:9092',
    `fjord sql -e "SHOW STREAMS;"`,
    'fjord sql --file setup.sql --format json',
    'fjord sql --file orders.sql --define topic=orders_v2',
    'fjord sql --udf ./my-udfs.ts -e "SELECT MY_FN(x) FROM s EMIT CHANGES;"',
  ],
};

function outputStyle(format: string | undefined): OutputStyle {
  if (format === undefined) return process.stdout.isTTY === true ? 'table' : 'plain';
  if (!(STYLES as readonly string[]).includes(format)) throw new UsageError(`--format expects table, plain or json, got '${format}'`);
  return format as OutputStyle;
}

/** The statements of --execute or --file, or null for the interactive REPL. */
function scriptText(parsed: ParsedArgs): string | null {
  const execute = parsed.flags.string('execute');
  const file = parsed.flags.string('file');
  if (execute !== undefined && file !== undefined) throw new UsageError('give either --execute or --file, not both');
  if (execute !== undefined) return execute;
  if (file === undefined) return null;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FjordError('INVALID_ARGUMENT', `cannot read --file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** `--define NAME=VALUE` as DEFINE statements, run before the script or the REPL. */
function defineStatements(parsed: ParsedArgs): string[] {
  return Object.entries(parsed.flags.keyValues('define')).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--define expects NAME=VALUE with NAME made of letters, digits and '_', got '${name}'`);
    return `DEFINE ${name} = '${value.replace(/'/g, "''")}';`;
  });
}

/** Runs the --define statements; the first failure is thrown. */
async function runDefines(engine: ReplEngine, defines: readonly string[]): Promise<void> {
  for (const statement of defines) await engine.execute(statement);
}

function replOutput(out: OutputWriter): ReplOutput {
  return {
    out: (text) => out.write(text),
    err: async (text) => {
      await out.flush(); // keep results and errors in the order they happened
      process.stderr.write(text);
    },
  };
}

/**
 * Opens the SQL engine on a live runtime over `fjord`; `close` stops its queries and the runtime
 * (not `fjord`). Restores of the queries' state stores report progress on stderr as plain lines
 * (only for restores that take a while): a line rewritten in place would fight the REPL's prompt.
 */
export async function openSqlEngine(
  fjord: Fjord,
  dataDir: string,
  options: { verbose: boolean; quiet: boolean; onRestoreProgress?: FjordStreamsConfig['onRestoreProgress']; udfModules?: readonly string[] },
): Promise<{ engine: ReplEngine; close(): Promise<void> }> {
  const [{ LiveRuntime }, { SqlEngine }, { restoreProgressListener }, { streamSink }] = await Promise.all([
    import('../../sql/live/live-runtime.js'), import('../../sql/engine/engine.js'), import('../progress/restore-progress.js'), import('../progress/progress-reporter.js'),
  ]);
  const runtime = new LiveRuntime({
    fjord, stateDir: path.join(dataDir, STATE_DIR), logger: options.verbose ? stderrLogger('sql') : silentLogger,
    onRestoreProgress: options.onRestoreProgress ?? restoreProgressListener(options.quiet ? 'silent' : 'lines', streamSink(process.stderr)),
  });
  try {
    const engine = await SqlEngine.open({ runtime, udfModules: options.udfModules ?? [] });
    return {
      engine,
      close: async () => {
        try {
          await engine.close();
        } finally {
          await runtime.close();
        }
      },
    };
  } catch (error) {
    await runtime.close().catch(() => {});
    throw error;
  }
}

/** Runs a script statement by statement; the first failure is thrown (main prints it and exits 1). */
async function runScript(text: string, engine: ReplEngine, ctx: CliContext, style: OutputStyle): Promise<void> {
  const [{ splitStatements }, { ReplSession }] = await Promise.all([import('../../sql/parser/split-statements.js'), import('../../sql/repl/session.js')]);
  const session = new ReplSession(engine, replOutput(ctx.out), style, (onInterrupt) => {
    ctx.signal.addEventListener('abort', onInterrupt);
    return () => ctx.signal.removeEventListener('abort', onInterrupt);
  });
  const { complete, rest } = splitStatements(text);
  // A last statement without its ';' still runs, so the engine can say what is wrong with it.
  const statements = rest.trim() === '' ? complete : [...complete, rest.trim()];
  for (const statement of statements) {
    if (ctx.signal.aborted) return;
    const error = await session.run(statement);
    if (error !== null) throw error;
  }
}

/** What runSqlRepl needs: where to work, how to print, and the signal that ends it. */
export interface SqlReplOptions {
  /** DEFINE statements to run before the first prompt. */
  readonly defines?: readonly string[];
  readonly fjord: Fjord;
  readonly dataDir: string;
  /** Named in the banner: `the embedded data dir /x`, `the broker at host:port`. */
  readonly target: string;
  readonly signal: AbortSignal;
  readonly out: OutputWriter;
  readonly style?: OutputStyle;
  readonly verbose?: boolean;
  readonly onRestoreProgress?: FjordStreamsConfig['onRestoreProgress'];
  /** Modules of user-defined functions to register (`--udf`). */
  readonly udfModules?: readonly string[];
}

/** The interactive REPL on `fjord`, until exit / Ctrl-D / a signal. */
export async function runSqlRepl(options: SqlReplOptions): Promise<void> {
  // The banner first: loading the SQL grammar, replaying the command topic and restarting queries
  // take a few seconds, and the terminal should not sit blank meanwhile.
  const { bannerText } = await import('../../sql/repl/texts.js');
  if (process.stdin.isTTY === true) await options.out.write(bannerText({ version: packageVersion(), target: options.target }));
  const { runRepl } = await import('../../sql/repl/repl.js');
  const opened = await openSqlEngine(options.fjord, options.dataDir, { verbose: options.verbose ?? false, quiet: options.style === 'json', onRestoreProgress: options.onRestoreProgress, udfModules: options.udfModules });
  try {
    await runDefines(opened.engine, options.defines ?? []);
    await runRepl({
      engine: opened.engine,
      input: process.stdin,
      terminalOutput: process.stdout,
      output: replOutput(options.out),
      style: options.style ?? outputStyle(undefined),
      banner: '',
      historyFile: path.join(options.dataDir, HISTORY_FILE),
      signal: options.signal,
    });
  } finally {
    await opened.close();
  }
}

async function sql(ctx: CliContext, parsed: ParsedArgs): Promise<void> {
  const style = outputStyle(parsed.flags.string('format'));
  const script = scriptText(parsed);
  const defines = defineStatements(parsed);
  const udfModules = parsed.flags.strings('udf');
  const fjord = await ctx.open();
  if (script === null) {
    const target = ctx.bootstrap === undefined ? `the embedded data dir ${ctx.dataDirPath}` : `the broker at ${ctx.bootstrap}`;
    await runSqlRepl({ fjord, dataDir: ctx.dataDirPath, target, signal: ctx.signal, out: ctx.out, style, verbose: ctx.verbose, defines, udfModules });
    return;
  }
  const opened = await openSqlEngine(fjord, ctx.dataDirPath, { verbose: ctx.verbose, quiet: style === 'json', udfModules });
  try {
    await runDefines(opened.engine, defines);
    await runScript(script, opened.engine, ctx, style);
  } finally {
    await opened.close();
  }
}

/**
 * The SQL REPL as `fjord dev`'s terminal REPL (its `DevRepl` hook: `createDevCommand(devSqlRepl)`):
 * on the dev broker's clients, state and history in its data dir, restores reported the dev way.
 */
export function devSqlRepl(dev: DevHandles, io: { signal: AbortSignal; out: OutputWriter }): Promise<void> {
  return runSqlRepl({
    fjord: dev.fjord, dataDir: dev.dataDir, target: `the fjord dev broker at ${dev.kafka.host}:${dev.kafka.port}`,
    signal: io.signal, out: io.out, onRestoreProgress: dev.onRestoreProgress,
  });
}

function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** `fjord sql`. */
export const sqlCommand: Command = { spec, run: sql };
