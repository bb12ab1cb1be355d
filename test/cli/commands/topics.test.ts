import { expect } from 'chai';
import { cliIn, removeTmpDirs, seedTopic, tmpDataDir } from '../run-cli.js';

describe('fjord topics', function () {
  this.timeout(30_000);
  let dir: string;
  const { run: fjord, ok } = cliIn(() => dir);

  beforeEach(() => {
    dir = tmpDataDir();
  });
  after(removeTmpDirs);

  it('creates a topic that list then shows, without internal topics', async () => {
    expect((await ok('topics', 'create', 'orders', '--partitions', '3')).stdout).to.equal('Created topic orders.\n');
    await ok('topics', 'create', 'audit');
    expect((await ok('topics', 'list')).stdout).to.equal('audit\norders\n');
    expect((await ok('topics', 'list', '--include-internal')).stdout).to.include('__consumer_offsets');
  });

  it('describes partitions, leader, replicas, isr, config overrides and earliest/latest offsets', async () => {
    await seedTopic(dir, 'orders', 2, [{ value: 'a', partition: 1 }, { value: 'b', partition: 1 }, { value: 'c', partition: 1 }]);
    await ok('topics', 'alter', 'orders', '--config', 'retention.ms=3600000');
    const { stdout } = await ok('topics', 'describe', 'orders');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).to.equal('Topic: orders  Partitions: 2  ReplicationFactor: 1  Configs: retention.ms=3600000');
    expect(lines[1].split(/\s+/)).to.deep.equal(['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'EARLIEST-OFFSET', 'LATEST-OFFSET']);
    expect(lines[2].split(/\s+/)).to.deep.equal(['0', '1', '1', '1', '0', '0']);
    expect(lines[3].split(/\s+/)).to.deep.equal(['1', '1', '1', '1', '0', '3']);
  });

  it('alters the partition count and sets and removes config overrides', async () => {
    await seedTopic(dir, 'orders', 1);
    const altered = await ok('topics', 'alter', 'orders', '--partitions', '3', '--config', 'cleanup.policy=compact');
    expect(altered.stdout).to.equal('Altered topic orders: partitions=3, cleanup.policy=compact.\n');
    let described = (await ok('topics', 'describe', 'orders')).stdout;
    expect(described).to.include('Partitions: 3').and.include('Configs: cleanup.policy=compact');
    await ok('topics', 'alter', 'orders', '--delete-config', 'cleanup.policy');
    described = (await ok('topics', 'describe', 'orders')).stdout;
    expect(described).to.include('Configs: (none)');
  });

  it('deletes a topic', async () => {
    await seedTopic(dir, 'orders', 1);
    expect((await ok('topics', 'delete', 'orders')).stdout).to.equal('Deleted topic orders.\n');
    expect((await ok('topics', 'list')).stdout).to.equal('');
  });

  it('fails with one line and exit code 1 for an invalid topic name', async () => {
    const { code, stderr, stdout } = await fjord('topics', 'create', 'bad name!');
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/^fjord: .*bad name!.*\n$/);
    expect(stderr.trimEnd().split('\n')).to.have.length(1);
  });

  it('fails with one line and exit code 1 for an unknown config key', async () => {
    const { code, stderr } = await fjord('topics', 'create', 'orders', '--config', 'retention.bogus=1');
    expect(code).to.equal(1);
    expect(stderr).to.match(/^fjord: .*retention\.bogus.*\n$/);
    expect(stderr.trimEnd().split('\n')).to.have.length(1);
    expect((await ok('topics', 'list')).stdout).to.equal('');
  });

  it('fails for an existing topic unless --if-not-exists', async () => {
    await seedTopic(dir, 'orders', 1);
    const again = await fjord('topics', 'create', 'orders');
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/^fjord: .*orders/);
    await ok('topics', 'create', 'orders', '--if-not-exists');
  });

  it('fails for a missing topic, naming it', async () => {
    const { code, stderr } = await fjord('topics', 'describe', 'nope');
    expect(code).to.equal(1);
    expect(stderr).to.equal("fjord: topic 'nope' does not exist\n");
  });

  it('lists the topic config keys and their defaults in create --help', async () => {
    const { code, stdout } = await fjord('topics', 'create', '--help');
    expect(code).to.equal(0);
    expect(stdout).to.match(/retention\.ms +default 604800000/);
    expect(stdout).to.match(/cleanup\.policy +default delete/);
  });

  it('exits 2 naming the flag for an unknown flag or a bad value', async () => {
    const unknown = await fjord('topics', 'create', 'orders', '--partition', '3');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.equal('fjord: unknown flag --partition (see fjord topics create --help)\n');
    const bad = await fjord('topics', 'alter', 'orders', '--partitions', 'many');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.equal("fjord: --partitions expects a whole number >= 1, got 'many'\n");
  });
});
