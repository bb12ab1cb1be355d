import { expect } from 'chai';
import { DatagenConnector } from '../../../../connectors/plugins/datagen/datagen-connector.js';
import { DatagenTask } from '../../../../connectors/plugins/datagen/datagen-task.js';
import { QUICKSTARTS, formatClfTime } from '../../../../connectors/plugins/datagen/quickstarts.js';
import { RateLimiter } from '../../../../connectors/plugins/datagen/rate-limiter.js';
import { FakeOffsetStore, failure, pollRecords, startSource } from '../fake-context.js';

const fast = { 'kafka.topic': 'dg', 'max.interval': '0' };

describe('DatagenTask', () => {
  const tasks: DatagenTask[] = [];
  afterEach(async () => {
    for (const t of tasks.splice(0)) await t.stop();
  });
  async function start(props: Record<string, string>, store = new FakeOffsetStore()): Promise<DatagenTask> {
    const task = await startSource(new DatagenTask(), props, store);
    tasks.push(task);
    return task;
  }

  it('generates pageviews {viewtime, userid, pageid} keyed by viewtime as a string', async () => {
    const task = await start({ ...fast, quickstart: 'pageviews', 'random.seed': '7' });
    const records = (await pollRecords(task, 3)).slice(0, 3);
    expect(records.map((r) => (r.value as { viewtime: number }).viewtime)).to.deep.equal([1, 11, 21]);
    for (const r of records) {
      const v = r.value as Record<string, unknown>;
      expect(Object.keys(v)).to.deep.equal(['viewtime', 'userid', 'pageid']);
      expect(v.userid).to.match(/^User_[1-9]$/);
      expect(v.pageid).to.match(/^Page_[1-9][0-9]?$/);
      expect(r.key).to.equal(String(v.viewtime));
      expect(r.keySchema).to.deep.equal({ type: 'string' });
      expect(r.valueSchema?.name).to.equal('ksql.pageviews');
      expect(r.topic).to.equal('dg');
      expect(r.sourcePartition).to.deep.equal({ 'task.id': 0 });
    }
    expect(records[2].sourceOffset).to.deep.include({ 'current.iteration': 3, 'random.seed': 7 });
    expect(records[2].headers.find((h) => h.key === 'current.iteration')?.value).to.equal(2);
  });

  it('generates values matching each quickstart schema, keyed by its key field', async () => {
    for (const [name, quickstart] of Object.entries(QUICKSTARTS)) {
      const task = await start({ ...fast, quickstart: name, seed: '1' });
      const [record] = await pollRecords(task, 1);
      const value = record.value as Record<string, unknown>;
      expect(Object.keys(value), name).to.deep.equal(quickstart.schema.fields!.map((f) => f.field));
      for (const field of quickstart.schema.fields!) {
        const kind = field.schema.type === 'struct' ? 'object' : field.schema.type === 'string' ? 'string' : 'number';
        expect(typeof value[field.field], `${name}.${field.field}`).to.equal(kind);
      }
      expect(record.key, name).to.equal(String(value[quickstart.keyField]));
    }
  });

  it('orders carry an address struct and users a gender from the fixed set', async () => {
    const orders = (await pollRecords(await start({ ...fast, quickstart: 'orders', seed: '3' }), 50)).slice(0, 50);
    expect(orders.map((r) => (r.value as { orderid: number }).orderid)).to.deep.equal([...Array(50).keys()]);
    const address = (orders[0].value as { address: Record<string, unknown> }).address;
    expect(Object.keys(address)).to.deep.equal(['city', 'state', 'zipcode']);
    const users = await pollRecords(await start({ ...fast, quickstart: 'users', seed: '3' }), 50);
    for (const u of users) expect(['MALE', 'FEMALE', 'OTHER']).to.include((u.value as { gender: string }).gender);
  });

  it('generates the same records for the same seed and different ones for another seed or task', async () => {
    const values = async (props: Record<string, string>) =>
      (await pollRecords(await start({ ...fast, quickstart: 'users', ...props }), 20)).slice(0, 20).map((r) => r.value);
    const a = await values({ 'random.seed': '42' });
    expect(await values({ 'random.seed': '42' })).to.deep.equal(a);
    expect(await values({ seed: '42' })).to.deep.equal(a);
    expect(await values({ 'random.seed': '43' })).to.not.deep.equal(a);
    expect(await values({ 'random.seed': '42', 'task.id': '1' })).to.not.deep.equal(a);
  });

  it('continues after a restart from the stored iteration, as if it had never stopped', async () => {
    const straight = (await pollRecords(await start({ ...fast, quickstart: 'clickstream', 'random.seed': '9' }), 10)).slice(0, 10);
    const store = new FakeOffsetStore();
    const first = await start({ ...fast, quickstart: 'clickstream', 'random.seed': '9', iterations: '4' }, store);
    const part1 = await pollRecords(first, 4);
    store.commit(part1);
    const idle = first.poll(); // iterations reached: idle, not failed
    await first.stop();
    expect(await idle).to.equal(null);
    const second = await start({ ...fast, quickstart: 'clickstream', 'random.seed': '9' }, store);
    const part2 = await pollRecords(second, 6);
    expect([...part1, ...part2.slice(0, 6)].map((r) => r.value)).to.deep.equal(straight.map((r) => r.value));
    expect(part2[0].headers.find((h) => h.key === 'task.generation')?.value).to.equal(1);
  });

  it('keeps an unconfigured seed across restarts through the stored offset', async () => {
    const store = new FakeOffsetStore();
    const first = await start({ ...fast, quickstart: 'users', iterations: '2' }, store);
    const [, last] = await pollRecords(first, 2);
    store.commit([last]);
    const seed = last.sourceOffset['random.seed'];
    const second = await start({ ...fast, quickstart: 'users' }, store);
    const [next] = await pollRecords(second, 1);
    expect(next.sourceOffset['random.seed']).to.equal(seed);
  });

  it('stops at iterations records per task', async () => {
    const task = await start({ ...fast, quickstart: 'orders', iterations: '1500' });
    let total = 0;
    for (let i = 0; i < 2; i++) total += (await task.poll())?.length ?? 0;
    expect(total).to.equal(1500);
    const idle = task.poll();
    await task.stop();
    expect(await idle).to.equal(null);
  });

  it('waits up to max.interval between records, one record per poll', async () => {
    const task = await start({ 'kafka.topic': 't', quickstart: 'users', 'max.interval': '5', iterations: '3' });
    expect((await task.poll())?.length).to.equal(1);
  });

  it('limits the rate with records.per.second', async () => {
    const task = await start({ ...fast, quickstart: 'users', 'records.per.second': '1' });
    expect((await task.poll())?.length).to.equal(1);
  });

  it('explains bad configs, naming the key', async () => {
    const bad = async (props: Record<string, string>) => (await failure(() => start(props))).message;
    expect(await bad({ quickstart: 'users' })).to.contain('Missing required configuration "kafka.topic"');
    expect(await bad({ 'kafka.topic': 't' })).to.contain('configuration quickstart').and.contain('pageviews');
    expect(await bad({ 'kafka.topic': 't', quickstart: 'stocks' })).to.contain('Invalid value stocks for configuration quickstart');
    expect(await bad({ 'kafka.topic': 't', quickstart: 'users', 'random.seed': 'abc' })).to.contain('Invalid value abc for configuration random.seed');
    expect(await bad({ 'kafka.topic': 't', quickstart: 'users', 'max.interval': '-1' })).to.contain('Invalid value -1 for configuration max.interval');
    expect(await bad({ 'kafka.topic': 't', quickstart: 'users', 'schema.keyfield': 'nope' })).to.contain('Invalid value nope for configuration schema.keyfield');
    expect(await bad({ 'kafka.topic': 't', 'schema.filename': '/x.avsc' })).to.contain('Invalid value /x.avsc for configuration schema.filename');
  });
});

describe('DatagenConnector', () => {
  it('gives each of tasks.max tasks its own task.id', () => {
    const connector = new DatagenConnector();
    connector.start({ 'kafka.topic': 't', quickstart: 'users' });
    expect(connector.taskConfigs(2).map((c) => c['task.id'])).to.deep.equal(['0', '1']);
    expect(connector.taskClass()).to.equal(DatagenTask);
  });
});

describe('Datagen helpers', () => {
  it('RateLimiter hands out one second of tokens at most and refills over time', () => {
    const limiter = new RateLimiter(10, 0);
    expect(limiter.take(5, 0)).to.equal(1);
    expect(limiter.take(5, 0)).to.equal(0);
    expect(limiter.waitMs(0)).to.equal(100);
    expect(limiter.take(5, 300)).to.equal(3);
    expect(limiter.take(100, 10_000)).to.equal(10);
  });

  it('formats clickstream times in Common Log Format', () => {
    expect(formatClfTime(Date.UTC(2017, 1, 21, 22, 22, 55))).to.equal('21/Feb/2017:22:22:55 +0000');
  });
});
