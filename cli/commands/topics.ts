/** `fjord topics create|list|describe|alter|delete`: kafka-topics and kafka-configs for topics. */
import type { Admin, TopicDescription } from '../../core/client/admin.js';
import { tpKey } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import { LOG_CONFIG_DEFINITIONS } from '../../core/log/log-config.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { formatTable, JSON_FORMAT_OPTION, toJson, wantsJson } from '../output.js';
import { styleFor } from '../render/style.js';

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
  options: { 'include-internal': { type: 'boolean', description: 'also list internal topics such as __consumer_offsets' }, format: JSON_FORMAT_OPTION },
  examples: ['fjord topics list', 'fjord topics list --format json'],
};

async function list(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const json = wantsJson(flags);
  const names = await (await ctx.open()).admin('fjord-cli').listTopics({ includeInternal: flags.boolean('include-internal') });
  if (json) await ctx.out.line(toJson(names));
  else for (const name of names) await ctx.out.line(name);
}

const describeSpec: CommandSpec = {
  name: 'topics describe',
  summary: 'Show partitions, leader, replicas, ISR, config overrides and earliest/latest offsets of a topic (or of every topic).',
  positionals: [{ name: 'topic', required: false, description: 'the topic to describe (default: every topic)' }],
  options: { format: JSON_FORMAT_OPTION },
  examples: ['fjord topics describe orders', 'fjord topics describe', 'fjord topics describe --format json'],
};

async function describe(ctx: CliContext, { flags, args: [topic] }: ParsedArgs): Promise<void> {
  const json = wantsJson(flags);
  const admin = (await ctx.open()).admin('fjord-cli');
  const topics = topic !== undefined ? [await describeExistingTopic(admin, topic)] : (await admin.describeTopics(null)).filter((t) => !t.internal);
  topics.sort((a, b) => a.name.localeCompare(b.name));
  const details: TopicDetails[] = [];
  for (const t of topics) details.push(await topicDetails(admin, t));
  if (json) {
    await ctx.out.line(toJson(details));
    return;
  }
  const style = styleFor(process.stdout);
  if (details.length > 0) await ctx.out.line(details.map((d) => formatTopic(d, style)).join('\n\n'));
}

/** One topic as `topics describe` reports it (and prints as JSON). */
interface TopicDetails {
  name: string;
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; earliestOffset: bigint | null; latestOffset: bigint | null }[];
  replicationFactor: number;
  /** Overrides only (source: topic). */
  configs: Record<string, string | null>;
}

async function topicDetails(admin: Admin, t: TopicDescription): Promise<TopicDetails> {
  const tps = t.partitions.map((p) => ({ topic: t.name, partition: p.partition }));
  const [earliest, latest, configs] = await Promise.all([
    admin.listOffsets(tps, 'earliest'),
    admin.listOffsets(tps, 'latest'),
    admin.describeTopicConfig(t.name),
  ]);
  return {
    name: t.name,
    partitions: t.partitions.map((p) => {
      const key = tpKey(t.name, p.partition);
      return { partition: p.partition, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr], earliestOffset: earliest.get(key) ?? null, latestOffset: latest.get(key) ?? null };
    }),
    replicationFactor: t.partitions[0]?.replicas.length ?? 0,
    configs: Object.fromEntries(configs.filter((c) => c.source === 'topic').map((c) => [c.name, c.value ?? null])),
  };
}

function formatTopic(d: TopicDetails, style: ReturnType<typeof styleFor>): string {
  const overrides = Object.entries(d.configs).map(([k, v]) => `${k}=${v ?? ''}`);
  const header = `Topic: ${style.bold(d.name)}  Partitions: ${d.partitions.length}  ReplicationFactor: ${d.replicationFactor}  Configs: ${overrides.join(',') || '(none)'}`;
  const rows = d.partitions.map((p) => [p.partition, p.leader, p.replicas.join(','), p.isr.join(','), p.earliestOffset ?? '-', p.latestOffset ?? '-']);
  return `${header}\n${formatTable(['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'EARLIEST-OFFSET', 'LATEST-OFFSET'], rows, style)}`;
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
