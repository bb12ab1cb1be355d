/**
 * `fjord broker`: serves a data directory to Kafka clients (kcat, kafkajs, confluent-kafka,
 * Fjord's own TCP client) over the Kafka wire protocol until SIGTERM/SIGINT, then closes every
 * connection, flushes the logs and writes the recovery checkpoints, so the next start is clean.
 */
import os from 'node:os';
import type { Broker } from '../../core/broker/broker.js';
import { brokerConfigKeys, defaultBrokerConfig, parseBrokerConfig, type BrokerConfig } from '../../core/broker/broker-config.js';
import type { Endpoint } from '../../core/broker/broker-state.js';
import { defaultServerLimits, isServerLimitKey, parseServerLimits, serverLimitKeys, type ServerLimits } from '../../core/broker/server/server-limits.js';
import { FjordError } from '../../core/errors.js';
import { stderrLogger } from '../../core/io/logger.js';
import { UsageError, parseIntArg, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';

const DEFAULT_LISTEN = '127.0.0.1:9092';
const PORT_MAX = 65535;

const spec: CommandSpec = {
  name: 'broker',
  summary: 'Run a broker on the data dir that Kafka clients reach over TCP (until Ctrl-C or SIGTERM).\n' +
    'Prints "fjord broker listening on HOST:PORT (data dir DIR, node N)" once it accepts connections;\n' +
    'on SIGTERM/SIGINT it closes connections, flushes the logs, writes recovery points and exits 0.',
  positionals: [],
  options: {
    listen: { type: 'string', value: 'HOST:PORT', description: 'address to listen on; port 0 picks a free port', defaultText: DEFAULT_LISTEN },
    'node-id': { type: 'string', value: 'N', description: "this broker's node.id, named in Metadata as leader and controller", defaultText: String(defaultBrokerConfig.nodeId) },
    advertised: { type: 'string', value: 'HOST:PORT', description: 'address clients are told to connect to (Metadata, FindCoordinator)', defaultText: 'the bound address' },
    config: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'broker or listener setting by its Kafka name (keys below)' },
    'controller-quorum': { type: 'string', value: 'ID@HOST:PORT,...', description: 'join a replicated cluster whose metadata quorum runs on these controllers (controller.quorum.voters); a node whose --node-id is listed runs a controller on that address too (combined mode)' },
    rack: { type: 'string', value: 'RACK', description: 'with --controller-quorum: this broker\'s rack (broker.rack); replicas of a partition are spread over racks' },
    'unclean-leader-election': { type: 'boolean', description: 'with --controller-quorum, on a controller: elect a leader outside the ISR when no in-sync replica is left (may lose acknowledged records; unclean.leader.election.enable)' },
    'broker-only': { type: 'boolean', description: 'with --controller-quorum: do not run a controller in this process even if --node-id is a voter' },
    'default-replication-factor': { type: 'string', value: 'N', description: 'with --controller-quorum: replicas of topics created without one (default.replication.factor)', defaultText: '1' },
    'replica-lag-time-max-ms': { type: 'string', value: 'MS', description: 'with --controller-quorum: a follower not caught up this long leaves the ISR', defaultText: '10000' },
    'session-timeout-ms': { type: 'string', value: 'MS', description: 'with --controller-quorum: a broker silent this long is fenced and its leaderships move (broker.session.timeout.ms)', defaultText: '3000' },
  },
  examples: [
    'fjord broker --listen 127.0.0.1:9092 --data-dir /srv/fjord',
    'fjord broker --listen 0.0.0.0:9092 --advertised kafka.example.com:9092 --config num.partitions=3',
    'kcat -b 127.0.0.1:9092 -L',
    'fjord broker --node-id 1 --listen 127.0.0.1:9092 --controller-quorum 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097 --data-dir /srv/fjord1',
  ],
  moreHelp: settingsHelp,
};

function settingsHelp(): string {
  const width = Math.max(...[...Object.values(brokerConfigKeys), ...Object.values(serverLimitKeys)].map((k) => k.length)) + 2;
  const lines = ['Broker settings (--config KEY=VALUE):'];
  for (const [field, key] of Object.entries(brokerConfigKeys) as [keyof BrokerConfig, string][]) lines.push(`  ${key.padEnd(width)} default ${defaultBrokerConfig[field]}`);
  lines.push('', 'Listener limits, per connection except max.connections (--config KEY=VALUE):');
  for (const [field, key] of Object.entries(serverLimitKeys) as [keyof ServerLimits, string][]) lines.push(`  ${key.padEnd(width)} default ${defaultServerLimits[field]}`);
  return lines.join('\n');
}

/** Parses `HOST:PORT` (IPv6 hosts in brackets: `[::1]:9092`). */
export function parseHostPort(flag: string, text: string): Endpoint {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects HOST:PORT (IPv6: [HOST]:PORT), got '${text}'`);
  return { host: match[1] ?? match[2], port: parseIntArg(flag, match[3], 0, PORT_MAX) };
}

/** `host:port`, bracketing IPv6 hosts. */
export function formatHostPort({ host, port }: Endpoint): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What clients are told: --advertised, else the bound address (a wildcard address is no use to a client: this host's name then). */
function advertisedEndpoint(flag: Endpoint | null, bound: Endpoint): Endpoint {
  if (flag) return flag;
  return bound.host === '0.0.0.0' || bound.host === '::' ? { host: os.hostname(), port: bound.port } : bound;
}

/** Splits --config entries into broker settings and listener limits; bad keys or values are usage errors. */
function parseSettings(entries: Record<string, string>, nodeIdFlag: number | undefined): { config: BrokerConfig; limits: ServerLimits } {
  const brokerEntries: Record<string, string> = {};
  const limitEntries: Record<string, string> = {};
  const brokerKeys = new Set(Object.values(brokerConfigKeys));
  for (const [key, value] of Object.entries(entries)) {
    if (!isServerLimitKey(key) && !brokerKeys.has(key)) {
      throw new UsageError(`--config: unknown key '${key}' (see fjord broker --help for the broker and listener keys)`);
    }
    (isServerLimitKey(key) ? limitEntries : brokerEntries)[key] = value;
  }
  try {
    const config = parseBrokerConfig(brokerEntries);
    const limits = parseServerLimits(limitEntries);
    if (nodeIdFlag !== undefined) {
      if (brokerEntries['node.id'] !== undefined && config.nodeId !== nodeIdFlag) throw new UsageError(`--node-id ${nodeIdFlag} contradicts --config node.id=${config.nodeId}`);
      config.nodeId = nodeIdFlag;
    }
    return { config, limits };
  } catch (err) {
    if (err instanceof FjordError && err.code === 'CONFIG') throw new UsageError(`--config: ${err.message}`);
    throw err;
  }
}

/** The cluster flags of `fjord broker --controller-quorum`. */
async function clusterSettings(flags: ParsedArgs['flags'], quorumText: string, nodeId: number) {
  const { parseControllerQuorum } = await import('../../core/cluster/raft/config.js');
  let voters;
  try {
    voters = parseControllerQuorum(quorumText);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const combined = !flags.boolean('broker-only') && voters.some((v) => v.id === nodeId);
  return {
    voters, combined, rack: flags.string('rack') ?? null, uncleanLeaderElection: flags.boolean('unclean-leader-election'),
    defaultReplicationFactor: flags.int('default-replication-factor', 1, 32767) ?? 1,
    replicaLagTimeMaxMs: flags.int('replica-lag-time-max-ms', 1) ?? 10000,
    sessionTimeoutMs: flags.int('session-timeout-ms', 1) ?? 3000,
  };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function runBroker(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  if (flags.string('bootstrap') !== undefined) throw new UsageError('fjord broker serves a data dir (--data-dir); --bootstrap is for commands that use a running broker');
  const listen = parseHostPort('--listen', flags.string('listen') ?? DEFAULT_LISTEN);
  const advertisedText = flags.string('advertised');
  const advertisedFlag = advertisedText === undefined ? null : parseHostPort('--advertised', advertisedText);
  const { config, limits } = parseSettings(flags.keyValues('config'), flags.int('node-id', 0, 0x7fffffff));
  const logger = stderrLogger('broker', ctx.verbose ? 'info' : 'warn');
  // Loaded here, not at the top: --help and usage errors then never load the broker.
  const [{ Broker }, { BrokerServer }] = await Promise.all([import('../../core/broker/broker.js'), import('../../core/broker/server/broker-server.js')]);
  const quorumText = flags.string('controller-quorum');
  const cluster = quorumText === undefined ? null : await clusterSettings(flags, quorumText, config.nodeId);
  let broker: Broker | null = null;
  let clusterBroker: { stop(): Promise<void> } | null = null;
  const server = await BrokerServer.start({
    host: listen.host,
    port: listen.port,
    logger,
    limits,
    broker: async (bound) => {
      const endpoint = advertisedEndpoint(advertisedFlag, bound);
      if (formatHostPort(endpoint) !== formatHostPort(bound)) logger.info(`advertising ${formatHostPort(endpoint)} to clients`);
      broker = await Broker.open({
        dataDir: ctx.dataDirPath, config, endpoint, logger,
        lockOwner: `fjord broker on ${formatHostPort(bound)}`,
        // Clients of the previous process may reconnect and carry on in their groups.
        keepRestoredGroupMembers: true,
      });
      if (cluster !== null) {
        const { ClusterBroker } = await import('../../core/replication/cluster-broker.js');
        clusterBroker = await ClusterBroker.start({ ...cluster, nodeId: config.nodeId, broker, dataDir: ctx.dataDirPath, endpoint, logger });
      }
      return broker;
    },
  });
  try {
    const role = cluster === null ? '' : `, ${cluster.combined ? 'broker+controller' : 'broker'} of quorum ${quorumText}`;
    await ctx.out.line(`fjord broker listening on ${formatHostPort(server.address)} (data dir ${ctx.dataDirPath}, node ${config.nodeId}${role})`);
    await ctx.out.flush();
    await aborted(ctx.signal);
    logger.info('shutting down: closing connections, flushing logs, writing recovery points');
  } finally {
    // Controlled shutdown first: the controller moves this broker's leaderships while it still serves.
    await (clusterBroker as { stop(): Promise<void> } | null)?.stop();
    await server.close();
    await broker!.close();
  }
}

/** `fjord broker`. */
export const brokerCommand: Command = { spec, run: runBroker };
