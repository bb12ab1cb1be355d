import { expect } from 'chai';
import { cliIn, removeTmpDirs, seedTopic, tmpDataDir } from '../run-cli.js';

/** Rows of the per-partition table printed by `groups describe`, as arrays of cells. */
function offsetRows(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('TOPIC'));
  return lines.slice(header + 1).filter(Boolean).map((l) => l.split(/\s+/));
}

describe('fjord groups', function () {
  this.timeout(30_000);
  let dir: string;
  const { run: fjord, ok, pipe } = cliIn(() => dir);
  const readAsGroup = async () => (await ok('consume', 'events', '--group', 'readers', '--from-beginning', '-e')).stdout;

  beforeEach(async () => {
    dir = tmpDataDir();
    await seedTopic(dir, 'events', 1, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
  });
  after(removeTmpDirs);

  it('a group consume commits, so the next one prints only new records', async () => {
    expect(await readAsGroup()).to.equal('a\nb\nc\n');
    await pipe('d\n', 'produce', 'events');
    expect(await readAsGroup()).to.equal('d\n');
    expect(await readAsGroup()).to.equal('');
  });

  it('commits only the records printed when --max-messages stops mid-batch', async () => {
    expect((await ok('consume', 'events', '--group', 'readers', '--from-beginning', '--max-messages', '2')).stdout).to.equal('a\nb\n');
    expect(await readAsGroup()).to.equal('c\n');
  });

  it('lists groups with their state', async () => {
    await readAsGroup();
    const { stdout } = await ok('groups', 'list');
    expect(stdout.split('\n')[1].split(/\s+/)).to.deep.equal(['readers', 'Empty']);
  });

  it('describes the committed offset, log-end offset and lag per partition', async () => {
    await readAsGroup();
    await pipe('d\ne\n', 'produce', 'events');
    const { stdout } = await ok('groups', 'describe', 'readers');
    expect(stdout).to.match(/^Group: readers  State: Empty/);
    expect(offsetRows(stdout)).to.deep.equal([['events', '0', '3', '5', '2', '-']]);
  });

  it('fails for a group that does not exist', async () => {
    const { code, stderr } = await fjord('groups', 'describe', 'nobody');
    expect([code, stderr]).to.deep.equal([1, "fjord: group 'nobody' does not exist\n"]);
  });

  it('reset-offsets without --execute prints the plan and changes nothing', async () => {
    await readAsGroup();
    const plan = await ok('groups', 'reset-offsets', 'readers', '--to-earliest');
    expect(plan.stdout.split('\n')[1].split(/\s+/)).to.deep.equal(['readers', 'events', '0', '0']);
    expect(plan.stderr).to.include('dry run');
    expect(offsetRows((await ok('groups', 'describe', 'readers')).stdout)[0][2]).to.equal('3');
    expect(await readAsGroup()).to.equal('');
  });

  it('reset-offsets --to-earliest --execute makes the group re-read everything', async () => {
    await readAsGroup();
    await ok('groups', 'reset-offsets', 'readers', '--to-earliest', '--execute');
    expect(await readAsGroup()).to.equal('a\nb\nc\n');
  });

  it('reset-offsets --to-offset moves the group to that offset', async () => {
    await readAsGroup();
    await ok('groups', 'reset-offsets', 'readers', '--topic', 'events', '--to-offset', '1', '--execute');
    expect(await readAsGroup()).to.equal('b\nc\n');
  });

  it('reset-offsets needs exactly one target', async () => {
    const none = await fjord('groups', 'reset-offsets', 'readers');
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/^fjord: .*needs one of --to-earliest/);
    const two = await fjord('groups', 'reset-offsets', 'readers', '--to-earliest', '--to-latest');
    expect(two.code).to.equal(2);
  });

  it('deletes a group and its offsets', async () => {
    await readAsGroup();
    expect((await ok('groups', 'delete', 'readers')).stdout).to.equal('Deleted group readers.\n');
    expect((await ok('groups', 'list')).stdout).to.equal('');
  });
});
