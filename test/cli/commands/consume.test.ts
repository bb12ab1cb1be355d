import { expect } from 'chai';
import { cliIn, jsonLines, removeTmpDirs, seedTopic, tmpDataDir } from '../run-cli.js';

describe('fjord consume', function () {
  this.timeout(30_000);
  let dir: string;
  const { run: fjord, ok } = cliIn(() => dir);

  beforeEach(async () => {
    dir = tmpDataDir();
    const values = { 0: ['a', 'b', 'c'], 1: ['d', 'e'] };
    await seedTopic(dir, 'events', 2, Object.entries(values).flatMap(([p, vs]) => vs.map((value) => ({ value, partition: Number(p) }))));
  });
  after(removeTmpDirs);

  it('reads every partition from the beginning and stops at the end with -e', async () => {
    const { stdout } = await ok('consume', 'events', '--from-beginning', '-e');
    expect(stdout.split('\n').filter(Boolean).sort()).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts at the end without --from-beginning', async () => {
    expect((await ok('consume', 'events', '-e')).stdout).to.equal('');
  });

  it('stops after --max-messages records', async () => {
    const { stdout } = await ok('consume', 'events', '--from-beginning', '--max-messages', '2', '--partition', '0');
    expect(stdout).to.equal('a\nb\n');
  });

  it('ends an idle consume after --timeout-ms without a record', async () => {
    const started = Date.now();
    const { stdout } = await ok('consume', 'events', '--timeout-ms', '300');
    expect(stdout).to.equal('');
    expect(Date.now() - started).to.be.below(10_000);
  });

  it('reads one partition from a given offset', async () => {
    const { stdout } = await ok('consume', 'events', '--partition', '0', '--offset', '1', '-e');
    expect(stdout).to.equal('b\nc\n');
  });

  it('prints records through a kcat-style template', async () => {
    const { stdout } = await ok('consume', 'events', '--partition', '1', '--offset', 'earliest', '-e', '--format', '%t/%p/%o=%s\\n');
    expect(stdout).to.equal('events/1/0=d\nevents/1/1=e\n');
  });

  it('prints JSON lines with topic, partition and string offsets', async () => {
    const records = jsonLines((await ok('consume', 'events', '--partition', '0', '--from-beginning', '-e', '--format', 'json')).stdout);
    expect(records.map((r) => [r.topic, r.partition, r.offset, r.key, r.value])).to.deep.equal([
      ['events', 0, '0', null, 'a'], ['events', 0, '1', null, 'b'], ['events', 0, '2', null, 'c'],
    ]);
  });

  it('fails with exit code 1 for a missing topic or partition', async () => {
    const topic = await fjord('consume', 'nope', '-e');
    expect([topic.code, topic.stderr]).to.deep.equal([1, "fjord: topic 'nope' does not exist\n"]);
    const partition = await fjord('consume', 'events', '--partition', '5', '-e');
    expect([partition.code, partition.stderr]).to.deep.equal([1, "fjord: partition 5 of topic 'events' does not exist (it has 2)\n"]);
  });

  it('rejects --offset with --group as a usage error', async () => {
    const { code, stderr } = await fjord('consume', 'events', '--group', 'g', '--offset', '3');
    expect(code).to.equal(2);
    expect(stderr).to.match(/^fjord: --offset cannot be used with --group/);
  });
});
