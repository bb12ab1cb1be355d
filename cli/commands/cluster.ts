/**
 * `fjord cluster dev`: a replicated development cluster on this machine — N `fjord broker`
 * processes, each a combined broker + controller on loopback ports (Kafka on P, P+2, ...; the
 * controller quorum on P+1, P+3, ...), data under `<data-dir>/cluster/node-<id>`. Runs until
 * Ctrl-C (or `--duration`), then stops every broker cleanly (controlled shutdown).
 *
 * `fjord cluster describe`: asks every controller of the quorum for its view and prints the
 * controllers (leader, term, applied index), the brokers, and every partition's leader, replicas
 * and ISR. Without `--controller-quorum` it reads the quorum `fjord cluster dev` wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../../core/io/free-port.js';
import path from 'node:path';
import { FjordError } from '../../core/errors.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { formatTable, JSON_FORMAT_OPTION, toJson, wantsJson } from '../output.js';

const BROKERS_MAX = 9;
const DURATION_S_MAX = 86_400;
/** How long a broker may take to print its listening line, and to stop after SIGTERM. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** What `cluster dev` leaves for `cluster describe` and scripts: `<data-dir>/cluster/cluster.json`. */
export interface DevClusterFile {
  readonly controllerQuorum: string;
  readonly bootstrap: string;
}

function clusterFile(ctx: CliContext): string {
  return path.join(ctx.dataDirPath, 'cluster', 'cluster.json');
}

const devSpec: CommandSpec = {
  name: 'cluster dev',
  summary: 'Run a replicated cluster of N broker processes on loopback ports (until Ctrl-C).\n' +
    'Each is a combined broker + controller; prints "fjord cluster ready: bootstrap ..." once all listen.',
  positionals: [],
  options: {
    brokers: { type: 'string', value: 'N', description: `brokers (and controllers) to run, 1-${BROKERS_MAX}`, defaultText: '3' },
    'base-port': { type: 'string', value: 'PORT', description: 'broker i listens on PORT+2(i-1) and its controller on the next port; 0 picks free ports', defaultText: '9092' },
    'replication-factor': { type: 'string', value: 'N', description: 'default.replication.factor of the brokers', defaultText: 'min(3, brokers)' },
    duration: { type: 'string', value: 'SECONDS', description: 'stop after this long (for scripts)' },
  },
  examples: ['fjord cluster dev --brokers 3', 'kcat -b 127.0.0.1:9092 -L', 'fjord cluster describe'],
};

interface Node {
  readonly id: number;
  readonly kafkaPort: number;
  readonly controllerPort: number;
  child?: ChildProcess;
  exited?: Promise<number | null>;
}

async function planNodes(count: number, basePort: number): Promise<Node[]> {
  const nodes: Node[] = [];
  for (let id = 1; id <= count; id++) {
    const kafkaPort = basePort === 0 ? await freePort() : basePort + 2 * (id - 1);
    const controllerPort = basePort === 0 ? await freePort() : kafkaPort + 1;
    if (controllerPort > 65535) throw new UsageError(`--base-port ${basePort} leaves no room for ${count} brokers below port 65535`);
    nodes.push({ id, kafkaPort, controllerPort });
  }
  return nodes;
}

/** Starts one `fjord broker` child and resolves once it prints its listening line. */
function startNode(ctx: CliContext, node: Node, quorum: string, replicationFactor: number): Promise<void> {
  const dataDir = path.join(ctx.dataDirPath, 'cluster', `node-${node.id}`);
  const args = [
    ...process.execArgv, process.argv[1]!, 'broker', '--node-id', String(node.id), '--listen', `127.0.0.1:${node.kafkaPort}`,
    '--controller-quorum', quorum, '--data-dir', dataDir, '--default-replication-factor', String(replicationFactor),
    ...(ctx.verbose ? ['--verbose'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  node.child = child;
  node.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') process.stderr.write(`[node ${node.id}] ${line}\n`);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new FjordError('TIMEOUT', `node ${node.id} did not start listening within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('fjord broker listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void node.exited!.then((code) => {
      clearTimeout(timer);
      reject(new FjordError('INVALID_ARGUMENT', `node ${node.id} exited with code ${code} while starting (port ${node.kafkaPort} or ${node.controllerPort} in use?)`));
    });
  });
}

/** Listening is not enough: topics can be placed only on registered, unfenced brokers. */
async function waitUntilUnfenced(quorum: string, count: number): Promise<void> {
  const [{ parseControllerQuorum }, { ControllerClient }] = await Promise.all([
    import('../../core/cluster/raft/config.js'), import('../../core/cluster/node/controller-client.js'),
  ]);
  const client = new ControllerClient(parseControllerQuorum(quorum));
  type Describe = import('../../core/cluster/node/controller-api.js').DescribeResult;
  const endMs = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      // A described image lists each broker once, with its current fencing.
      const d = await client.call<Describe>('describe', {}, 5000).catch(() => null);
      if ((d?.records.filter((r) => r.type === 'RegisterBrokerRecord' && !r.fenced).length ?? 0) >= count) return;
      if (Date.now() > endMs) throw new FjordError('TIMEOUT', `the ${count} brokers did not all register with the controller within ${START_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.close();
  }
}

async function stopNodes(nodes: Node[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => {
    if (n.child === undefined || n.child.exitCode !== null || n.child.signalCode !== null) return;
    n.child.kill('SIGTERM');
    const timer = setTimeout(() => n.child!.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await n.exited;
    clearTimeout(timer);
  }));
}

async function runDev(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const count = flags.int('brokers', 1, BROKERS_MAX) ?? 3;
  const basePort = flags.int('base-port', 0, 65535) ?? 9092;
  const replicationFactor = flags.int('replication-factor', 1, count) ?? Math.min(3, count);
  const durationS = flags.int('duration', 1, DURATION_S_MAX);
  const nodes = await planNodes(count, basePort);
  const quorum = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  const bootstrap = nodes.map((n) => `127.0.0.1:${n.kafkaPort}`).join(',');
  let stopping = false;
  fs.mkdirSync(path.dirname(clusterFile(ctx)), { recursive: true });
  fs.writeFileSync(clusterFile(ctx), JSON.stringify({ controllerQuorum: quorum, bootstrap } satisfies DevClusterFile, null, 2) + '\n');
  try {
    await Promise.all(nodes.map((n) => startNode(ctx, n, quorum, replicationFactor)));
    await waitUntilUnfenced(quorum, count);
    for (const n of nodes) {
      void n.exited!.then((code) => { if (!stopping) process.stderr.write(`fjord cluster: node ${n.id} exited (code ${code})\n`); });
    }
    await ctx.out.line(`fjord cluster ready: bootstrap ${bootstrap}`);
    await ctx.out.line(`  controller quorum ${quorum}`);
    await ctx.out.line(`  data under ${path.join(ctx.dataDirPath, 'cluster')}; default replication factor ${replicationFactor}`);
    await ctx.out.line(`  fjord cluster describe --data-dir ${ctx.dataDirArg}   shows brokers, controller, leaders and ISR`);
    await ctx.out.flush();
    await new Promise<void>((resolve) => {
      const timer = durationS === undefined ? null : setTimeout(resolve, durationS * 1000);
      ctx.signal.addEventListener('abort', () => { if (timer) clearTimeout(timer); resolve(); }, { once: true });
      if (ctx.signal.aborted) resolve();
    });
  } finally {
    stopping = true;
    await stopNodes(nodes);
  }
}

const describeSpec: CommandSpec = {
  name: 'cluster describe',
  summary: 'Show the controllers, the brokers, and every partition\'s leader, replicas and ISR.',
  positionals: [],
  options: {
    'controller-quorum': { type: 'string', value: 'ID@HOST:PORT,...', description: 'the controllers to ask', defaultText: 'the quorum fjord cluster dev wrote under the data dir' },
    format: JSON_FORMAT_OPTION,
  },
  examples: ['fjord cluster describe', 'fjord cluster describe --controller-quorum 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097'],
};

/** The quorum from the flag, else from `cluster dev`'s file. */
export function quorumOf(ctx: CliContext, flag: string | undefined): string {
  if (flag !== undefined) return flag;
  const file = clusterFile(ctx);
  if (!fs.existsSync(file)) throw new UsageError(`no --controller-quorum given and no ${file} (written by fjord cluster dev)`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as DevClusterFile).controllerQuorum;
}

async function runDescribe(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const json = wantsJson(flags);
  const [{ parseControllerQuorum }, { ControllerClient }, { applyRecords }, { EMPTY_IMAGE }] = await Promise.all([
    import('../../core/cluster/raft/config.js'), import('../../core/cluster/node/controller-client.js'),
    import('../../core/cluster/metadata/apply.js'), import('../../core/cluster/metadata/cluster-image.js'),
  ]);
  let voters;
  try {
    voters = parseControllerQuorum(quorumOf(ctx, flags.string('controller-quorum')));
  } catch (err) {
    throw err instanceof FjordError && err.code === 'INVALID_ARGUMENT' ? new UsageError(err.message) : err;
  }
  const client = new ControllerClient(voters);
  type Describe = import('../../core/cluster/node/controller-api.js').DescribeResult;
  const views = await Promise.all(voters.map((v) => client.callOne<Describe>(v.id, 'describe', {}, 3000).catch(() => null)));
  client.close();
  const best = views.filter((v): v is Describe => v !== null).sort((a, b) => b.appliedIndex - a.appliedIndex)[0];
  if (best === undefined) throw new FjordError('NETWORK_EXCEPTION', `no controller of ${voters.map((v) => `${v.id}@${v.host}:${v.port}`).join(',')} answered`);
  const image = applyRecords(EMPTY_IMAGE, best.records);
  const leaderId = best.leaderId;
  const controllers = voters.map((v, i) => ({ id: v.id, address: `${v.host}:${v.port}`, up: views[i] !== null, leader: views[i]?.leaderId ?? -1, term: views[i]?.term ?? -1, applied: views[i]?.appliedIndex ?? -1 }));
  const brokers = [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId).map((b) => ({ id: b.brokerId, address: b.endPoints.map((e) => `${e.host}:${e.port}`).join(','), epoch: b.brokerEpoch, fenced: b.fenced, rack: b.rack }));
  const partitions = [...image.topicsById.values()].sort((a, b) => a.name.localeCompare(b.name)).flatMap((t) =>
    [...t.partitions.entries()].sort((a, b) => a[0] - b[0]).map(([p, s]) => ({ topic: t.name, partition: p, leader: s.leader, leaderEpoch: s.leaderEpoch, replicas: [...s.replicas], isr: [...s.isr] })));
  if (json) {
    await ctx.out.line(toJson({ controllerId: leaderId, controllers, brokers, partitions }));
    return;
  }
  await ctx.out.line(`Active controller: ${leaderId >= 0 ? leaderId : 'none (election in progress)'}`);
  await ctx.out.line('');
  await ctx.out.line(formatTable(['CONTROLLER', 'ADDRESS', 'STATUS', 'LEADER', 'TERM', 'APPLIED'], controllers.map((c) => [c.id, c.address, c.up ? 'up' : 'unreachable', c.up ? c.leader : '-', c.up ? c.term : '-', c.up ? c.applied : '-'])));
  await ctx.out.line('');
  await ctx.out.line(formatTable(['BROKER', 'ADDRESS', 'EPOCH', 'STATE'], brokers.map((b) => [b.id, b.address, b.epoch, b.fenced ? 'fenced' : 'active'])));
  if (partitions.length > 0) {
    await ctx.out.line('');
    await ctx.out.line(formatTable(['TOPIC', 'PARTITION', 'LEADER', 'EPOCH', 'REPLICAS', 'ISR'], partitions.map((p) => [p.topic, p.partition, p.leader >= 0 ? p.leader : 'none', p.leaderEpoch, p.replicas.join(','), p.isr.join(',')])));
  }
}

/** `fjord cluster dev` and `fjord cluster describe`. */
export const clusterCommands: Command[] = [
  { spec: devSpec, run: runDev },
  { spec: describeSpec, run: runDescribe },
];

/** `fjord cluster dev` runs until a signal, like `fjord broker`. */
export const clusterDevCommand = clusterCommands[0]!;
