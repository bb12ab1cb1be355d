import { expect } from 'chai';
import { FjordStreams } from '../../../../core/streams/runtime/fjord-streams.js';
import { StreamsBuilder, Serdes, SessionWindows, TimeWindows, type Topology } from '../../../../core/streams/index.js';
import { openFjord } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import type { Fjord } from '../../../../core/client/fjord.js';

function wordCount(): Topology {
  const b = new StreamsBuilder();
  b.stream<string, string>('lines')
    .flatMapValues((v) => v.split(' '))
    .groupBy((_k, w) => w)
    .count({ storeName: 'counts' })
    .toStream()
    .to('word-counts', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
  return b.build();
}

async function latestPerKey(fjord: Fjord, topic: string, expectedKeys: number, timeoutMs = 15000): Promise<Map<string, number>> {
  const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
  const admin = fjord.admin();
  const [desc] = await admin.describeTopics([topic]);
  consumer.assign(desc!.partitions.map((p) => ({ topic, partition: p.partition })));
  const latest = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  while (Date.now() < deadline) {
    const records = await consumer.poll(200);
    for (const r of records) latest.set(r.key!.toString(), JSON.parse(r.value!.toString()) as number);
    quietPolls = records.length === 0 ? quietPolls + 1 : 0;
    if (latest.size >= expectedKeys && quietPolls >= 3) break;
  }
  await consumer.close();
  return latest;
}

describe('FjordStreams runtime (embedded broker)', function () {
  this.timeout(60000);

  it('runs word count with a repartition topic, a changelogged store and commits', async () => {
    const { fjord } = await openFjord();
    const admin = fjord.admin();
    await admin.createTopics([{ topic: 'lines', numPartitions: 2 }, { topic: 'word-counts', numPartitions: 2 }]);
    const producer = fjord.producer();
    for (const line of ['a b c', 'a b', 'a']) await producer.send({ topic: 'lines', key: null, value: line });
    await producer.flush();
    const streams = new FjordStreams(wordCount(), { applicationId: 'wc', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 100 });
    await streams.start();
    await streams.waitUntilRunning();
    const counts = await latestPerKey(fjord, 'word-counts', 3);
    expect(Object.fromEntries(counts)).to.deep.equal({ a: 3, b: 2, c: 1 });
    expect(streams.store<string, number>('counts').get('a')).to.equal(3);
    const topics = await admin.listTopics();
    expect(topics).to.include('wc-counts-changelog');
    expect(topics.some((t) => t.startsWith('wc-') && t.endsWith('-repartition')), topics.join(', ')).to.equal(true);
    await streams.close();
    expect(streams.state).to.equal('NOT_RUNNING');
    await producer.close();
    await fjord.close();
  });

  it('restores a store from its changelog into an empty state directory and continues exactly', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'lines', numPartitions: 1 }, { topic: 'word-counts', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'lines', key: null, value: `w${i % 5} x` });
    await producer.flush();
    const first = new FjordStreams(wordCount(), { applicationId: 'wc2', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await first.start();
    await first.waitUntilRunning();
    const before = await latestPerKey(fjord, 'word-counts', 6);
    expect(before.get('x')).to.equal(50);
    await first.close();
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'lines', key: null, value: 'x' });
    await producer.flush();
    // A new machine: a fresh state dir, so the store comes back from the changelog alone.
    const second = new FjordStreams(wordCount(), { applicationId: 'wc2', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await second.start();
    await second.waitUntilRunning();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && second.store<string, number>('counts').get('x') !== 60) await new Promise((r) => setTimeout(r, 50));
    expect(second.store<string, number>('counts').get('x')).to.equal(60);
    expect(second.store<string, number>('counts').get('w3')).to.equal(10);
    expect(second.metrics.restoredRecords).to.be.greaterThan(0);
    await second.close();
    await producer.close();
    await fjord.close();
  });

  it('shares partitions between two instances and moves tasks when one stops', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'lines', numPartitions: 4 }, { topic: 'word-counts', numPartitions: 4 }]);
    const config = { applicationId: 'wc3', embedded: fjord, commitIntervalMs: 50, sessionTimeoutMs: 6000, heartbeatIntervalMs: 200 };
    const a = new FjordStreams(wordCount(), { ...config, stateDir: tmpDir() });
    const b = new FjordStreams(wordCount(), { ...config, stateDir: tmpDir() });
    await a.start();
    await b.start();
    await a.waitUntilRunning();
    await b.waitUntilRunning();
    const producer = fjord.producer();
    for (let i = 0; i < 200; i++) await producer.send({ topic: 'lines', key: `k${i}`, value: `w${i % 20}` });
    await producer.flush();
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline && (a.activeTasks().length === 0 || b.activeTasks().length === 0)) await new Promise((r) => setTimeout(r, 50));
    expect(a.activeTasks().length).to.be.greaterThan(0);
    expect(b.activeTasks().length).to.be.greaterThan(0);
    await b.close();
    for (let i = 0; i < 200; i++) await producer.send({ topic: 'lines', key: `k${i}`, value: `w${i % 20}` });
    await producer.flush();
    const counts = await latestPerKey(fjord, 'word-counts', 20, 20000);
    expect([...counts.values()].every((n) => n === 20), JSON.stringify(Object.fromEntries(counts))).to.equal(true);
    expect(a.activeTasks().length).to.equal(8);
    await a.close();
    await producer.close();
    await fjord.close();
  });

  it('reports a co-partitioning violation with both topics and their partition counts', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'clicks', numPartitions: 2 }, { topic: 'users', numPartitions: 3 }]);
    const b = new StreamsBuilder();
    const users = b.table<string, string>('users');
    b.stream<string, string>('clicks').join(users, (c, u) => `${c}/${u}`).to('out');
    const streams = new FjordStreams(b.build(), { applicationId: 'cp', embedded: fjord, stateDir: tmpDir() });
    let error: Error | null = null;
    await streams.start().catch((e: Error) => (error = e));
    expect(error).to.not.equal(null);
    expect(error!.message).to.include('clicks (2 partitions)').and.include('users (3 partitions)').and.include('co-partitioned');
    await fjord.close();
  });

  it('counts tumbling windows and sends late records to late$', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'events', numPartitions: 1 }, { topic: 'win', numPartitions: 1 }]);
    const b = new StreamsBuilder();
    b.stream<string, string>('events').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(1000, 0)).count({ storeName: 'wins' })
      .toStream((wk) => `${wk.key}@${wk.window.startMs}`).to('win', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    const streams = new FjordStreams(b.build(), { applicationId: 'tw', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    const late: number[] = [];
    streams.late$.subscribe((r) => late.push(r.timestamp));
    const producer = fjord.producer();
    for (const t of [100, 500, 1500, 2500, 200]) await producer.send({ topic: 'events', key: 'k', value: 'v', timestamp: t });
    await producer.flush();
    await streams.start();
    const counts = await latestPerKey(fjord, 'win', 3);
    expect(Object.fromEntries(counts)).to.deep.equal({ 'k@0': 2, 'k@1000': 1, 'k@2000': 1 });
    expect(late).to.deep.equal([200]);
    expect(await streams.store<string, number>('wins').fetchRange('k', 0, 5000)).to.deep.equal([
      { windowStartMs: 0, value: 2 }, { windowStartMs: 1000, value: 1 }, { windowStartMs: 2000, value: 1 },
    ]);
    await streams.close();
    await producer.close();
    await fjord.close();
  });
});

describe('FjordStreams pattern sources', function () {
  this.timeout(30000);

  it('reads every existing topic that matches a regex source', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'metrics-a', numPartitions: 1 }, { topic: 'metrics-b', numPartitions: 1 }, { topic: 'other', numPartitions: 1 }, { topic: 'merged', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (const topic of ['metrics-a', 'metrics-b', 'other']) await producer.send({ topic, key: 'k', value: topic });
    await producer.flush();
    const b = new StreamsBuilder();
    b.stream<string, string>(/^metrics-.*/).groupByKey().count({ storeName: 'n' });
    const streams = new FjordStreams(b.build(), { applicationId: 'pat', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await streams.start();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && streams.store<string, number>('n').get('k') !== 2) await new Promise((r) => setTimeout(r, 50));
    expect(streams.store<string, number>('n').get('k')).to.equal(2);
    await streams.close();
    await producer.close();
    await fjord.close();
  });
});

describe('FjordStreams processing errors', function () {
  this.timeout(30000);

  it('stops in ERROR naming the task and the input record, commits nothing past it, and a fixed topology resumes there', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'nums', numPartitions: 1 }, { topic: 'sums', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (const v of ['1', '2', 'boom', '4']) await producer.send({ topic: 'nums', key: 'k', value: v });
    await producer.flush();
    const topology = (strict: boolean) => {
      const b = new StreamsBuilder();
      b.stream<string, string>('nums')
        .mapValues((v) => {
          if (strict && v === 'boom') throw new Error(`not a number: ${v}`);
          return Number.isNaN(Number(v)) ? 0 : Number(v);
        })
        .groupByKey({ valueSerde: Serdes.Json<number>() })
        .reduce((a, b) => a + b, { storeName: 'sum' });
      return b.build();
    };
    const stateDir = tmpDir();
    const failing = new FjordStreams(topology(true), { applicationId: 'err', embedded: fjord, stateDir, commitIntervalMs: 10 });
    await failing.start();
    const deadline = Date.now() + 10000;
    while (failing.state !== 'ERROR' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failing.state).to.equal('ERROR');
    expect(failing.error!.message).to.include('taskId=0_0').and.include('topic=nums, partition=0, offset=2').and.include('not a number: boom');
    await failing.close();
    const committed = await fjord.consumer({ groupId: 'err' }).committed([{ topic: 'nums', partition: 0 }]);
    expect(Number(committed[0]!.offset)).to.be.at.most(2);
    const fixed = new FjordStreams(topology(false), { applicationId: 'err', embedded: fjord, stateDir, commitIntervalMs: 10 });
    await fixed.start();
    const until = Date.now() + 10000;
    while (fixed.store<string, number>('sum').get('k') !== 7 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(fixed.store<string, number>('sum').get('k')).to.equal(7);
    await fixed.close();
    await producer.close();
    await fjord.close();
  });

  it('lets the event loop run between batches while it works through a backlog', async () => {
    const { fjord } = await openFjord({ config: { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 } });
    await fjord.admin().createTopics([{ topic: 'backlog', numPartitions: 1 }]);
    const producer = fjord.producer({ lingerMs: 5 });
    const total = 20_000;
    for (let i = 0; i < total; i++) void producer.send({ topic: 'backlog', key: `k${i % 100}`, value: String(i) });
    await producer.flush();
    const b = new StreamsBuilder();
    b.stream<string, string>('backlog').mapValues((v) => v.toUpperCase()).to('backlog-out');
    const streams = new FjordStreams(b.build(), { applicationId: 'backlog', embedded: fjord, stateDir: tmpDir(), maxPollRecords: 1000 });
    // A macrotask observer: it only sees in-between counts if the poll loop yields between batches
    // (an embedded poll with data at hand resolves on microtasks alone).
    const seen: number[] = [];
    let watching = true;
    const watch = (): void => {
      seen.push(streams.metrics.processed);
      if (watching) setImmediate(watch);
    };
    await streams.start();
    watch();
    const deadline = Date.now() + 30000;
    while (streams.metrics.processed < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    watching = false;
    expect(streams.metrics.processed).to.equal(total);
    expect(seen.filter((n) => n > 0 && n < total).length).to.be.at.least(5);
    await streams.close();
    await producer.close();
    await fjord.close();
  });
});

describe('FjordStreams interactive queries', function () {
  this.timeout(30000);

  it('reads key-value stores by key, range and all, and session stores by key, across tasks', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'clicks', numPartitions: 2 }]);
    const producer = fjord.producer();
    const clicks: [string, number][] = [['a', 0], ['b', 10], ['a', 20], ['c', 5000], ['a', 9000]];
    for (const [user, ts] of clicks) await producer.send({ topic: 'clicks', key: user, value: 'click', timestamp: ts });
    await producer.flush();
    const b = new StreamsBuilder();
    const stream = b.stream<string, string>('clicks');
    stream.groupByKey().count({ storeName: 'per-user' });
    stream.groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1000)).count({ storeName: 'sessions' });
    const streams = new FjordStreams(b.build(), { applicationId: 'iq', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await streams.start();
    const store = streams.store<string, number>('per-user');
    const deadline = Date.now() + 15000;
    while (store.get('a') !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect([store.get('a'), store.get('b'), store.get('c'), store.get('nobody')]).to.deep.equal([3, 1, 1, null]);
    const all: Record<string, number> = {};
    for await (const { key, value } of store.all()) all[key] = value;
    expect(all).to.deep.equal({ a: 3, b: 1, c: 1 });
    const ranged: string[] = [];
    for await (const { key } of store.range('a', 'b')) ranged.push(key);
    expect(ranged.sort()).to.deep.equal(['a', 'b']);
    const sessions = await streams.store<string, number>('sessions').sessions('a');
    expect(sessions.map((s) => [s.startMs, s.endMs, s.value]).sort((x, y) => x[0]! - y[0]!)).to.deep.equal([[0, 20, 2], [9000, 9000, 1]]);
    expect(() => store.fetch('a', 0)).to.throw(/per-user is a keyValue store; this query needs a window store/);
    await streams.close();
    await producer.close();
    await fjord.close();
  });
});
