/**
 * What a running command gets from the composition root: the Fjord to work on — embedded on the
 * data dir, or connected over TCP with `--bootstrap` — opened lazily, so `--help` and usage
 * errors never touch the data dir or the network; stdout with back-pressure; and an abort
 * signal fired by Ctrl-C so long-running commands can stop cleanly and commit.
 */
import path from 'node:path';
import type { Fjord } from '../core/client/fjord.js';
import { silentLogger, stderrLogger } from '../core/io/logger.js';
import { UsageError, type CommandSpec, type Flags, type ParsedArgs } from './args.js';
import { OutputWriter } from './output.js';

/** The default data directory, relative to the working directory (as `npm start` uses it). */
export const DEFAULT_DATA_DIR = '.fjord';

export interface CliContextOptions {
  /** As the user typed it (shown in hints); resolved when opened. */
  dataDir: string;
  /** `--bootstrap HOST:PORT[,HOST:PORT]`: work on a running broker instead of the data dir. */
  bootstrap?: string;
  verbose: boolean;
  /** Who holds the data-dir lock, for the message a second process prints. */
  lockOwner: string;
  signal: AbortSignal;
}

/** Per-invocation state shared by the commands. */
export class CliContext {
  readonly out: OutputWriter;
  private fjord: Fjord | null = null;

  constructor(private readonly options: CliContextOptions, stdout: NodeJS.WritableStream = process.stdout) {
    this.out = new OutputWriter(stdout);
  }

  /** The data dir as given on the command line (relative paths stay relative, for hints). */
  get dataDirArg(): string {
    return this.options.dataDir;
  }

  get dataDirPath(): string {
    return path.resolve(this.options.dataDir);
  }

  get verbose(): boolean {
    return this.options.verbose;
  }

  /** Fired on SIGINT/SIGTERM: stop reading, flush, commit, exit. */
  get signal(): AbortSignal {
    return this.options.signal;
  }

  /** The `--bootstrap` addresses, when the command works on a running broker. */
  get bootstrap(): string | undefined {
    return this.options.bootstrap;
  }

  /** Opens (and locks) the data dir on first use, or connects to `--bootstrap`. */
  async open(): Promise<Fjord> {
    if (this.fjord) return this.fjord;
    // Loaded here, not at the top: --help and usage errors then start fast and never load the broker.
    const { Fjord } = await import('../core/client/fjord.js');
    if (this.options.bootstrap !== undefined) {
      this.fjord = await Fjord.connect({
        bootstrap: this.options.bootstrap,
        clientId: 'fjord-cli',
        logger: this.options.verbose ? stderrLogger('client') : silentLogger,
      });
      return this.fjord;
    }
    this.fjord = await Fjord.embedded({
      dataDir: this.dataDirPath,
      lockOwner: this.options.lockOwner,
      logger: this.options.verbose ? stderrLogger('broker') : silentLogger,
      // Only this process's own consumers can join a group on an embedded data dir (it is locked),
      // so waiting for more members to arrive before the first rebalance would only add latency.
      config: { groupInitialRebalanceDelayMs: 0 },
    });
    return this.fjord;
  }

  /** Closes what was opened: the connections, or the broker (flushing logs, releasing the data-dir lock). */
  async close(): Promise<void> {
    const fjord = this.fjord;
    this.fjord = null;
    if (fjord) await fjord.close();
  }
}

/**
 * Where the commands work, from the global flags: the data dir (`--data-dir`, default
 * ./.fjord), or a running broker (`--bootstrap`). Both at once is a usage error, since the
 * data dir would silently be ignored.
 */
export function targetFromFlags(flags: Flags): Pick<CliContextOptions, 'dataDir' | 'bootstrap'> {
  const dataDir = flags.string('data-dir');
  const bootstrap = flags.string('bootstrap');
  if (bootstrap !== undefined && dataDir !== undefined) {
    throw new UsageError('give either --data-dir (open a data dir in this process) or --bootstrap (reach a running broker), not both');
  }
  if (bootstrap !== undefined && bootstrap.trim() === '') throw new UsageError('--bootstrap expects HOST:PORT[,HOST:PORT]');
  return { dataDir: dataDir ?? DEFAULT_DATA_DIR, bootstrap };
}

/** A runnable command: its spec (flags, help) and what it does. */
export interface Command {
  spec: CommandSpec;
  run(ctx: CliContext, parsed: ParsedArgs): Promise<void>;
}
