#!/usr/bin/env node
/**
 * `fjord`: the composition root. Finds the command in argv, parses its flags, runs it against the
 * embedded data dir and turns every failure into one `fjord: <message>` line on stderr with exit
 * code 1 (2 for a bad command line). Ctrl-C stops long-running commands cleanly; a second Ctrl-C
 * exits at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FjordError } from '../core/errors.js';
import { applyServerGcProfile } from '../core/io/gc-profile.js';
import { formatHelp, GLOBAL_VALUE_FLAGS, parseCommandArgs, UsageError } from './args.js';
import { brokerCommand } from './commands/broker.js';
import { clusterCommands, clusterDevCommand } from './commands/cluster.js';
import { connectCommand } from './commands/connect.js';
import { consumeCommand } from './commands/consume.js';
import { createDevCommand } from './commands/dev.js';
import { partitionsCommands } from './commands/partitions.js';
import { groupsCommands } from './commands/groups.js';
import { produceCommand } from './commands/produce.js';
import { devSqlRepl, sqlCommand } from './commands/sql.js';

/** `fjord dev` with the SQL REPL in the terminal. */
const devCommand = createDevCommand(devSqlRepl);
import { sqlTestCommand } from './commands/sql-test.js';
import { topicsCommands } from './commands/topics.js';
import { topologyCommand } from './commands/topology.js';
import { CliContext, targetFromFlags, type Command } from './context.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

const COMMANDS: Command[] = [...topicsCommands, produceCommand, consumeCommand, ...groupsCommands, brokerCommand, ...clusterCommands, ...partitionsCommands, devCommand, connectCommand, topologyCommand, sqlCommand, sqlTestCommand];
/** Servers: a signal is how they are meant to stop, so a clean shutdown after one exits 0. */
const SIGNAL_STOPPED: ReadonlySet<Command> = new Set([brokerCommand, clusterDevCommand, connectCommand, devCommand]);

/** Command words that only group subcommands (`fjord topics create`). */
const GROUP_SUMMARIES: Record<string, string> = {
  topics: 'create, list, describe, alter and delete topics',
  groups: 'list, describe, reset the offsets of and delete consumer groups',
  cluster: 'run a replicated development cluster and describe a cluster',
  partitions: 'reassign partitions and elect preferred leaders in a cluster',
};

function version(): string {
  // Walk up from this file: cli/main.ts when run from source, dist/cli/main.js when built.
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function topLevelHelp(): string {
  const lines = ['Usage: fjord <command> [options]', '', 'Fjord: an event streaming platform that speaks Kafka.', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.spec.name.padEnd(22)} ${c.spec.summary.split('\n')[0]}`);
  lines.push('', 'Every command takes --data-dir DIR (default ./.fjord) or --bootstrap HOST:PORT (a running broker), --verbose and -h/--help.');
  lines.push('fjord --version prints the version.', '');
  return lines.join('\n');
}

function groupHelp(group: string): string {
  const lines = [`Usage: fjord ${group} <subcommand> [options]`, '', GROUP_SUMMARIES[group], '', 'Subcommands:'];
  for (const c of COMMANDS.filter((c) => c.spec.name.startsWith(`${group} `))) lines.push(`  ${c.spec.name.padEnd(22)} ${c.spec.summary.split('\n')[0]}`);
  lines.push('', `Run fjord ${group} <subcommand> --help for its flags.`, '');
  return lines.join('\n');
}

/** Indexes of the words that name the command: non-flag tokens, skipping global flags' values. */
function commandWordIndexes(argv: string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i < argv.length && found.length < 2; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (GLOBAL_VALUE_FLAGS.has(token)) i++;
    else if (!token.startsWith('-')) found.push(i);
  }
  return found;
}

type Resolved = { kind: 'help'; text: string; exitCode: number } | { kind: 'command'; command: Command; rest: string[] };

/** Finds the command named in argv, or the help to print instead. */
function resolve(argv: string[]): Resolved {
  const indexes = commandWordIndexes(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (indexes.length === 0) {
    if (argv.includes('--version') || argv.includes('-V')) return { kind: 'help', text: `fjord ${version()}\n`, exitCode: EXIT_OK };
    return { kind: 'help', text: topLevelHelp(), exitCode: wantsHelp ? EXIT_OK : EXIT_USAGE };
  }
  const first = argv[indexes[0]];
  const isGroup = GROUP_SUMMARIES[first] !== undefined;
  if (isGroup && indexes.length < 2) {
    if (wantsHelp) return { kind: 'help', text: groupHelp(first), exitCode: EXIT_OK };
    const subs = COMMANDS.filter((c) => c.spec.name.startsWith(`${first} `)).map((c) => c.spec.name.split(' ')[1]);
    throw new UsageError(`missing subcommand: fjord ${first} ${subs.join('|')} (see fjord ${first} --help)`);
  }
  const used = isGroup ? indexes : indexes.slice(0, 1);
  const name = used.map((i) => argv[i]).join(' ');
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    const known = isGroup ? COMMANDS.filter((c) => c.spec.name.startsWith(`${first} `)).map((c) => c.spec.name) : [...new Set(COMMANDS.map((c) => c.spec.name.split(' ')[0]))];
    throw new UsageError(`unknown command '${name}' (known: ${known.join(', ')})`);
  }
  return { kind: 'command', command, rest: argv.filter((_, i) => !used.includes(i)) };
}

/** Stops the command on the first SIGINT/SIGTERM; a second one exits at once. */
function installSignalHandlers(controller: AbortController): void {
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function errorLine(err: unknown, verbose: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  // FjordErrors are user-facing; anything else is a system error or a bug, whose stack helps.
  const detail = verbose && !(err instanceof FjordError) && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  return `fjord: ${message}${detail}\n`;
}

async function run(argv: string[]): Promise<number> {
  let verbose = argv.includes('--verbose');
  const controller = new AbortController();
  let ctx: CliContext | null = null;
  try {
    const resolved = resolve(argv);
    if (resolved.kind === 'help') {
      (resolved.exitCode === EXIT_OK ? process.stdout : process.stderr).write(resolved.text);
      return resolved.exitCode;
    }
    const { spec } = resolved.command;
    const parsed = parseCommandArgs(spec, resolved.rest);
    if (parsed.flags.boolean('help')) {
      process.stdout.write(formatHelp(spec));
      return EXIT_OK;
    }
    verbose = parsed.flags.boolean('verbose');
    const lockOwner = `fjord ${[spec.name, ...parsed.args].join(' ')}`;
    ctx = new CliContext({ ...targetFromFlags(parsed.flags), verbose, lockOwner, signal: controller.signal });
    ctx.out.onBrokenPipe(() => controller.abort('broken pipe'));
    installSignalHandlers(controller);
    if (SIGNAL_STOPPED.has(resolved.command)) {
      // Servers run for long and serve latency-sensitive clients: V8 settings as Kafka's start
      // scripts set the JVM's (core/io/gc-profile.ts; FJORD_V8_GC_FLAGS replaces them).
      const gcFlags = applyServerGcProfile();
      if (verbose) process.stderr.write(`fjord: V8 GC flags: ${gcFlags.length > 0 ? gcFlags.join(' ') : 'none'}\n`);
    }
    await resolved.command.run(ctx, parsed);
    await ctx.close();
    const interrupted = controller.signal.aborted && controller.signal.reason !== 'broken pipe';
    return interrupted && !SIGNAL_STOPPED.has(resolved.command) ? EXIT_INTERRUPTED : EXIT_OK;
  } catch (err) {
    await ctx?.close().catch(() => {}); // the first error is the one worth reporting
    process.stderr.write(errorLine(err, verbose));
    return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
  } finally {
    await ctx?.out.flush();
  }
}

const exitCode = await run(process.argv.slice(2));
// process.exit rather than waiting for the event loop to drain: a closed consumer or producer
// may leave timers behind, and the data-dir lock is released on 'exit' either way. Help text
// written straight to stdout is handed to the OS first.
process.stdout.write('', () => process.exit(exitCode));
