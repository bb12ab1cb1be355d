/**
 * `fjord dev` (what `npm start` runs): everything a newcomer needs in one process — a broker on
 * the data dir (default ./.fjord) with the Kafka protocol listener on 127.0.0.1:9092, a Connect
 * worker with its REST API on 127.0.0.1:8083, and datagen connectors writing live page views and
 * users. It prints a banner of what runs where and runs until Ctrl-C (or `--duration`), then
 * stops the connectors (committing their offsets), the listeners and the broker, so the next
 * start resumes where this one stopped.
 *
 * The SQL REPL attaches through `createDevCommand(repl)`: `startDev` returns the handles a REPL
 * needs (the Fjord clients on the broker, the addresses), the REPL runs in the terminal, and
 * `fjord dev` shuts down when it returns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoint } from '../../core/broker/broker-state.js';
import type { BrokerServer } from '../../core/broker/server/broker-server.js';
import type { Fjord } from '../../core/client/fjord.js';
import { FjordError } from '../../core/errors.js';
import { stderrLogger, type Logger } from '../../core/io/logger.js';
import type { FjordStreamsConfig } from '../../core/streams/runtime/fjord-streams.js';
import type { ConnectorDefinition } from '../../connectors/runtime/connector-file.js';
import type { Standalone } from '../../connectors/runtime/standalone.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import type { OutputWriter } from '../output.js';
import { progressModeFor, streamSink, type ProgressMode, type ProgressSink } from '../progress/progress-reporter.js';
import { restoreProgressListener } from '../progress/restore-progress.js';
import { devBanner } from '../render/dev-banner.js';
import { styleFor } from '../render/style.js';
import { formatHostPort, parseHostPort } from './broker.js';

const DEFAULT_LISTEN = '127.0.0.1:9092';
const DEFAULT_CONNECT_LISTEN = '127.0.0.1:8083';
/** `--duration` at most a day: a bounded run is for scripts and tests. */
const DURATION_S_MAX = 86_400;

/** The datagen connectors `fjord dev` creates on first start (ksqlDB's classic quickstart data). */
export const DEV_DATAGEN: readonly { topic: string; what: string; connector: ConnectorDefinition }[] = [
  { topic: 'pageviews', what: 'a page view every ~0.25 s {viewtime, userid, pageid}, keyed by viewtime', connector: datagen('datagen-pageviews', 'pageviews', 'pageviews', 500) },
  { topic: 'users', what: 'user profile updates {registertime, userid, regionid, gender}, keyed by userid', connector: datagen('datagen-users', 'users', 'users', 2000) },
];

function datagen(name: string, topic: string, quickstart: string, maxIntervalMs: number): ConnectorDefinition {
  return {
    name,
    config: {
      name,
      'connector.class': 'io.confluent.kafka.connect.datagen.DatagenConnector',
      'kafka.topic': topic,
      quickstart,
      'max.interval': String(maxIntervalMs),
      iterations: '-1',
      'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    },
  };
}

/** What `startDev` needs. */
export interface DevOptions {
  /** Absolute path of the data dir. */
  dataDir: string;
  /** Kafka protocol listener; port 0 picks a free port. */
  listen: Endpoint;
  /** Connect REST listener; port 0 picks a free port. */
  connectListen: Endpoint;
  /** Create the datagen connectors when missing. */
  datagen: boolean;
  version: string;
  logger: Logger;
  /** Where progress of long operations goes (state-store restores of queries run in dev); default silent. */
  progress?: { mode: ProgressMode; sink: ProgressSink };
}

/** Everything `fjord dev` runs, for the banner and for a REPL to attach to. */
export interface DevHandles {
  /** Clients on the broker, in this process (producers, consumers, admin). */
  fjord: Fjord;
  /** The bound Kafka protocol address. */
  kafka: Endpoint;
  /** `http://host:port` of the Connect REST API. */
  connectUrl: string;
  connectors: string[];
  dataDir: string;
  /** True when the data dir already held topics (this start resumes an earlier run). */
  resumed: boolean;
  /** Pass as `FjordStreamsConfig.onRestoreProgress` to streams run in dev: restores show progress. */
  onRestoreProgress: NonNullable<FjordStreamsConfig['onRestoreProgress']>;
  /** Stops the connectors (committing offsets), the listeners, then the broker. */
  close(): Promise<void>;
}

/** An address-in-use failure (the REST server wraps it: its cause carries the code) as advice naming the dev flag. */
function inUse(err: unknown, what: string, address: Endpoint, flag: string): unknown {
  const code = (e: unknown): unknown => (e as NodeJS.ErrnoException | undefined)?.code;
  if (code(err) !== 'EADDRINUSE' && code((err as Error | undefined)?.cause) !== 'EADDRINUSE') return err;
  const other = { ...address, port: address.port + 10_000 > 65_535 ? 0 : address.port + 10_000 };
  return new FjordError('INVALID_ARGUMENT', `${what} ${formatHostPort(address)} is already in use (another fjord dev, or a Kafka/Connect?); stop it, or choose another address: ${flag} ${formatHostPort(other)}`);
}

/** The broker on the data dir behind the Kafka listener: the broker opens once the port is bound, so it advertises the real one. */
async function startBroker(o: DevOptions): Promise<{ fjord: Fjord; server: BrokerServer }> {
  const [{ Fjord }, { BrokerServer }] = await Promise.all([import('../../core/client/fjord.js'), import('../../core/broker/server/broker-server.js')]);
  const opened: Fjord[] = [];
  try {
    const server = await BrokerServer.start({
      host: o.listen.host, port: o.listen.port, logger: o.logger,
      broker: async (bound) => {
        const fjord = await Fjord.embedded({
          dataDir: o.dataDir, endpoint: bound, logger: o.logger, lockOwner: `fjord dev on ${formatHostPort(bound)}`,
          keepRestoredGroupMembers: true, config: { groupInitialRebalanceDelayMs: 0 },
        });
        opened.push(fjord);
        return fjord.broker!;
      },
    });
    return { fjord: opened[0], server };
  } catch (err) {
    throw inUse(err, 'the Kafka listener address', o.listen, '--listen');
  }
}

/** The Connect worker with its REST API, and the datagen connectors it lacks (when asked). */
async function startConnect(o: DevOptions, fjord: Fjord, topics: string[]): Promise<Standalone> {
  const [{ startStandalone }, { parseWorkerConfig }] = await Promise.all([import('../../connectors/runtime/standalone.js'), import('../../connectors/runtime/worker-config.js')]);
  const config = parseWorkerConfig({
    listeners: `http://${formatHostPort(o.connectListen)}`,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'offset.flush.interval.ms': '5000',
    // One process, one worker: one partition is plenty for its offsets and statuses.
    'offset.storage.partitions': '1',
    'status.storage.partitions': '1',
  }, 'fjord dev worker');
  let standalone: Standalone;
  try {
    standalone = await startStandalone({ config, clients: fjord, version: o.version, logger: o.logger });
  } catch (err) {
    throw inUse(err, 'the Connect REST address', o.connectListen, '--connect-listen');
  }
  try {
    if (o.datagen) {
      const existing = new Set(standalone.worker.connectorNames());
      const admin = fjord.admin('fjord-dev');
      for (const d of DEV_DATAGEN) {
        if (!topics.includes(d.topic)) await admin.createTopics([{ topic: d.topic, numPartitions: 1 }]);
        if (!existing.has(d.connector.name)) await standalone.worker.putConnectorConfig(d.connector.name, d.connector.config, false);
      }
    }
    return standalone;
  } catch (err) {
    await standalone.close();
    throw err;
  }
}

/** Starts the broker with its TCP listener, then Connect with the datagen connectors. */
export async function startDev(o: DevOptions): Promise<DevHandles> {
  const { fjord, server } = await startBroker(o);
  const closeBroker = async (): Promise<void> => {
    await server.close();
    await fjord.close();
  };
  try {
    const topics = await fjord.admin('fjord-dev').listTopics();
    const standalone = await startConnect(o, fjord, topics);
    return {
      fjord, kafka: server.address, connectUrl: standalone.url, connectors: standalone.worker.connectorNames(), dataDir: o.dataDir,
      resumed: topics.length > 0,
      onRestoreProgress: restoreProgressListener(o.progress?.mode ?? 'silent', o.progress?.sink ?? { write: () => {} }),
      close: async () => {
        try {
          await standalone.close();
        } finally {
          await closeBroker();
        }
      },
    };
  } catch (err) {
    await closeBroker().catch(() => {}); // the first error is the one worth reporting
    throw err;
  }
}

/**
 * A terminal REPL for `fjord dev` (the SQL REPL plugs in here): it runs until the user quits or
 * `signal` fires (Ctrl-C), then `fjord dev` shuts everything down.
 */
export type DevRepl = (dev: DevHandles, io: { signal: AbortSignal; out: OutputWriter }) => Promise<void>;

function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Whether an executable named `fjord` is on the PATH (it is not in a fresh checkout). */
function fjordOnPath(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, 'fjord')));
}

/** Resolves when the signal fires or `durationMs` passes (if given). */
function stopped(signal: AbortSignal, durationMs: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = durationMs === undefined ? undefined : setTimeout(resolve, durationMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

const spec: CommandSpec = {
  name: 'dev',
  summary: 'Run Fjord for development (what npm start runs): a broker on the data dir with the Kafka protocol\n' +
    'on --listen, a Connect worker (REST on --connect-listen) and datagen connectors writing live data to\n' +
    "'pageviews' and 'users'. Runs until Ctrl-C, then stops cleanly; the next start resumes.",
  positionals: [],
  options: {
    listen: { type: 'string', value: 'HOST:PORT', description: 'Kafka protocol listener; port 0 picks a free port', defaultText: DEFAULT_LISTEN },
    'connect-listen': { type: 'string', value: 'HOST:PORT', description: 'Connect REST API listener; port 0 picks a free port', defaultText: DEFAULT_CONNECT_LISTEN },
    'no-datagen': { type: 'boolean', description: 'do not create the datagen connectors (existing connectors still resume)' },
    'no-repl': { type: 'boolean', description: 'run as a server only, without the terminal REPL' },
    duration: { type: 'string', value: 'S', description: 'stop cleanly after S seconds (scripts, tests)', defaultText: 'until Ctrl-C' },
    format: { type: 'string', value: 'json', description: 'print the addresses as one JSON line instead of the banner (for scripts)' },
  },
  examples: [
    'npm start',
    'fjord dev --listen 127.0.0.1:19092 --connect-listen 127.0.0.1:18083 --data-dir /tmp/fjord-dev',
    'fjord dev --no-repl --duration 60 --format json',
  ],
};

async function runDev(ctx: CliContext, { flags }: ParsedArgs, repl: DevRepl | undefined): Promise<void> {
  if (ctx.bootstrap !== undefined) throw new UsageError('fjord dev runs its own broker on the data dir (--data-dir); --bootstrap is for commands that use a running broker');
  const format = flags.string('format');
  if (format !== undefined && format !== 'json') throw new UsageError(`--format expects json, got '${format}'`);
  const durationS = flags.int('duration', 1, DURATION_S_MAX);
  const dev = await startDev({
    dataDir: ctx.dataDirPath,
    listen: parseHostPort('--listen', flags.string('listen') ?? DEFAULT_LISTEN),
    connectListen: parseHostPort('--connect-listen', flags.string('connect-listen') ?? DEFAULT_CONNECT_LISTEN),
    datagen: !flags.boolean('no-datagen'),
    version: packageVersion(),
    logger: ctx.verbose ? stderrLogger('dev', 'info') : stderrLogger('dev', 'warn'),
    progress: { mode: progressModeFor(process.stderr, format === 'json'), sink: streamSink(process.stderr) },
  });
  try {
    const kafka = formatHostPort(dev.kafka);
    const liveTopics = DEV_DATAGEN.filter((d) => dev.connectors.includes(d.connector.name)).map((d) => ({ topic: d.topic, what: d.what }));
    if (format === 'json') {
      await ctx.out.line(JSON.stringify({ dataDir: dev.dataDir, kafka, connect: dev.connectUrl, connectors: dev.connectors, topics: liveTopics.map((t) => t.topic), resumed: dev.resumed }));
    } else {
      await ctx.out.write(devBanner({ dataDir: dev.dataDir, kafka, connectUrl: dev.connectUrl, connectors: dev.connectors, liveTopics, resumed: dev.resumed, fjordOnPath: fjordOnPath() }, styleFor(process.stdout)));
    }
    await ctx.out.flush();
    const useRepl = repl !== undefined && !flags.boolean('no-repl') && process.stdin.isTTY === true && format === undefined;
    if (useRepl) await Promise.race([repl(dev, { signal: ctx.signal, out: ctx.out }), stopped(ctx.signal, durationS === undefined ? undefined : durationS * 1000)]);
    else await stopped(ctx.signal, durationS === undefined ? undefined : durationS * 1000);
    if (format === undefined) await ctx.out.line('\nStopping: connectors commit their offsets, the logs are flushed...');
  } finally {
    await dev.close();
  }
  if (format === undefined) await ctx.out.line('Stopped. Run it again to resume.');
}

/** `fjord dev`, with a terminal REPL attached when one is given (and --no-repl is absent). */
export function createDevCommand(repl?: DevRepl): Command {
  return { spec, run: (ctx, parsed) => runDev(ctx, parsed, repl) };
}

/** `fjord dev` without a REPL (until the SQL REPL attaches through createDevCommand). */
export const devCommand: Command = createDevCommand();
