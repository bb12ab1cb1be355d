/**
 * Fjord SQL throughput (issue: Streaming SQL). The same input as the Streams benchmarks — 300,000
 * JSON values of about 100 bytes, 10,000 keys, one partition of an embedded broker — read by a
 * persistent query that the SQL engine plans and runs on the live runtime. A run times the
 * statement from submission until the output topic holds every expected record (the
 * aggregation: until every input record is processed and a PAUSE has committed, which forwards
 * the cached results).
 * The runtime settings are the Streams benchmarks' (commit every 10 s, 5,000 records a poll), and
 * the window counts of both end with a commit of the application (close or PAUSE), so the two
 * compare like with like.
 * `sql.window-count` is judged against `streams.window-count` of the same run:
 * `npm run bench -- sql streams.window-count`.
 */
import path from 'node:path';
import { Fjord } from '../core/client/fjord.js';
import type { Producer } from '../core/client/producer.js';
import { SqlEngine } from '../sql/engine/engine.js';
import { LiveRuntime } from '../sql/live/live-runtime.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';
import { waitForTopicEnd } from './topic-end.js';

const RECORDS = 300_000;
const KEYS = 10_000;

function eventValue(i: number): Buffer {
  const base = { ID: i, AMOUNT: (i % 100) + 0.5, PAD: '' };
  const len = Buffer.byteLength(JSON.stringify(base));
  return Buffer.from(JSON.stringify({ ...base, PAD: 'x'.repeat(Math.max(0, 100 - len)) }));
}

async function produceAll(producer: Producer, count: number): Promise<void> {
  const window = 20_000;
  const sends: Promise<unknown>[] = new Array(window);
  for (let i = 0; i < count; i++) {
    const slot = i % window;
    if (i >= window && slot % 1000 === 0) await sends[slot];
    sends[slot] = producer.send({ topic: 'events', key: `u${i % KEYS}`, value: eventValue(i), timestamp: 1_700_000_000_000 + i * 2 });
  }
  await producer.flush();
  await Promise.all(sends.filter(Boolean));
}

interface Ctx {
  fjord: Fjord;
  dataDir: string;
  run: number;
}

async function setup(): Promise<Ctx> {
  const dataDir = tmpDir('sql');
  const fjord = await Fjord.embedded({ dataDir, config: { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 } });
  await fjord.admin().createTopics([{ topic: 'events', numPartitions: 1 }]);
  const producer = fjord.producer({ acks: 1, lingerMs: 5, batchSize: 256 * 1024 });
  await produceAll(producer, RECORDS);
  await producer.close();
  return { fjord, dataDir, run: 0 };
}

/**
 * Submits `statement` (whose sink is `sink`) to a fresh engine and times it until `expected`
 * records are in the sink; with `expected` null (an aggregation, whose cached results are
 * forwarded when the query commits, as in ksqlDB), until the query has processed every input
 * record and a PAUSE has committed it. Returns input records/s.
 */
async function runStatement(ctx: Ctx, sink: string, statement: string, expected: number | null): Promise<number> {
  const runtime = new LiveRuntime({ fjord: ctx.fjord, stateDir: path.join(ctx.dataDir, `sql-state-${ctx.run}`), commitIntervalMs: 10_000, maxPollRecords: 5000, commandTopic: `_commands_${ctx.run}` });
  const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
  await engine.execute(`CREATE STREAM events (user STRING KEY, id INT, amount DOUBLE, pad STRING) WITH (kafka_topic='events', value_format='JSON');`);
  const seconds = await timeIt(async () => {
    const [created] = await engine.execute(statement);
    if (expected !== null) {
      await waitForTopicEnd(ctx.fjord, sink, expected);
      return;
    }
    const queryId = created?.kind === 'message' ? created.queryId : undefined;
    if (queryId === undefined) throw new Error(`${statement} started no query`);
    while (engine.processedRecords(queryId) < RECORDS) await new Promise((r) => setImmediate(r));
    await engine.execute(`PAUSE ${queryId};`);
  });
  await engine.close();
  await runtime.close();
  return RECORDS / seconds;
}

/** Rows with AMOUNT > 10: i % 100 + 0.5 > 10 for 90 of every 100 values. */
const FILTERED = (RECORDS / 100) * 90;

const filterProject: Benchmark<Ctx> = {
  name: 'sql.filter-project',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 200,000 records/s',
  setup,
  run(ctx) {
    const sink = `FILTERED_${ctx.run++}`;
    return runStatement(ctx, sink, `CREATE STREAM ${sink} AS SELECT user, id, amount * 100 AS cents FROM events WHERE amount > 10;`, FILTERED);
  },
  teardown: (ctx) => ctx.fjord.close(),
};

const windowCount: Benchmark<Ctx> = {
  name: 'sql.window-count',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 0.77 of streams.window-count in the same run',
  comparedWith: 'streams.window-count',
  setup,
  run(ctx) {
    const sink = `COUNTS_${ctx.run++}`;
    return runStatement(ctx, sink, `CREATE TABLE ${sink} AS SELECT user, COUNT(*) AS n FROM events WINDOW TUMBLING (SIZE 60 SECONDS) GROUP BY user;`, null);
  },
  teardown: (ctx) => ctx.fjord.close(),
};

export const benchmarks: Benchmark[] = [filterProject, windowCount] as Benchmark[];
