import { expect } from 'chai';
import { cliIn, removeTmpDirs, seedTopic, tmpDataDir } from './run-cli.js';

describe('--format json for scripts', function () {
  this.timeout(60_000);
  let dir: string;
  const { ok, run } = cliIn(() => dir);

  before(async () => {
    dir = tmpDataDir();
    await seedTopic(dir, 'orders', 2, [{ key: 'a', value: '1', partition: 0 }, { key: 'b', value: '2', partition: 1 }, { key: 'c', value: '3', partition: 1 }]);
    await ok('consume', 'orders', '--group', 'billing', '--from-beginning', '--max-messages', '2', '--format', 'json');
  });
  after(removeTmpDirs);

  it('topics list prints a JSON array of names', async () => {
    expect(JSON.parse((await ok('topics', 'list', '--format', 'json')).stdout)).to.deep.equal(['orders']);
  });

  it('topics describe prints partitions with offsets as strings, and config overrides', async () => {
    await ok('topics', 'alter', 'orders', '--config', 'retention.ms=3600000');
    const [orders] = JSON.parse((await ok('topics', 'describe', 'orders', '--format', 'json')).stdout) as Record<string, unknown>[];
    expect(orders).to.deep.equal({
      name: 'orders', replicationFactor: 1, configs: { 'retention.ms': '3600000' },
      partitions: [
        { partition: 0, leader: 1, replicas: [1], isr: [1], earliestOffset: '0', latestOffset: '1' },
        { partition: 1, leader: 1, replicas: [1], isr: [1], earliestOffset: '0', latestOffset: '2' },
      ],
    });
  });

  it('groups list and describe print the group, its state and per-partition lag', async () => {
    expect(JSON.parse((await ok('groups', 'list', '--format', 'json')).stdout)).to.deep.equal([{ group: 'billing', state: 'Empty' }]);
    const desc = JSON.parse((await ok('groups', 'describe', 'billing', '--format', 'json')).stdout) as { state: string; members: unknown[]; offsets: Record<string, unknown>[] };
    expect(desc.state).to.equal('Empty');
    expect(desc.members).to.deep.equal([]);
    const lag = desc.offsets.reduce((sum, o) => sum + Number(o.lag), 0);
    expect(lag).to.equal(1);
    expect(desc.offsets.every((o) => typeof o.committed === 'string' && o.consumerId === null)).to.equal(true);
  });

  it('groups reset-offsets prints the plan as JSON and says whether it was a dry run', async () => {
    const plan = JSON.parse((await ok('groups', 'reset-offsets', 'billing', '--to-earliest', '--format', 'json')).stdout);
    expect(plan).to.deep.equal({ group: 'billing', dryRun: true, offsets: [{ topic: 'orders', partition: 0, offset: '0' }, { topic: 'orders', partition: 1, offset: '0' }] });
  });

  it('rejects another --format with exit 2', async () => {
    const r = await run('topics', 'list', '--format', 'csv');
    expect([r.code, r.stderr]).to.deep.equal([2, "fjord: --format expects json, got 'csv'\n"]);
  });
});
