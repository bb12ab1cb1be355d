import { expect } from 'chai';
import type { Fjord } from '../../../core/client/fjord.js';
import type { ConsumerRecord } from '../../../core/client/record-types.js';
import type { Standalone } from '../../../connectors/runtime/standalone.js';
import { openFjord, pollUntil } from '../../helpers/embedded.js';
import { eventually, http, startWorker, produceValues } from './connect-helpers.js';
import { sinkLog, TEST_PLUGINS } from './test-plugins.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

describe('connectors/runtime errors.* (tolerance, dead letter queue) and transforms', () => {
  let fjord: Fjord;
  let worker: Standalone;
  let n = 0;
  let name: string;

  before(async () => {
    ({ fjord } = await openFjord());
    worker = await startWorker(fjord, { 'key.converter': STRING, 'value.converter': STRING }, [], TEST_PLUGINS);
  });

  after(async () => {
    await worker.close();
    await fjord.close();
  });

  beforeEach(() => {
    name = `e${n++}`;
  });

  const call = (method: string, p: string, body?: unknown) => http(worker.url, method, p, body);
  const create = async (config: Record<string, string>) => {
    const r = await call('POST', '/connectors', { name, config });
    expect(r.status, r.text).to.equal(201);
  };
  const produce = (topic: string, values: string[]) => produceValues(fjord, topic, values);
  const readTopic = async (topic: string, want: number): Promise<ConsumerRecord[]> => {
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic, partition: 0 }]);
    const records = await pollUntil(() => consumer.poll(100), want);
    await consumer.close();
    return records;
  };
  const header = (r: ConsumerRecord, key: string) => r.headers.find((h) => h.key === key)?.value?.toString();

  it('sink, errors.tolerance=all: a record the converter rejects goes to the DLQ with context headers; the others are delivered', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['{"a":1}', 'not json', '{"a":2}']);
    await create({
      'connector.class': 'RecordingSinkConnector', topics: topic,
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': `${name}-dlq`, 'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await eventually('2 records put', () => sinkLog.get(name)?.values.length === 2);
    expect(sinkLog.get(name)!.values).to.deep.equal(['{"a":1}', '{"a":2}']);
    const [dead] = await readTopic(`${name}-dlq`, 1);
    expect(dead.value!.toString()).to.equal('not json');
    expect(header(dead, '__connect.errors.stage')).to.equal('VALUE_CONVERTER');
    expect(header(dead, '__connect.errors.topic')).to.equal(topic);
    expect(header(dead, '__connect.errors.offset')).to.equal('1');
    expect(header(dead, '__connect.errors.connector.name')).to.equal(name);
  });

  it('sink, errors.tolerance=none (the default): the task fails with the converter error in its trace', async () => {
    const topic = `${name}-in`;
    await produce(topic, ['not json']);
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic, 'value.converter': 'org.apache.kafka.connect.json.JsonConverter' });
    const status = await eventually('FAILED', async () => {
      const s = (await call('GET', `/connectors/${name}/tasks/0/status`)).body;
      return s.state === 'FAILED' ? s : null;
    });
    expect(status.trace).to.match(/Tolerance exceeded in error handler at stage VALUE_CONVERTER/);
  });

  it("sink: the task's errantRecordReporter writes the original record to the DLQ", async () => {
    const topic = `${name}-in`;
    await produce(topic, ['ok', 'bad', 'fine']);
    await create({ 'connector.class': 'RecordingSinkConnector', topics: topic, 'report.value': 'bad', 'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': `${name}-dlq`, 'errors.deadletterqueue.context.headers.enable': 'true' });
    await eventually('2 records kept', () => sinkLog.get(name)?.values.length === 2);
    const [dead] = await readTopic(`${name}-dlq`, 1);
    expect(dead.value!.toString()).to.equal('bad');
    expect(header(dead, '__connect.errors.exception.message')).to.equal('the task reported bad');
  });

  it('source: transforms run before conversion (RegexRouter renames the topic)', async () => {
    await create({
      'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '3',
      transforms: 'route', 'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': '(.*)-t', 'transforms.route.replacement': '$1-routed',
    });
    const records = await readTopic(`${name}-routed`, 3);
    expect(records.map((r) => r.value!.toString())).to.deep.equal(['v0', 'v1', 'v2']);
    expect(records.map((r) => r.key!.toString())).to.deep.equal(['k0', 'k1', 'k2']);
  });

  it('source (Fjord extension): records a transform fails on go to the DLQ with errors.tolerance=all, and their offsets still commit', async () => {
    await create({
      'connector.class': 'CountingSourceConnector', topic: `${name}-t`, count: '2',
      transforms: 'pick', 'transforms.pick.type': 'org.apache.kafka.connect.transforms.ExtractField$Value', 'transforms.pick.field': 'x',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': `${name}-dlq`, 'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const dead = await readTopic(`${name}-dlq`, 2);
    expect(dead.map((r) => r.value!.toString())).to.deep.equal(['v0', 'v1']);
    expect(header(dead[0], '__connect.errors.stage')).to.equal('TRANSFORMATION');
    await eventually('offsets committed', async () => (await call('GET', `/connectors/${name}/offsets`)).body.offsets[0]?.offset.i === 1);
  });

  it('a bad transform config is refused with 400 naming the key', async () => {
    const r = await call('POST', '/connectors', { name, config: { 'connector.class': 'CountingSourceConnector', transforms: 'x', 'transforms.x.type': 'com.example.Nope' } });
    expect(r.status).to.equal(400);
    expect(r.body.message).to.match(/transforms.x.type/);
    expect(r.body.message).to.match(/com.example.Nope could not be found/);
  });

  it('a bad errors.* value is refused with 400 naming the key', async () => {
    const r = await call('POST', '/connectors', { name, config: { 'connector.class': 'CountingSourceConnector', topic: 't', count: '1', 'errors.tolerance': 'some' } });
    expect(r.status).to.equal(400);
    expect(r.body.message).to.match(/errors.tolerance/);
  });
});
