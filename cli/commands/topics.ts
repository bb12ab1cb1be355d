/** `fjord topics create|list|describe|alter|delete`: kafka-topics and kafka-configs for topics. */
import type { Admin, TopicDescription } from '../../core/client/admin.js';
import { tpKey } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import { LOG_CONFIG_DEFINITIONS } from '../../core/log/log-config.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { formatTable } from '../output.js';

const topicArg = { name: 'topic', required: true, description: 'topic name (ASCII letters, digits, . _ -; at most 249 characters)' };

/** The topic, or a FjordError saying plainly that it does not exist. */
export async function describeExistingTopic(admin: Admin, topic: string): Promise<TopicDescription> {
  try {
    const [found] = await admin.describeTopics([topic]);
    return found;
  } catch (err) {
    if (err instanceof FjordError && err.code === 'UNKNOWN_TOPIC_OR_PARTITION') {
      throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${topic}' does not exist`, { cause: err });
    }
    throw err;
  }
}

/** The topic config keys, defaults and rules, for `topics create --help` and `topics alter --help`. */
export function topicConfigHelp(): string {
  const lines = ['Topic configs (--config KEY=VALUE):'];
  for (const d of LOG_CONFIG_DEFINITIONS) {
    lines.push(`  ${d.name.padEnd(32)} default ${d.default}; ${d.allowed}`);
    lines.push(`      ${d.documentation}`);
  }
  return lines.join('\n');
}

const createSpec: CommandSpec = {
  name: 'topics create',
  summary: 'Create a topic.',
  positionals: [topicArg],
  options: {
    partitions: { type: 'string', value: 'N', description: 'number of partitions', defaultText: "the broker's num.partitions, 1" },
    'replication-factor': { type: 'string', value: 'N', description: 'copies of each partition (one broker: only 1)', defaultText: '1' },
    config: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'topic config override (keys below)' },
    'if-not-exists': { type: 'boolean', description: 'succeed quietly if the topic already exists' },
  },
  examples: ['fjord topics create orders --partitions 3', 'fjord topics create users --config cleanup.policy=compact --config retention.ms=-1'],
  moreHelp: topicConfigHelp,
};

async function create(ctx: CliContext, { flags, args: [topic] }: ParsedArgs): Promise<void> {
  const numPartitions = flags.int('partitions', 1);
  const replicationFactor = flags.int('replication-factor', 1);
  const configs = flags.keyValues('config');
  const admin = (await ctx.open()).admin('fjord-cli');
  try {
    await admin.createTopics([{ topic, numPartitions, replicationFactor, configs }]);
  } catch (err) {
    if (flags.boolean('if-not-exists') && err instanceof FjordError && err.code === 'TOPIC_ALREADY_EXISTS') return;
    throw err;
  }
  await ctx.out.line(`Created topic ${topic}.`);
}

const listSpec: CommandSpec = {
  name: 'topics list',
  summary: 'List topic names, one per line.',
  positionals: [],
  options: { 'include-internal': { type: 'boolean', description: 'also list internal topics such as __consumer_offsets' } },
  examples: ['fjord topics list'],
};

async function list(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const names = await (await ctx.open()).admin('fjord-cli').listTopics({ includeInternal: flags.boolean('include-internal') });
  for (const name of names) await ctx.out.line(name);
}

const describeSpec: CommandSpec = {
  name: 'topics describe',
  summary: 'Show partitions, leader, replicas, ISR, config overrides and earliest/latest offsets of a topic (or of every topic).',
  positionals: [{ name: 'topic', required: false, description: 'the topic to describe (default: every topic)' }],
  options: {},
  examples: ['fjord topics describe orders', 'fjord topics describe'],
};

async function describe(ctx: CliContext, { args: [topic] }: ParsedArgs): Promise<void> {
  const admin = (await ctx.open()).admin('fjord-cli');
  const topics = topic !== undefined ? [await describeExistingTopic(admin, topic)] : (await admin.describeTopics(null)).filter((t) => !t.internal);
  topics.sort((a, b) => a.name.localeCompare(b.name));
  const blocks: string[] = [];
  for (const t of topics) blocks.push(await describeOne(admin, t));
  if (blocks.length > 0) await ctx.out.line(blocks.join('\n\n'));
}

async function describeOne(admin: Admin, t: TopicDescription): Promise<string> {
  const tps = t.partitions.map((p) => ({ topic: t.name, partition: p.partition }));
  const [earliest, latest, configs] = await Promise.all([
    admin.listOffsets(tps, 'earliest'),
    admin.listOffsets(tps, 'latest'),
    admin.describeTopicConfig(t.name),
  ]);
  const overrides = configs.filter((c) => c.source === 'topic').map((c) => `${c.name}=${c.value ?? ''}`);
  const rf = t.partitions[0]?.replicas.length ?? 0;
  const header = `Topic: ${t.name}  Partitions: ${t.partitions.length}  ReplicationFactor: ${rf}  Configs: ${overrides.join(',') || '(none)'}`;
  const rows = t.partitions.map((p) => {
    const key = tpKey(t.name, p.partition);
    return [p.partition, p.leader, p.replicas.join(','), p.isr.join(','), earliest.get(key) ?? '-', latest.get(key) ?? '-'];
  });
  return `${header}\n${formatTable(['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'EARLIEST-OFFSET', 'LATEST-OFFSET'], rows)}`;
}

const deleteSpec: CommandSpec = {
  name: 'topics delete',
  summary: 'Delete a topic and all of its records.',
  positionals: [topicArg],
  options: {},
  examples: ['fjord topics delete orders'],
};

async function remove(ctx: CliContext, { args: [topic] }: ParsedArgs): Promise<void> {
  await (await ctx.open()).admin('fjord-cli').deleteTopics([topic]);
  await ctx.out.line(`Deleted topic ${topic}.`);
}

const alterSpec: CommandSpec = {
  name: 'topics alter',
  summary: 'Add partitions to a topic, or set or remove its config overrides.',
  positionals: [topicArg],
  options: {
    partitions: { type: 'string', value: 'N', description: 'new total number of partitions (can only grow)' },
    config: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'set a topic config override' },
    'delete-config': { type: 'string', multiple: true, value: 'KEY', description: 'remove an override (back to the default)' },
  },
  examples: ['fjord topics alter orders --partitions 6', 'fjord topics alter orders --config retention.ms=86400000 --delete-config segment.bytes'],
  moreHelp: topicConfigHelp,
};

async function alter(ctx: CliContext, { flags, args: [topic] }: ParsedArgs): Promise<void> {
  const partitions = flags.int('partitions', 1);
  const changes: Record<string, string | null> = flags.keyValues('config');
  for (const key of flags.strings('delete-config')) {
    if (key in changes) throw new UsageError(`--config and --delete-config both name '${key}'`);
    changes[key] = null;
  }
  if (partitions === undefined && Object.keys(changes).length === 0) {
    throw new UsageError('fjord topics alter needs --partitions, --config or --delete-config (see fjord topics alter --help)');
  }
  const admin = (await ctx.open()).admin('fjord-cli');
  const done: string[] = [];
  if (partitions !== undefined) {
    await admin.createPartitions(topic, partitions);
    done.push(`partitions=${partitions}`);
  }
  if (Object.keys(changes).length > 0) {
    await admin.alterTopicConfig(topic, changes);
    done.push(...Object.entries(changes).map(([k, v]) => (v === null ? `removed ${k}` : `${k}=${v}`)));
  }
  await ctx.out.line(`Altered topic ${topic}: ${done.join(', ')}.`);
}

/** The `fjord topics ...` subcommands. */
export const topicsCommands: Command[] = [
  { spec: createSpec, run: create },
  { spec: listSpec, run: list },
  { spec: describeSpec, run: describe },
  { spec: alterSpec, run: alter },
  { spec: deleteSpec, run: remove },
];
