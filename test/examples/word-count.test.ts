import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { wordCount } from '../../examples/word-count/main.js';

describe('examples/word-count', function () {
  this.timeout(60000);

  it('counts the words of its bundled input', async () => {
    const counts = await wordCount(path.resolve('examples/word-count/input.txt'));
    expect(counts.get('the')).to.equal(4);
    expect(counts.get('fox')).to.equal(2);
    expect(counts.get('append-only')).to.equal(1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).to.equal(35);
  });

  it('runs through npm run example and prints the table', () => {
    const res = spawnSync('npm', ['run', '--silent', 'example', '--', 'word-count'], { encoding: 'utf8' });
    expect(res.status, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/the\s+4\n/);
    expect(res.stdout).to.include('Sub-topology: 1');
  });
});
