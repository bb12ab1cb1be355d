import { expect } from 'chai';
import type { Fjord } from '../../../core/client/fjord.js';
import type { Standalone } from '../../../connectors/runtime/standalone.js';
import { openFjord } from '../../helpers/embedded.js';
import { eventually, http, startWorker, produceValues } from './connect-helpers.js';
import { failNextPoll, failNextPut, failNextStart, retriableNextPoll, sinkContexts, sinkLog, sourceLog, TEST_PLUGINS } from './test-plugins.js';

const STRINGS = {
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

describe('connectors/runtime task runners', () => {
  let fjord: Fjord;
  let worker: Standalone;
  let n = 0;
  let name: string;

  before(async () => {
    ({ fjord } = await openFjord());
    worker = await startWorker(fjord, STRINGS, [], TEST_PLUGINS);
  });

  after(async () => {
    await worker.close();
    await fjord.close();
  });

  beforeEach(() => {
    name = `c${n++}`;
  });

  const call = (method: string, p: string, body?: unknown) => http(worker.url, method, p, body);
  const create = async (config: Record<string, string>) => {
    const r = await call('POST', '/connectors', { name, config });
    expect(r.status, r.text).to.equal(201);
  };
  const produce = (topic: string, values: string[]) => produceValues(fjord, topic, values);
  const taskState = async (connector = name) => (await call('GET', `/connectors/${connector}/status`)).body.tasks[0]?.state;

  it('source: commitRecord() follows each acknowledgement and commit() each offset flush', async () => {
    await create({ 'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '25' });
    await eventually('25 acknowledged records', () => sourceLog.get(name)?.committedRecords.length === 25);
    const log = sourceLog.get(name)!;
    expect(log.committedRecords.map((r) => r.value)).to.deep.equal(Array.from({ length: 25 }, (_, i) => `v${i}`));
    expect(log.committedRecords.map((r) => r.offset)).to.deep.equal(Array.from({ length: 25 }, (_, i) => BigInt(i)));
    await eventually('commit() after an offset flush', () => log.commits > 0);
    expect((await call('GET', `/connectors/${name}/offsets`)).body).to.deep.equal({ offsets: [{ partition: { source: name }, offset: { i: 24 } }] });
  });

  it('source: lets the event loop run between polls while a task has records at hand', async () => {
    const total = 20_000;
    const seen: number[] = [];
    let watching = true;
    const watch = (): void => {
      seen.push(sourceLog.get(name)?.committedRecords.length ?? 0);
      if (watching) setImmediate(watch);
    };
    watch();
    await create({ 'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: String(total), batch: '500' });
    await eventually(`${total} acknowledged records`, () => sourceLog.get(name)?.committedRecords.length === total);
    watching = false;
    expect(seen.filter((v) => v > 0 && v < total).length).to.be.at.least(5);
  });

  it('source: a poll() that throws makes the task FAILED with its trace; restarting the task alone resumes from the committed offset', async () => {
    await create({ 'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '10' });
    await eventually('10 records', () => sourceLog.get(name)?.committedRecords.length === 10);
    await eventually('offsets flushed', async () => (await call('GET', `/connectors/${name}/offsets`)).body.offsets.length === 1);
    failNextPoll.add(name);
    const failed = await eventually('FAILED', async () => {
      const s = (await call('GET', `/connectors/${name}/status`)).body;
      return s.tasks[0].state === 'FAILED' ? s : null;
    });
    expect(failed.connector.state).to.equal('RUNNING');
    expect(failed.tasks[0].trace).to.match(/^Error: poll\(\) refused by the test for c\d+\n\s+at /);
    const r = await call('POST', `/connectors/${name}/restart?onlyFailed=true&includeTasks=true`);
    expect(r.status).to.equal(202);
    expect(r.body.connector.state).to.equal('RUNNING'); // only failed instances restart
    expect(r.body.tasks[0].state).to.equal('RESTARTING');
    await eventually('RUNNING again', async () => (await taskState()) === 'RUNNING');
    expect((await call('GET', `/connectors/${name}/tasks/0/status`)).body).to.not.have.property('trace');
    // Resumed after offset 9: nothing is emitted twice.
    await new Promise((r) => setTimeout(r, 200));
    expect(sourceLog.get(name)!.committedRecords).to.have.length(10);
  });

  it('source: a RetriableException from poll() is polled again; the task keeps RUNNING', async () => {
    retriableNextPoll.add(name);
    await create({ 'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '5' });
    await eventually('5 records', () => sourceLog.get(name)?.committedRecords.length === 5);
    expect(retriableNextPoll.has(name)).to.equal(false);
    expect(await taskState()).to.equal('RUNNING');
  });

  it('a connector whose start() throws is FAILED with its trace and no tasks; POST .../restart starts it', async () => {
    failNextStart.add(name);
    await create({ 'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '3' });
    const failed = (await call('GET', `/connectors/${name}/status`)).body;
    expect(failed.connector.state).to.equal('FAILED');
    expect(failed.connector.trace).to.match(/start\(\) refused by the test/);
    expect(failed.tasks).to.deep.equal([]);
    expect((await call('POST', `/connectors/${name}/restart`)).status).to.equal(204);
    await eventually('RUNNING with a task', async () => (await taskState()) === 'RUNNING');
    await eventually('3 records', () => sourceLog.get(name)?.committedRecords.length === 3);
  });

  it('sink: put() receives converted records; flush() runs before offsets are committed to connect-<name>', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['a', 'b', 'c']);
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic });
    await eventually('3 values', () => sinkLog.get(name)?.values.length === 3);
    expect(sinkLog.get(name)!.values).to.deep.equal(['a', 'b', 'c']);
    const offsets = await eventually('committed offsets', async () => {
      const body = (await call('GET', `/connectors/${name}/offsets`)).body;
      return body.offsets.length > 0 ? body : null;
    });
    expect(offsets).to.deep.equal({ offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 3 } }] });
    expect(sinkLog.get(name)!.flushes.some((f) => f.some((o) => o.offset === 3n))).to.equal(true);
    const groups = await fjord.admin().groupOffsets(`connect-${name}`);
    expect(groups.map((g) => g.committed)).to.deep.equal([3n]);
  });

  it('sink: lets the event loop run between polls while it works through a backlog', async () => {
    const topic = `${name}-backlog`;
    const total = 20_000;
    await produce(topic, Array.from({ length: total }, (_, i) => `v${i}`));
    // A macrotask observer sees in-between counts only if the task loop yields between polls
    // (a poll answered from an embedded broker resolves on microtasks alone).
    const seen: number[] = [];
    let watching = true;
    const watch = (): void => {
      seen.push(sinkLog.get(name)?.values.length ?? 0);
      if (watching) setImmediate(watch);
    };
    watch();
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic });
    await eventually(`${total} values`, () => sinkLog.get(name)?.values.length === total);
    watching = false;
    expect(seen.filter((v) => v > 0 && v < total).length).to.be.at.least(5);
  });

  it('sink: context.offset() rewinds the consumer, so records are delivered again', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['x', 'y']);
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic, 'rewind.once': 'true' });
    await eventually('x y twice', () => sinkLog.get(name)?.values.join(',') === 'x,y,x,y');
  });

  it('sink: context.pause() stops deliveries from those partitions until context.resume()', async () => {
    const topic = `${name}-in`;
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic, 'pause.on': 'stop-here' });
    await produce(topic, ['a', 'stop-here']);
    await eventually('paused after stop-here', () => sinkLog.get(name)?.values.includes('stop-here'));
    await produce(topic, ['later']);
    await new Promise((r) => setTimeout(r, 300));
    expect(sinkLog.get(name)!.values).to.deep.equal(['a', 'stop-here']);
    const context = sinkContexts.get(name)!;
    context.resume(context.assignment());
    await eventually('delivered after resume', () => sinkLog.get(name)!.values.includes('later'));
  });

  it('sink: requestCommit() commits before offset.flush.interval.ms', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['1', '2']);
    // The worker's interval is 100 ms in these tests; a connector cannot change it, so check the flush happened right after put.
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic, 'request.commit': 'true' });
    await eventually('a flush with offset 2', () => sinkLog.get(name)?.flushes.some((f) => f.some((o) => o.offset === 2n)));
  });

  it('sink: topics.regex subscribes to every matching topic', async () => {
    await produce(`${name}-r1`, ['p']);
    await produce(`${name}-r2`, ['q']);
    await create({ 'connector.class': 'RecordingSinkConnector', 'topics.regex': `${name}-r\\d` });
    await eventually('both topics', () => [...(sinkLog.get(name)?.values ?? [])].sort().join(',') === 'p,q');
    await eventually('active topics', async () => (await call('GET', `/connectors/${name}/topics`)).body[name].topics.length === 2);
  });

  it('sink: a put() that throws fails the task with its trace; paused tasks get nothing until resumed', async () => {
    const topic = `${name}-in`;
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic });
    await eventually('RUNNING', async () => (await taskState()) === 'RUNNING');
    expect((await call('PUT', `/connectors/${name}/pause`)).status).to.equal(202);
    await eventually('PAUSED', async () => (await taskState()) === 'PAUSED');
    await produce(topic, ['while-paused']);
    await new Promise((r) => setTimeout(r, 300));
    expect(sinkLog.get(name)!.values).to.deep.equal([]);
    await call('PUT', `/connectors/${name}/resume`);
    await eventually('delivered after resume', () => sinkLog.get(name)!.values.includes('while-paused'));

    failNextPut.add(name);
    await produce(topic, ['boom']);
    const failed = await eventually('FAILED', async () => {
      const s = (await call('GET', `/connectors/${name}/tasks/0/status`)).body;
      return s.state === 'FAILED' ? s : null;
    });
    expect(failed.trace).to.match(/put\(\) refused by the test/);
    expect((await call('POST', `/connectors/${name}/tasks/0/restart`)).status).to.equal(204);
    await eventually('redelivered after the task restart', () => sinkLog.get(name)!.values.includes('boom'));
  });

  it('sink: offsets can be altered and reset when STOPPED, and the sink resumes from them', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['0', '1', '2', '3']);
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic });
    await eventually('4 values', () => sinkLog.get(name)?.values.length === 4);
    await call('PUT', `/connectors/${name}/stop`);
    await eventually('STOPPED', async () => (await call('GET', `/connectors/${name}/status`)).body.connector.state === 'STOPPED');
    const bad = await call('PATCH', `/connectors/${name}/offsets`, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: -1 } }] });
    expect(bad.status).to.equal(400);
    expect(bad.body.message).to.match(/kafka_offset must be a whole number >= 0/);
    const ok = await call('PATCH', `/connectors/${name}/offsets`, { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 2 } }] });
    expect(ok.status, ok.text).to.equal(200);
    expect((await call('GET', `/connectors/${name}/offsets`)).body.offsets[0].offset).to.deep.equal({ kafka_offset: 2 });
    await call('PUT', `/connectors/${name}/resume`);
    await eventually('2 and 3 again', () => sinkLog.get(name)!.values.join(',') === '0,1,2,3,2,3');
    await call('PUT', `/connectors/${name}/stop`);
    expect((await call('DELETE', `/connectors/${name}/offsets`)).status).to.equal(200);
    expect((await call('GET', `/connectors/${name}/offsets`)).body).to.deep.equal({ offsets: [] });
  });
});
