import { expect } from 'chai';
import { cliIn, removeTmpDirs, tmpDataDir } from '../run-cli.js';

/** Committed offsets per partition from the table `fjord dev` prints. */
function committedOffsets(stdout: string): number[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('PARTITION'));
  return lines.slice(header + 1, header + 4).map((l) => Number(l.split(/\s+/)[1]));
}

describe('fjord dev', function () {
  this.timeout(60_000);
  let dir: string;
  const { ok } = cliIn(() => dir);

  before(() => {
    dir = tmpDataDir();
  });
  after(removeTmpDirs);

  it('writes and reads back the demo records, and the group continues on a second run', async () => {
    const first = await ok('dev', '--records', '1000');
    expect(first.stdout).to.include('topics:   (none yet)').and.include('Created topic fjord-demo with 3 partitions.');
    expect(first.stdout).to.match(/wrote 1,000 records in [\d.]+ s/).and.match(/read 1,000 records in [\d.]+ s/);
    expect(committedOffsets(first.stdout).reduce((a, b) => a + b, 0)).to.equal(1000);
    expect(first.stdout).to.include(`fjord groups describe fjord-demo-readers --data-dir ${dir}`);

    const second = await ok('dev', '--records', '1000');
    expect(second.stdout).to.include('topics:   fjord-demo').and.not.include('Created topic');
    expect(second.stdout).to.match(/read 1,000 records/);
    expect(committedOffsets(second.stdout).reduce((a, b) => a + b, 0)).to.equal(2000);
  });
});
