/**
 * Fjord Streams throughput (issue: Streams DSL). Input: 100-byte JSON values, 10,000 distinct
 * string keys, read from a one-partition topic of an embedded broker, results written to an
 * output topic. A run times one application from start() until it has processed every input
 * record, has closed (a close commits, which forwards the results aggregations hold in their
 * record caches) and its output topic holds every record it sent (startup, group join and close
 * included; `sql.window-count` ends with a PAUSE, which commits the same way, so the two compare
 * like with like). `streams.ceiling` is the same-run plain loop —
 * consumer → JSON.parse → filter → map → JSON.stringify → producer, no DSL, with the client's
 * cheapest read (value text decoded from the fetched bytes) and send — that the other figures
 * are set against.
 */
import { Fjord } from '../core/client/fjord.js';
import type { FetchedRecordView } from '../core/client/fetcher.js';
import type { Producer } from '../core/client/producer.js';
import { FjordStreams } from '../core/streams/runtime/fjord-streams.js';
import { Serdes, StreamsBuilder, TimeWindows, type Topology } from '../core/streams/index.js';
import { encodeCommitMetadata } from '../core/streams/runtime/commit-metadata.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';
import { waitForTopicEnd } from './topic-end.js';

const RECORDS = 300_000;
const KEYS = 10_000;
const RESTORE_ENTRIES = 1_000_000;

interface Event {
  id: number;
  user: string;
  amount: number;
  pad: string;
}

function eventValue(i: number): Buffer {
  const base = { id: i, user: `u${i % KEYS}`, amount: (i % 100) + 0.5, pad: '' };
  const len = Buffer.byteLength(JSON.stringify(base));
  return Buffer.from(JSON.stringify({ ...base, pad: 'x'.repeat(Math.max(0, 100 - len)) }));
}

async function produceAll(producer: Producer, topic: string, count: number, record: (i: number) => { key: string; value: Buffer; timestamp: number }): Promise<void> {
  const window = 20_000;
  const sends: Promise<unknown>[] = new Array(window);
  for (let i = 0; i < count; i++) {
    const slot = i % window;
    if (i >= window && slot % 1000 === 0) await sends[slot];
    sends[slot] = producer.send({ topic, ...record(i) });
  }
  await producer.flush();
  await Promise.all(sends.filter(Boolean));
}

interface Ctx {
  fjord: Fjord;
  run: number;
}

async function openWithInput(): Promise<Ctx> {
  const fjord = await Fjord.embedded({ dataDir: tmpDir('streams'), config: { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 } });
  await fjord.admin().createTopics([{ topic: 'events', numPartitions: 1 }, { topic: 'users', numPartitions: 1 }]);
  const producer = fjord.producer({ acks: 1, lingerMs: 5, batchSize: 256 * 1024 });
  await produceAll(producer, 'events', RECORDS, (i) => ({ key: `u${i % KEYS}`, value: eventValue(i), timestamp: 1_700_000_000_000 + i * 2 }));
  await produceAll(producer, 'users', KEYS, (i) => ({ key: `u${i}`, value: Buffer.from(JSON.stringify({ name: `user ${i}`, tier: i % 3 })), timestamp: 1_600_000_000_000 }));
  await producer.close();
  return { fjord, run: 0 };
}

/**
 * Runs `topology` as a fresh application and returns input records/s until every input record was
 * processed and `output` (its only sink) holds every record the application sent.
 */
async function runApp(ctx: Ctx, topology: Topology, expected: number, output: string): Promise<number> {
  const applicationId = `bench-${ctx.run++}`;
  const streams = new FjordStreams(topology, { applicationId, embedded: ctx.fjord, stateDir: tmpDir('streams-state'), commitIntervalMs: 10_000, maxPollRecords: 5000 });
  const seconds = await timeIt(async () => {
    await streams.start();
    while (streams.metrics.processed < expected) {
      if (streams.state === 'ERROR') throw streams.error;
      await new Promise((r) => setImmediate(r));
    }
    // Aggregations forward their cached results when the application commits, as Kafka Streams'
    // do: close() commits, so the output then holds every final result.
    await streams.close();
    await waitForTopicEnd(ctx.fjord, output, streams.metrics.sent);
  });
  if (process.env.FJORD_BENCH_VERBOSE === '1') process.stderr.write(`${output}: ${streams.metrics.sent} records sent\n`);
  return expected / seconds;
}

const jsonEvent = Serdes.Json<Event>();

/** Events with amount > 10 (i % 100 + 0.5 > 10 for 90 of every 100): what the stateless pipelines write. */
const FILTERED = (RECORDS / 100) * 90;

function statelessTopology(out: string): Topology {
  const b = new StreamsBuilder();
  b.stream<string, Event>('events', { valueSerde: jsonEvent })
    .filter((_k, v) => v.amount > 10)
    .mapValues((v) => ({ id: v.id, user: v.user, cents: Math.round(v.amount * 100) }))
    .to(out, { keySerde: Serdes.String(), valueSerde: Serdes.Json() });
  return b.build();
}

const statelessBench: Benchmark<Ctx> = {
  name: 'streams.stateless',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 500,000 records/s',
  comparedWith: 'streams.ceiling',
  setup: openWithInput,
  run: (ctx) => runApp(ctx, statelessTopology(`out-${ctx.run}`), RECORDS, `out-${ctx.run}`),
  teardown: (ctx) => ctx.fjord.close(),
};

const windowCount: Benchmark<Ctx> = {
  name: 'streams.window-count',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 150,000 records/s',
  comparedWith: 'streams.ceiling',
  setup: openWithInput,
  run(ctx) {
    const b = new StreamsBuilder();
    b.stream<string, Event>('events', { valueSerde: jsonEvent })
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(60_000))
      .count()
      .toStream((wk) => `${wk.key}@${wk.window.startMs}`)
      .to(`out-${ctx.run}`, { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    return runApp(ctx, b.build(), RECORDS, `out-${ctx.run}`);
  },
  teardown: (ctx) => ctx.fjord.close(),
};

const streamTableJoin: Benchmark<Ctx> = {
  name: 'streams.stream-table-join',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 150,000 records/s',
  comparedWith: 'streams.ceiling',
  setup: openWithInput,
  run(ctx) {
    const b = new StreamsBuilder();
    const users = b.table<string, { name: string; tier: number }>('users', { valueSerde: Serdes.Json() });
    b.stream<string, Event>('events', { valueSerde: jsonEvent })
      .join(users, (e, u) => ({ id: e.id, amount: e.amount, name: u.name, tier: u.tier }))
      .to(`out-${ctx.run}`, { keySerde: Serdes.String(), valueSerde: Serdes.Json() });
    // The table's 10,000 rows are processed too.
    return runApp(ctx, b.build(), RECORDS + KEYS, `out-${ctx.run}`);
  },
  teardown: (ctx) => ctx.fjord.close(),
};

const ceiling: Benchmark<Ctx> = {
  name: 'streams.ceiling',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: 'the same-run plain loop the streams figures are set against',
  setup: openWithInput,
  async run(ctx) {
    const out = `plain-${ctx.run++}`;
    // The client's cheapest read too: records that decode their value text from the fetched bytes.
    const consumer = ctx.fjord.consumer({ autoOffsetReset: 'earliest', maxPollRecords: 5000, fetchedRecordViews: true });
    const producer = ctx.fjord.producer({ lingerMs: 5 });
    consumer.assign([{ topic: 'events', partition: 0 }]);
    let seen = 0;
    let failure: Error | undefined;
    const failed = (error: Error) => void (failure ??= error);
    const seconds = await timeIt(async () => {
      while (seen < RECORDS) {
        for (const r of await consumer.poll(1000)) {
          seen += 1;
          const v = JSON.parse((r as FetchedRecordView).valueText()!) as Event;
          if (!(v.amount > 10)) continue;
          const mapped = { id: v.id, user: v.user, cents: Math.round(v.amount * 100) };
          // The cheapest send the client has: no promise per record, the text written into the batch.
          producer.sendReportingFailure({ topic: out, key: r.key, value: JSON.stringify(mapped), timestamp: r.timestamp }, failed);
        }
      }
      if (failure !== undefined) throw failure;
      await producer.flush();
      await waitForTopicEnd(ctx.fjord, out, FILTERED);
    });
    await producer.close();
    await consumer.close();
    return RECORDS / seconds;
  },
  teardown: (ctx) => ctx.fjord.close(),
};

/** Restore: a changelog of 1,000,000 entries read into an empty LevelDB store. */
const restore: Benchmark<Ctx> = {
  name: 'streams.restore-1m',
  unit: 'ms',
  runs: 5,
  target: 'report the time',
  async setup() {
    const fjord = await Fjord.embedded({ dataDir: tmpDir('streams-restore'), config: { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 } });
    await fjord.admin().createTopics([{ topic: 'restore-in', numPartitions: 1 }, { topic: 'restore-app-counts-changelog', numPartitions: 1, configs: { 'cleanup.policy': 'compact' } }]);
    const producer = fjord.producer({ acks: 1, lingerMs: 5, batchSize: 256 * 1024 });
    const value = Buffer.alloc(8 + 2);
    value.writeBigInt64BE(1_700_000_000_000n, 0);
    value.write('42', 8);
    await produceAll(producer, 'restore-app-counts-changelog', RESTORE_ENTRIES, (i) => ({ key: `key-${i}`, value, timestamp: 1_700_000_000_000 }));
    await producer.close();
    // As if the application had committed after writing them: input offset 0, changelog end 1M.
    const committer = fjord.consumer({ groupId: 'restore-app' });
    const metadata = encodeCommitMetadata({ seq: 1, streamTimeMs: 0, changelogEnds: { 'restore-app-counts-changelog:0': String(RESTORE_ENTRIES) } });
    await committer.commitSync([{ topic: 'restore-in', partition: 0, offset: 0n, metadata }]);
    await committer.close();
    return { fjord, run: 0 };
  },
  async run(ctx) {
    const b = new StreamsBuilder();
    b.stream<string, string>('restore-in').groupByKey().count({ storeName: 'counts' });
    const streams = new FjordStreams(b.build(), { applicationId: 'restore-app', embedded: ctx.fjord, stateDir: tmpDir('streams-restore-state') });
    const seconds = await timeIt(async () => {
      await streams.start();
      await streams.waitUntilRunning(600_000);
    });
    const restored = streams.metrics.restoredRecords;
    await streams.close();
    if (restored !== RESTORE_ENTRIES) throw new Error(`restored ${restored} entries, expected ${RESTORE_ENTRIES}`);
    return seconds * 1000;
  },
  teardown: (ctx) => ctx.fjord.close(),
};

export const benchmarks: Benchmark[] = [ceiling, statelessBench, windowCount, streamTableJoin, restore] as Benchmark[];
