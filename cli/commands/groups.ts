/** `fjord groups list|describe|reset-offsets|delete`: kafka-consumer-groups. */
import type { Admin, GroupDescription, OffsetSpec } from '../../core/client/admin.js';
import { tpKey, type TopicPartition } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import { UsageError, type CommandSpec, type Flags, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { formatTable, JSON_FORMAT_OPTION, toJson, wantsJson } from '../output.js';
import { styleFor, type Style } from '../render/style.js';

const groupArg = { name: 'group', required: true, description: 'consumer group id' };

const listSpec: CommandSpec = {
  name: 'groups list',
  summary: 'List consumer groups and their states.',
  positionals: [],
  options: { format: JSON_FORMAT_OPTION },
  examples: ['fjord groups list', 'fjord groups list --format json'],
};

async function list(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const json = wantsJson(flags);
  const groups = await (await ctx.open()).admin('fjord-cli').listGroups();
  if (json) {
    await ctx.out.line(toJson(groups.map((g) => ({ group: g.groupId, state: g.state }))));
    return;
  }
  if (groups.length === 0) return;
  await ctx.out.line(formatTable(['GROUP', 'STATE'], groups.map((g) => [g.groupId, g.state]), styleFor(process.stdout)));
}

/** A group state, coloured by health on a terminal: Stable green, rebalancing yellow, Dead red. */
function paintState(state: string, style: Style): string {
  if (state === 'Stable') return style.green(state);
  if (state === 'PreparingRebalance' || state === 'CompletingRebalance') return style.yellow(state);
  if (state === 'Dead') return style.red(state);
  return state;
}

const describeSpec: CommandSpec = {
  name: 'groups describe',
  summary: 'Show a group\'s state and members, and per partition its committed offset, log-end offset and lag.',
  positionals: [groupArg],
  options: { format: JSON_FORMAT_OPTION },
  examples: ['fjord groups describe billing', 'fjord groups describe billing --format json'],
};

/** Who holds each assigned partition, by `tpKey`. */
function ownersOf(desc: GroupDescription): Map<string, string> {
  const owners = new Map<string, string>();
  for (const m of desc.members) for (const tp of m.assignment) owners.set(tpKey(tp.topic, tp.partition), m.memberId);
  return owners;
}

/** One partition of `groups describe`: null where the group has no commit (printed `-`). */
interface OffsetRow {
  topic: string;
  partition: number;
  committed: bigint | null;
  logEndOffset: bigint | null;
  lag: bigint | null;
  consumerId: string | null;
}

async function offsetRows(admin: Admin, desc: GroupDescription): Promise<OffsetRow[]> {
  const owners = ownersOf(desc);
  const offsets = await admin.groupOffsets(desc.groupId);
  const rows: OffsetRow[] = offsets.map((o) => ({
    topic: o.topic, partition: o.partition, committed: o.committed, logEndOffset: o.logEndOffset, lag: o.lag, consumerId: owners.get(tpKey(o.topic, o.partition)) ?? null,
  }));
  // Assigned partitions the group has not committed yet, as kafka-consumer-groups shows them.
  const committed = new Set(offsets.map((o) => tpKey(o.topic, o.partition)));
  const uncommitted: TopicPartition[] = desc.members.flatMap((m) => m.assignment).filter((tp) => !committed.has(tpKey(tp.topic, tp.partition)));
  if (uncommitted.length > 0) {
    const ends = await admin.listOffsets(uncommitted, 'latest');
    for (const tp of uncommitted) {
      const key = tpKey(tp.topic, tp.partition);
      rows.push({ topic: tp.topic, partition: tp.partition, committed: null, logEndOffset: ends.get(key) ?? null, lag: null, consumerId: owners.get(key) ?? null });
    }
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

async function describe(ctx: CliContext, { flags, args: [group] }: ParsedArgs): Promise<void> {
  const json = wantsJson(flags);
  const admin = (await ctx.open()).admin('fjord-cli');
  const desc = await admin.describeGroup(group);
  const rows = await offsetRows(admin, desc);
  if (desc.state === 'Dead' && rows.length === 0) throw new FjordError('GROUP_ID_NOT_FOUND', `group '${group}' does not exist`);
  if (json) {
    const members = desc.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: m.assignment.map((tp) => ({ topic: tp.topic, partition: tp.partition })) }));
    await ctx.out.line(toJson({ group, state: desc.state, protocol: desc.protocol || null, members, offsets: rows }));
    return;
  }
  const style = styleFor(process.stdout);
  const lines = [`Group: ${style.bold(group)}  State: ${paintState(desc.state, style)}  Protocol: ${desc.protocol || '-'}  Members: ${desc.members.length}`];
  if (desc.members.length > 0) {
    const members = desc.members.map((m) => [m.memberId, m.clientId, m.clientHost, m.assignment.map((tp) => `${tp.topic}-${tp.partition}`).join(',') || '-']);
    lines.push('', formatTable(['MEMBER-ID', 'CLIENT-ID', 'HOST', 'ASSIGNMENT'], members, style));
  }
  const table = rows.map((r) => [r.topic, r.partition, r.committed ?? '-', r.logEndOffset ?? '-', r.lag ?? '-', r.consumerId ?? '-']);
  lines.push('', rows.length > 0 ? formatTable(['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID'], table, style) : 'No committed offsets.');
  await ctx.out.line(lines.join('\n'));
}

const resetSpec: CommandSpec = {
  name: 'groups reset-offsets',
  summary: 'Move a group\'s committed offsets. Without --execute this is a dry run that prints the plan.\nThe group must be inactive (no running consumers).',
  positionals: [groupArg],
  options: {
    'to-earliest': { type: 'boolean', description: 'to the earliest offset of each partition' },
    'to-latest': { type: 'boolean', description: 'to the log end of each partition (skip everything)' },
    'to-offset': { type: 'string', value: 'N', description: 'to offset N (clamped to each partition\'s earliest/latest)' },
    'to-datetime': { type: 'string', value: 'ISO', description: 'to the first record at or after this time, e.g. 2024-05-01T12:00:00Z' },
    topic: { type: 'string', multiple: true, value: 'TOPIC', description: 'only these topics (all partitions)', defaultText: 'every topic the group has committed' },
    'dry-run': { type: 'boolean', description: 'print the new offsets without changing anything (the default)' },
    execute: { type: 'boolean', description: 'apply the new offsets' },
    format: JSON_FORMAT_OPTION,
  },
  examples: [
    'fjord groups reset-offsets billing --to-earliest',
    'fjord groups reset-offsets billing --to-earliest --execute',
    'fjord groups reset-offsets billing --topic orders --to-datetime 2024-05-01T00:00:00Z --execute',
  ],
};

function offsetSpecOf(flags: Flags): OffsetSpec {
  const chosen = ['to-earliest', 'to-latest', 'to-offset', 'to-datetime'].filter((f) => flags.boolean(f) || flags.string(f) !== undefined);
  if (chosen.length !== 1) {
    throw new UsageError(chosen.length === 0
      ? 'fjord groups reset-offsets needs one of --to-earliest, --to-latest, --to-offset N, --to-datetime ISO'
      : `choose one target, not ${chosen.map((f) => `--${f}`).join(' and ')}`);
  }
  if (flags.boolean('to-earliest')) return { to: 'earliest' };
  if (flags.boolean('to-latest')) return { to: 'latest' };
  const offset = flags.int('to-offset', 0);
  if (offset !== undefined) return { to: 'offset', offset: BigInt(offset) };
  const text = flags.string('to-datetime')!;
  const timestamp = Date.parse(text);
  if (Number.isNaN(timestamp)) throw new UsageError(`--to-datetime expects an ISO date-time such as 2024-05-01T12:00:00Z, got '${text}'`);
  return { to: 'timestamp', timestamp };
}

async function resetOffsets(ctx: CliContext, { flags, args: [group] }: ParsedArgs): Promise<void> {
  const spec = offsetSpecOf(flags);
  const json = wantsJson(flags);
  if (flags.boolean('dry-run') && flags.boolean('execute')) throw new UsageError('--dry-run and --execute cannot be used together');
  const dryRun = !flags.boolean('execute');
  const topics = flags.strings('topic');
  const admin = (await ctx.open()).admin('fjord-cli');
  const offsets = await admin.resetGroupOffsets(group, spec, { ...(topics.length > 0 ? { topics } : {}), dryRun });
  const sorted = [...offsets].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  if (json) {
    await ctx.out.line(toJson({ group, dryRun, offsets: sorted.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })) }));
    return;
  }
  const rows = sorted.map((o) => [group, o.topic, o.partition, o.offset]);
  await ctx.out.line(formatTable(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'], rows, styleFor(process.stdout)));
  if (dryRun) process.stderr.write('fjord: dry run, nothing changed; add --execute to apply these offsets\n');
}

const deleteSpec: CommandSpec = {
  name: 'groups delete',
  summary: 'Delete an inactive group and its committed offsets.',
  positionals: [groupArg],
  options: {},
  examples: ['fjord groups delete billing'],
};

async function remove(ctx: CliContext, { args: [group] }: ParsedArgs): Promise<void> {
  await (await ctx.open()).admin('fjord-cli').deleteGroups([group]);
  await ctx.out.line(`Deleted group ${group}.`);
}

/** The `fjord groups ...` subcommands. */
export const groupsCommands: Command[] = [
  { spec: listSpec, run: list },
  { spec: describeSpec, run: describe },
  { spec: resetSpec, run: resetOffsets },
  { spec: deleteSpec, run: remove },
];
