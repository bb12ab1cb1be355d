/**
 * `fjord partitions reassign` and `fjord partitions elect-leaders`: kafka-reassign-partitions and
 * kafka-leader-election for a Fjord cluster, through its controller quorum (`--controller-quorum`,
 * or the quorum `fjord cluster dev` wrote under the data dir).
 *
 * A reassignment to replicas that are not in sync yet runs in two steps, as Kafka's does: the
 * new replicas are added first (they fetch from the leader and the leader adds them to the ISR
 * once caught up), then the replica list becomes the requested one.
 */
import { FjordError } from '../../core/errors.js';
import type { PartitionState } from '../../core/cluster/metadata/cluster-image.js';
import { UsageError, parseIntArg, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { formatTable } from '../output.js';
import { quorumOf } from './cluster.js';

const QUORUM_OPTION = { type: 'string', value: 'ID@HOST:PORT,...', description: 'the controller quorum', defaultText: 'the quorum fjord cluster dev wrote under the data dir' } as const;
/** How long a reassignment waits for its new replicas to join the ISR. */
const CATCH_UP_TIMEOUT_MS = 120_000;

async function controllerClient(ctx: CliContext, flag: string | undefined) {
  const [{ parseControllerQuorum }, { ControllerClient }] = await Promise.all([
    import('../../core/cluster/raft/config.js'), import('../../core/cluster/node/controller-client.js'),
  ]);
  try {
    return new ControllerClient(parseControllerQuorum(quorumOf(ctx, flag)));
  } catch (err) {
    throw err instanceof FjordError && err.code === 'INVALID_ARGUMENT' ? new UsageError(err.message) : err;
  }
}

const reassignSpec: CommandSpec = {
  name: 'partitions reassign',
  summary: 'Move a partition to other brokers (adds the new replicas, waits until they are in sync, then drops the old ones).',
  positionals: [
    { name: 'topic', required: true, description: 'the topic' },
    { name: 'partition', required: true, description: 'the partition number' },
    { name: 'replicas', required: true, description: 'the new replicas as broker ids, preferred leader first: 2,3,1' },
  ],
  options: { 'controller-quorum': QUORUM_OPTION },
  examples: ['fjord partitions reassign orders 0 2,3,4'],
};

async function reassign(ctx: CliContext, { flags, args }: ParsedArgs): Promise<void> {
  const [topic, partitionText, replicasText] = args as [string, string, string];
  const partition = parseIntArg('partition', partitionText, 0, 0x7fffffff);
  const replicas = replicasText.split(',').map((r) => parseIntArg('replicas', r.trim(), 0, 0x7fffffff));
  const client = await controllerClient(ctx, flags.string('controller-quorum'));
  try {
    const call = (list: number[]) => client.call<PartitionState>('reassignPartition', { topic, partition, replicas: list }, 30000);
    let state: PartitionState;
    const inSync = (s: PartitionState) => replicas.every((r) => s.isr.includes(r));
    const describe = await client.call<{ records: { type: string; name?: string; topicId?: string; partitionId?: number; replicas?: number[] }[] }>('describe', {}, 10000);
    const topicId = describe.records.find((r) => r.type === 'TopicRecord' && r.name === topic)?.topicId;
    const current = describe.records.find((r) => r.type === 'PartitionRecord' && r.topicId === topicId && r.partitionId === partition)?.replicas ?? [];
    const union = [...current, ...replicas.filter((r) => !current.includes(r))];
    state = await call(union);
    if (!inSync(state)) await ctx.out.line(`added replicas ${replicas.filter((r) => !current.includes(r)).join(',')} to ${topic}-${partition}; waiting for them to join the ISR`);
    const endMs = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (!inSync(state)) {
      if (Date.now() > endMs || ctx.signal.aborted) throw new FjordError('TIMEOUT', `${topic}-${partition}: replicas ${replicas.join(',')} did not all join the ISR (${state.isr.join(',')}) within ${CATCH_UP_TIMEOUT_MS} ms; the partition keeps replicas ${union.join(',')}`);
      await new Promise((r) => setTimeout(r, 500));
      state = await call(union); // an unchanged assignment commits nothing and reports the current state
    }
    state = await call(replicas);
    await ctx.out.line(formatTable(['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR'], [[topic, partition, state.leader, state.replicas.join(','), state.isr.join(',')]]));
  } finally {
    client.close();
  }
}

const electSpec: CommandSpec = {
  name: 'partitions elect-leaders',
  summary: 'Move leadership back to each partition\'s preferred (first) replica where it is in sync.',
  positionals: [],
  options: {
    topic: { type: 'string', value: 'TOPIC', description: 'only the partitions of this topic' },
    partition: { type: 'string', value: 'N', description: 'with --topic: only this partition' },
    'controller-quorum': QUORUM_OPTION,
  },
  examples: ['fjord partitions elect-leaders', 'fjord partitions elect-leaders --topic orders --partition 0'],
};

async function electLeaders(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const topic = flags.string('topic');
  const partition = flags.int('partition', 0, 0x7fffffff);
  if (partition !== undefined && topic === undefined) throw new UsageError('--partition needs --topic');
  const client = await controllerClient(ctx, flags.string('controller-quorum'));
  try {
    let only: { topic: string; partition: number }[] | undefined;
    if (topic !== undefined) {
      const d = await client.call<{ records: { type: string; name?: string; topicId?: string; partitionId?: number }[] }>('describe', {}, 10000);
      const topicId = d.records.find((r) => r.type === 'TopicRecord' && r.name === topic)?.topicId;
      if (topicId === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${topic}' does not exist`);
      only = d.records.filter((r) => r.type === 'PartitionRecord' && r.topicId === topicId && (partition === undefined || r.partitionId === partition)).map((r) => ({ topic, partition: r.partitionId! }));
    }
    const { results } = await client.call<{ results: { topic: string; partition: number; outcome: string }[] }>('electLeaders', only === undefined ? {} : { partitions: only }, 30000);
    await ctx.out.line(formatTable(['TOPIC', 'PARTITION', 'OUTCOME'], results.map((r) => [r.topic, r.partition, r.outcome === 'elected' ? 'preferred leader elected' : r.outcome])));
  } finally {
    client.close();
  }
}

/** `fjord partitions reassign|elect-leaders`. */
export const partitionsCommands: Command[] = [
  { spec: reassignSpec, run: reassign },
  { spec: electSpec, run: electLeaders },
];
