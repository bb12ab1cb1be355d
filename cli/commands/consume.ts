/**
 * `fjord consume <topic>`: prints records like kafka-console-consumer and `kcat -C`. Without
 * --group it assigns partitions directly and commits nothing; with --group it subscribes and
 * commits what it printed, so the next run of the same group continues after it.
 */
import type { Admin } from '../../core/client/admin.js';
import type { Consumer } from '../../core/client/consumer.js';
import type { ConsumerConfig } from '../../core/client/consumer-config.js';
import { tpKey, type ConsumerRecord, type TopicPartition } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import { UsageError, type CommandSpec, type Flags, type ParsedArgs } from '../args.js';
import { type CliContext, type Command } from '../context.js';
import { recordFormatter, type RecordFormatter } from '../output.js';
import { describeExistingTopic } from './topics.js';

/** Longest single poll: bounds how late Ctrl-C, --timeout-ms and -e are noticed. */
const pollMsMax = 500;

const spec: CommandSpec = {
  name: 'consume',
  summary: 'Print records of a topic to stdout, one per line (the value only, unless --format says otherwise).',
  positionals: [{ name: 'topic', required: true, description: 'topic to read' }],
  options: {
    'from-beginning': { type: 'boolean', description: 'start at the earliest offset (without it: at the end; with --group: only when the group has no committed offset)' },
    group: { type: 'string', value: 'GROUP', description: 'read as this consumer group and commit progress (without it: all partitions, no group, no commits)' },
    partition: { type: 'string', value: 'N', description: 'read only this partition (not with --group)' },
    offset: { type: 'string', value: 'N|earliest|latest', description: 'start at this offset in each partition read (not with --group)', defaultText: 'latest' },
    'max-messages': { type: 'string', value: 'N', description: 'stop after printing N records' },
    'exit-at-end': { type: 'boolean', short: 'e', description: 'stop at the end of every assigned partition, as of when it was assigned (like kcat -e)' },
    'timeout-ms': { type: 'string', value: 'T', description: 'stop after T ms without a record' },
    format: {
      type: 'string', value: 'FMT',
      description: "'json' for one JSON object per line (topic, partition, offset as a string, timestamp, key, value, headers), or a kcat-style template: %t topic %p partition %o offset %k key %s value %T timestamp %h headers %K/%S key/value length %% percent, \\n \\t escapes",
      defaultText: 'the value',
    },
  },
  examples: [
    'fjord consume orders --from-beginning -e',
    'fjord consume orders --group billing --max-messages 10',
    "fjord consume orders --partition 0 --offset 42 --format '%p:%o %k=%s\\n'",
    'fjord consume orders --from-beginning --format json --timeout-ms 2000',
  ],
};

type StartOffset = 'earliest' | 'latest' | bigint;

interface ConsumeOptions {
  topic: string;
  group: string | undefined;
  partition: number | undefined;
  start: StartOffset;
  maxMessages: number | undefined;
  exitAtEnd: boolean;
  timeoutMs: number | undefined;
  format: RecordFormatter;
}

function parseStartOffset(flags: Flags): StartOffset {
  const offset = flags.string('offset');
  const fromBeginning = flags.boolean('from-beginning');
  if (offset !== undefined && fromBeginning) throw new UsageError('--offset and --from-beginning cannot be used together');
  if (offset === undefined) return fromBeginning ? 'earliest' : 'latest';
  if (offset === 'earliest' || offset === 'latest') return offset;
  if (!/^\d+$/.test(offset)) throw new UsageError(`--offset expects a whole number >= 0, earliest or latest, got '${offset}'`);
  return BigInt(offset);
}

function parseOptions(flags: Flags, topic: string): ConsumeOptions {
  const group = flags.string('group');
  if (group !== undefined && flags.string('partition') !== undefined) throw new UsageError('--partition cannot be used with --group (the group assigns partitions)');
  if (group !== undefined && flags.string('offset') !== undefined) throw new UsageError('--offset cannot be used with --group; move the group with fjord groups reset-offsets');
  if (group === '') throw new UsageError('--group must not be empty');
  return {
    topic,
    group,
    partition: flags.int('partition', 0),
    start: parseStartOffset(flags),
    maxMessages: flags.int('max-messages', 1),
    exitAtEnd: flags.boolean('exit-at-end'),
    timeoutMs: flags.int('timeout-ms', 0),
    format: recordFormatter(flags.string('format')),
  };
}

/** The log end offset of each partition when it was assigned: where -e stops. */
class EndOffsets {
  private readonly ends = new Map<string, bigint>();
  /** False until the first assignment (a group's join) has happened. */
  assigned = false;

  constructor(private readonly admin: Admin) {}

  async snapshot(tps: TopicPartition[]): Promise<void> {
    this.assigned = true;
    if (tps.length === 0) return;
    for (const [key, end] of await this.admin.listOffsets(tps, 'latest')) this.ends.set(key, end);
  }

  /** True once every assigned partition's position has reached its end snapshot. */
  async reached(consumer: Consumer): Promise<boolean> {
    if (!this.assigned) return false;
    for (const tp of consumer.assignment()) {
      const end = this.ends.get(tpKey(tp.topic, tp.partition));
      if (end === undefined || (await consumer.position(tp)) < end) return false;
    }
    return true;
  }
}

async function startAssigned(consumer: Consumer, opts: ConsumeOptions, partitionCount: number): Promise<TopicPartition[]> {
  if (opts.partition !== undefined && opts.partition >= partitionCount) {
    throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `partition ${opts.partition} of topic '${opts.topic}' does not exist (it has ${partitionCount})`);
  }
  const partitions = opts.partition !== undefined ? [opts.partition] : Array.from({ length: partitionCount }, (_, i) => i);
  const tps = partitions.map((partition) => ({ topic: opts.topic, partition }));
  consumer.assign(tps);
  if (opts.start === 'earliest') await consumer.seekToBeginning(tps);
  else if (opts.start === 'latest') await consumer.seekToEnd(tps);
  else {
    // Like Kafka's seek: an offset past either end is reset by auto.offset.reset on first fetch.
    for (const tp of tps) consumer.seek(tp, opts.start);
  }
  return tps;
}

/**
 * After --max-messages stops mid-batch, moves each partition back to its first unprinted record,
 * so the commit on close covers exactly what was printed.
 */
function rewindUnprinted(consumer: Consumer, unprinted: ConsumerRecord[]): void {
  const seen = new Set<string>();
  for (const r of unprinted) {
    const key = tpKey(r.topic, r.partition);
    if (seen.has(key)) continue;
    seen.add(key);
    consumer.seek(r, r.offset);
  }
}

/** Polls and prints until a stop condition holds; returns the number of records printed. */
async function printRecords(ctx: CliContext, consumer: Consumer, ends: EndOffsets, opts: ConsumeOptions): Promise<number> {
  let printed = 0;
  let lastRecordMs = Date.now();
  while (!ctx.signal.aborted) {
    if (opts.exitAtEnd && (await ends.reached(consumer))) break;
    const idleLeftMs = opts.timeoutMs === undefined ? pollMsMax : lastRecordMs + opts.timeoutMs - Date.now();
    const records = await consumer.poll(Math.max(0, Math.min(pollMsMax, idleLeftMs)));
    if (records.length > 0) lastRecordMs = Date.now();
    const room = opts.maxMessages === undefined ? records.length : opts.maxMessages - printed;
    const batch = records.length > room ? records.slice(0, room) : records;
    let text = '';
    for (const r of batch) text += opts.format(r);
    await ctx.out.write(text);
    printed += batch.length;
    if (opts.maxMessages !== undefined && printed >= opts.maxMessages) {
      if (opts.group !== undefined) rewindUnprinted(consumer, records.slice(batch.length));
      break;
    }
    if (opts.timeoutMs !== undefined && Date.now() - lastRecordMs >= opts.timeoutMs) break;
  }
  return printed;
}

async function consume(ctx: CliContext, { flags, args: [topic] }: ParsedArgs): Promise<void> {
  const opts = parseOptions(flags, topic);
  const fjord = await ctx.open();
  const admin = fjord.admin('fjord-cli');
  const description = await describeExistingTopic(admin, topic);
  const config: Partial<ConsumerConfig> = {
    clientId: 'fjord-cli-consumer',
    groupId: opts.group ?? null,
    autoOffsetReset: opts.start === 'earliest' ? 'earliest' : 'latest',
    enableAutoCommit: opts.group !== undefined,
    allowAutoCreateTopics: false,
   
  };
  const consumer = fjord.consumer(config);
  const ends = new EndOffsets(admin);
  try {
    if (opts.group !== undefined) {
      consumer.subscribe([topic], { onPartitionsAssigned: (added) => ends.snapshot(added) });
    } else {
      await ends.snapshot(await startAssigned(consumer, opts, description.partitions.length));
    }
    const printed = await printRecords(ctx, consumer, ends, opts);
    if (ctx.verbose) process.stderr.write(`fjord: processed a total of ${printed} record(s)\n`);
  } finally {
    await consumer.close();
  }
}

/** `fjord consume`. */
export const consumeCommand: Command = { spec, run: consume };
