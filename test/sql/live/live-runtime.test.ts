import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { Fjord } from '../../../core/client/fjord.js';
import { Serdes, StreamsBuilder, type Topology } from '../../../core/streams/index.js';
import { COMMAND_TOPIC } from '../../../sql/live/command-topic.js';
import { LiveRuntime } from '../../../sql/live/live-runtime.js';
import type { StreamsQuery } from '../../../sql/live/streams-query.js';
import type { TopicRecord } from '../../../sql/engine/runtime.js';
import { openFjord } from '../../helpers/embedded.js';
import { until } from '../../helpers/until.js';
import { serveBroker } from '../../helpers/transports.js';

const record = (key: string, value: string, timestamp = 1000): TopicRecord => ({ key: Buffer.from(key), value: Buffer.from(value), timestamp, headers: [] });

function upperCase(from: string, to: string): Topology {
  const b = new StreamsBuilder();
  b.stream<string, string>(from).mapValues((v) => v.toUpperCase()).to(to);
  return b.build();
}


/** Reads every value of `topic` from the start through the runtime's own PRINT reader. */
async function readValues(runtime: LiveRuntime, topic: string, want: number): Promise<string[]> {
  const values: string[] = [];
  const handle = await runtime.read(topic, { fromBeginning: true }, (r) => values.push(r.value?.toString() ?? 'null'));
  try {
    await until(`${want} values in ${topic} (have ${values.join(',')})`, () => values.length >= want);
  } finally {
    await handle.stop();
  }
  return values;
}

describe('LiveRuntime (embedded Fjord in a temp dir)', function () {
  this.timeout(60_000);
  let fjord: Fjord;
  let dataDir: string;
  let runtime: LiveRuntime;

  beforeEach(async () => {
    ({ fjord, dataDir } = await openFjord());
    runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 50 });
  });

  afterEach(async () => {
    await runtime.close();
    await fjord.close();
  });

  it('creates, lists, describes and deletes topics, hiding the broker-internal ones', async () => {
    await runtime.createTopic('orders', 3, 1, { 'cleanup.policy': 'compact' });
    expect(await runtime.describeTopic('orders')).to.deep.equal({ name: 'orders', partitions: 3, replicas: 1 });
    expect(await runtime.describeTopic('missing')).to.equal(null);
    const names = (await runtime.listTopics()).map((t) => t.name);
    expect(names).to.include('orders');
    expect(names.some((n) => n.startsWith('__'))).to.equal(false);
    await runtime.deleteTopic('orders');
    expect(await runtime.describeTopic('orders')).to.equal(null);
  });

  it("creates a topic with the broker's default replication for ksqlDB's REPLICAS -1", async () => {
    await runtime.createTopic('dflt', 2, -1);
    expect(await runtime.describeTopic('dflt')).to.deep.equal({ name: 'dflt', partitions: 2, replicas: 1 });
  });

  it('produces records with keys, timestamps, headers and explicit partitions that PRINT reads back in order', async () => {
    await runtime.createTopic('t', 2, 1);
    await runtime.produce('t', [
      { ...record('a', '1', 111), partition: 1, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { ...record('b', '2', 222), partition: 1 },
    ]);
    const seen: { key: string; value: string; partition: number; offset: bigint; timestamp: number; headers: string[] }[] = [];
    const handle = await runtime.read('t', { fromBeginning: true }, (r) => seen.push({
      key: r.key!.toString(), value: r.value!.toString(), partition: r.partition, offset: r.offset, timestamp: r.timestamp,
      headers: r.headers.map((h) => `${h.key}=${h.value?.toString()}`),
    }));
    await until('two records', () => seen.length === 2);
    await handle.stop();
    expect(handle.state()).to.equal('TERMINATED');
    expect(seen).to.deep.equal([
      { key: 'a', value: '1', partition: 1, offset: 0n, timestamp: 111, headers: ['h=x'] },
      { key: 'b', value: '2', partition: 1, offset: 1n, timestamp: 222, headers: [] },
    ]);
  });

  it('reads only new records when PRINT does not start from the beginning', async () => {
    await runtime.createTopic('t', 1, 1);
    await runtime.produce('t', [record('old', 'old')]);
    const seen: string[] = [];
    const handle = await runtime.read('t', { fromBeginning: false }, (r) => seen.push(r.value!.toString()));
    await runtime.produce('t', [record('new', 'new')]);
    await until('the new record', () => seen.length === 1);
    await handle.stop();
    expect(seen).to.deep.equal(['new']);
  });

  it('fails to PRINT a topic that does not exist, naming it', async () => {
    const failure = await runtime.read('nope', { fromBeginning: true }, () => {}).then(() => null, (e: Error) => e);
    expect(failure?.message).to.contain('nope');
  });

  it('runs a persistent query that pauses, resumes from its committed offsets and keeps state under stateDir', async () => {
    await runtime.createTopic('in', 1, 1);
    await runtime.createTopic('out', 1, 1);
    await runtime.produce('in', [record('k', 'a')]);
    const b = new StreamsBuilder();
    const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
    b.table<string, string>('in', strings, { storeName: 'in-store' }).toStream().mapValues((v) => (v ?? '').toUpperCase()).to('out', strings);
    const query = await runtime.startPersistent({ id: 'CTAS_OUT_0', applicationId: 'app-ctas-0', topology: b.build(), sourceTopics: ['in'], sinkTopic: 'out', materializedStore: 'in-store' });
    expect(query.id).to.equal('CTAS_OUT_0');
    expect(await readValues(runtime, 'out', 1)).to.deep.equal(['A']);
    const store = query.store('in-store') as { get(key: string): unknown };
    expect(store.get('k')).to.equal('a');
    expect(query.store('no-such-store')).to.equal(null);
    await query.pause();
    expect(query.state()).to.equal('PAUSED');
    await runtime.produce('in', [record('k', 'b')]);
    await query.resume();
    expect(query.state()).to.equal('RUNNING');
    expect(await readValues(runtime, 'out', 2)).to.deep.equal(['A', 'B']);
    expect(fs.existsSync(path.join(dataDir, 'sql-state', 'app-ctas-0'))).to.equal(true);
    await query.stop();
    expect(query.state()).to.equal('TERMINATED');
  });

  it('reports restore progress when a persistent query rebuilds its store from the changelog', async () => {
    await runtime.createTopic('in', 1, 1);
    await runtime.produce('in', [record('a', '1'), record('b', '2')]);
    const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
    const topology = (): Topology => {
      const b = new StreamsBuilder();
      b.table<string, string>('in', strings, { storeName: 'in-store' });
      return b.build();
    };
    const spec = { id: 'CTAS_T_0', applicationId: 'app-restore', sourceTopics: ['in'], sinkTopic: 'in', materializedStore: 'in-store' };
    const first = await runtime.startPersistent({ ...spec, topology: topology() });
    await until('both keys in the store', () => (first.store('in-store') as { get(k: string): unknown } | null)?.get('b') === '2');
    await first.stop();
    fs.rmSync(path.join(dataDir, 'sql-state', 'app-restore'), { recursive: true });
    const restored: { store: string; done: boolean }[] = [];
    const again = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 50, onRestoreProgress: (p) => restored.push({ store: p.store, done: p.done }) });
    const second = await again.startPersistent({ ...spec, topology: topology() });
    await until('the restore to finish', () => restored.some((p) => p.done));
    expect((second.store('in-store') as { get(k: string): unknown }).get('a')).to.equal('1');
    expect(restored.every((p) => p.store === 'in-store')).to.equal(true);
    await again.close();
  });

  it('starts a transient query at the end of its sources for offset reset latest, and removes its group, topics and state on stop', async () => {
    await runtime.createTopic('in', 2, 1);
    await runtime.produce('in', [record('k1', 'before')]);
    const b = new StreamsBuilder();
    const seen: string[] = [];
    b.stream<string, string>('in').groupByKey().count({ storeName: 'counts' }).toStream().foreach((k, n) => seen.push(`${k}=${n}`));
    const query = (await runtime.startTransient({ id: 'transient_1', applicationId: 'app-transient-1', topology: b.build(), sourceTopics: ['in'], offsetReset: 'latest' })) as StreamsQuery;
    await query.waitUntilRunning();
    await runtime.produce('in', [record('k1', 'after'), record('k2', 'after')]);
    await until('two counts', () => seen.length >= 2);
    expect(seen.sort()).to.deep.equal(['k1=1', 'k2=1']);
    const admin = fjord.admin();
    expect((await admin.listTopics()).filter((t) => t.startsWith('app-transient-1-'))).to.not.have.length(0);
    await query.stop();
    expect((await admin.listTopics()).filter((t) => t.startsWith('app-transient-1-'))).to.deep.equal([]);
    expect((await admin.listGroups()).map((g) => g.groupId)).to.not.include('app-transient-1');
    expect(fs.existsSync(path.join(dataDir, 'sql-state', 'app-transient-1'))).to.equal(false);
  });

  it('starts a transient query from the beginning for offset reset earliest', async () => {
    await runtime.createTopic('in', 1, 1);
    await runtime.produce('in', [record('k', 'x'), record('k', 'y')]);
    const b = new StreamsBuilder();
    const seen: string[] = [];
    b.stream<string, string>('in').foreach((_k, v) => seen.push(v));
    const query = await runtime.startTransient({ id: 'transient_2', applicationId: 'app-transient-2', topology: b.build(), sourceTopics: ['in'], offsetReset: 'earliest' });
    await until('both records', () => seen.length === 2);
    expect(seen).to.deep.equal(['x', 'y']);
    await query.stop();
  });

  it('keeps commands in a one-partition command topic that retains them forever, readable after a restart', async () => {
    expect(await runtime.readCommands()).to.deep.equal([]);
    await runtime.appendCommand("CREATE STREAM S (ID INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);");
    await runtime.appendCommand('CREATE STREAM T AS SELECT * FROM S;');
    const info = await runtime.describeTopic(COMMAND_TOPIC);
    expect(info?.partitions).to.equal(1);
    const config = await fjord.admin().describeTopicConfig(COMMAND_TOPIC);
    expect(config.find((c) => c.name === 'retention.ms')?.value).to.equal('-1');
    await runtime.close();
    await fjord.close();
    ({ fjord } = await openFjord({ dataDir }));
    runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state') });
    expect(await runtime.readCommands()).to.deep.equal([
      "CREATE STREAM S (ID INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);",
      'CREATE STREAM T AS SELECT * FROM S;',
    ]);
  });

  it('stops every running query and reader on close', async () => {
    await runtime.createTopic('in', 1, 1);
    await runtime.createTopic('out', 1, 1);
    const persistent = await runtime.startPersistent({ id: 'CSAS_OUT_0', applicationId: 'app-csas', topology: upperCase('in', 'out'), sourceTopics: ['in'], sinkTopic: 'out' });
    const reader = await runtime.read('in', { fromBeginning: true }, () => {});
    await runtime.close();
    expect(persistent.state()).to.equal('TERMINATED');
    expect(reader.state()).to.equal('TERMINATED');
  });
});

describe('LiveRuntime (connected to a broker over TCP)', function () {
  this.timeout(60_000);

  it('runs a transient query from the end of its source, keeps commands, and cleans up, all over the Kafka protocol', async () => {
    const served = await serveBroker();
    const fjord = await Fjord.connect({ bootstrap: served.bootstrap });
    const runtime = new LiveRuntime({ fjord, stateDir: path.join(served.dataDir, 'sql-state'), commitIntervalMs: 50 });
    try {
      await runtime.createTopic('in', 1, 1);
      await runtime.produce('in', [record('k', 'old')]);
      const seen: string[] = [];
      const b = new StreamsBuilder();
      b.stream<string, string>('in').foreach((_k, v) => seen.push(v));
      const query = (await runtime.startTransient({ id: 't', applicationId: 'app-tcp', topology: b.build(), sourceTopics: ['in'], offsetReset: 'latest' })) as StreamsQuery;
      await query.waitUntilRunning();
      await runtime.produce('in', [record('k', 'new')]);
      await until('the new record', () => seen.length === 1);
      await query.stop();
      expect(seen).to.deep.equal(['new']);
      expect((await fjord.admin().listGroups()).map((g) => g.groupId)).to.not.include('app-tcp');
      await runtime.appendCommand('SHOW STREAMS;');
      expect(await runtime.readCommands()).to.deep.equal(['SHOW STREAMS;']);
    } finally {
      await runtime.close();
      await fjord.close();
      await served.close();
    }
  });
});
