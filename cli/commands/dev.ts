/**
 * `fjord dev` (what `npm start` runs): a tour of the embedded broker on the default data dir.
 * It writes demo click events to `fjord-demo`, reads them back as the group `fjord-demo-readers`
 * (committing, so a second run continues where the first stopped), reports the rates and
 * suggests commands to try next. A TCP listener will join it once the wire protocol lands.
 */
import type { Consumer } from '../../core/client/consumer.js';
import type { Fjord } from '../../core/client/fjord.js';
import { tpKey, type TopicPartition } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { type CliContext, type Command } from '../context.js';
import { formatTable } from '../output.js';
import { SendWindow } from './produce.js';

export const DEMO_TOPIC = 'fjord-demo';
export const DEMO_GROUP = 'fjord-demo-readers';
const DEMO_PARTITIONS = 3;
const DEFAULT_RECORDS = 100_000;
const USERS = 50;
const ACTIONS = ['click', 'view', 'scroll', 'purchase', 'signup'] as const;
/** Reading back gives up after this long without a record while records are still due. */
const readStallMsMax = 10_000;

const spec: CommandSpec = {
  name: 'dev',
  summary: `Demo run (what npm start runs): write events to '${DEMO_TOPIC}' and read them back as a group.\n` +
    `Opens the data dir, creates '${DEMO_TOPIC}' (${DEMO_PARTITIONS} partitions) if missing, reads the new records as group\n` +
    `'${DEMO_GROUP}' (committing, so the next run continues), prints the rates and commands to try next.`,
  positionals: [],
  options: {
    records: { type: 'string', value: 'N', description: 'how many demo records to write and read', defaultText: String(DEFAULT_RECORDS) },
  },
  examples: ['npm start', 'fjord dev --records 1000 --data-dir /tmp/fjord'],
};

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function rate(count: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  return `${formatCount(count)} records in ${seconds.toFixed(2)} s (${formatCount(Math.round(count / seconds))} records/s)`;
}

/** Quotes a path for the shell only when it needs it, so hints stay copy-pasteable. */
function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function produceDemo(ctx: CliContext, fjord: Fjord, count: number): Promise<number> {
  const producer = fjord.producer({ clientId: 'fjord-dev-producer', lingerMs: 5 });
  const window = new SendWindow();
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
  };
  const started = Date.now();
  try {
    for (let i = 0; i < count && !failure && !ctx.signal.aborted; i++) {
      const user = `u${Math.floor(Math.random() * USERS)}`;
      const action = ACTIONS[Math.floor(Math.random() * ACTIONS.length)];
      const value = JSON.stringify({ user, action, ts: Date.now() });
      await window.add(producer.send({ topic: DEMO_TOPIC, key: user, value }).catch(fail));
    }
  } finally {
    await producer.close();
  }
  if (failure) throw failure;
  return Date.now() - started;
}

/** True once every assigned partition has reached its target offset (after the first join). */
async function caughtUp(consumer: Consumer, targets: Map<string, bigint>): Promise<boolean> {
  const assigned = consumer.assignment();
  if (assigned.length === 0) return false;
  for (const tp of assigned) {
    if ((await consumer.position(tp)) < (targets.get(tpKey(tp.topic, tp.partition)) ?? 0n)) return false;
  }
  return true;
}

async function readDemo(ctx: CliContext, fjord: Fjord, targets: Map<string, bigint>): Promise<{ read: number; elapsedMs: number }> {
  const consumer = fjord.consumer({
    clientId: 'fjord-dev-consumer', groupId: DEMO_GROUP, autoOffsetReset: 'earliest', enableAutoCommit: true,
  });
  consumer.subscribe([DEMO_TOPIC]);
  const started = Date.now();
  let read = 0;
  let lastRecordMs = started;
  try {
    while (!ctx.signal.aborted && !(await caughtUp(consumer, targets))) {
      const records = await consumer.poll(500);
      read += records.length;
      if (records.length > 0) lastRecordMs = Date.now();
      else if (Date.now() - lastRecordMs > readStallMsMax) {
        throw new FjordError('TIMEOUT', `group ${DEMO_GROUP} read no record from ${DEMO_TOPIC} for ${readStallMsMax} ms before reaching the end`);
      }
    }
  } finally {
    await consumer.close(); // commits the final positions
  }
  return { read, elapsedMs: Date.now() - started };
}

async function dev(ctx: CliContext, { flags }: ParsedArgs): Promise<void> {
  const count = flags.int('records', 0) ?? DEFAULT_RECORDS;
  const fjord = await ctx.open();
  const admin = fjord.admin('fjord-dev');
  const topics = await admin.listTopics();
  const out = ctx.out;
  await out.line(`Fjord embedded dev run\n  data dir: ${ctx.dataDirPath}\n  topics:   ${topics.length > 0 ? topics.join(', ') : '(none yet)'}\n`);
  if (!topics.includes(DEMO_TOPIC)) {
    await admin.createTopics([{ topic: DEMO_TOPIC, numPartitions: DEMO_PARTITIONS }]);
    await out.line(`Created topic ${DEMO_TOPIC} with ${DEMO_PARTITIONS} partitions.`);
  }
  await out.line(`Producing ${formatCount(count)} demo records to ${DEMO_TOPIC}...`);
  const produceMs = await produceDemo(ctx, fjord, count);
  await out.line(`  wrote ${rate(count, produceMs)}`);

  const tps: TopicPartition[] = (await admin.describeTopics([DEMO_TOPIC]))[0].partitions.map((p) => ({ topic: DEMO_TOPIC, partition: p.partition }));
  const targets = await admin.listOffsets(tps, 'latest');
  await out.line(`Reading them back as consumer group ${DEMO_GROUP}...`);
  const { read, elapsedMs } = await readDemo(ctx, fjord, targets);
  await out.line(`  read ${rate(read, elapsedMs)}\n`);

  const offsets = (await admin.groupOffsets(DEMO_GROUP)).filter((o) => o.topic === DEMO_TOPIC);
  await out.line(`Committed offsets of ${DEMO_GROUP}:`);
  await out.line(formatTable(['PARTITION', 'COMMITTED', 'LOG-END', 'LAG'], offsets.map((o) => [o.partition, o.committed, o.logEndOffset, o.lag])));
  await out.line(tryNext(ctx.dataDirArg));
}

function tryNext(dataDir: string): string {
  const d = `--data-dir ${shellQuote(dataDir)}`;
  return [
    '',
    'Try next:',
    `  fjord consume ${DEMO_TOPIC} --from-beginning --max-messages 5 ${d}`,
    `  fjord consume ${DEMO_TOPIC} --from-beginning -e --format '%p:%o %k %s\\n' ${d} | tail -3`,
    `  fjord groups describe ${DEMO_GROUP} ${d}`,
    `  fjord topics describe ${DEMO_TOPIC} ${d}`,
    `  echo 'u1:{"user":"u1","action":"click"}' | fjord produce ${DEMO_TOPIC} --key-separator : ${d}`,
    '(In a checkout of Fjord, `npm link` puts fjord on your PATH, or run node dist/cli/main.js.)',
  ].join('\n');
}

/** `fjord dev`. */
export const devCommand: Command = { spec, run: dev };
