import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fraudDetection } from '../../examples/fraud-detection/main.js';
import { T0_MS } from '../../examples/fraud-detection/data.js';

describe('examples/fraud-detection', function () {
  this.timeout(60_000);

  it('posts exactly the cards with more than 3 transactions in a minute, enriched from the customers table', async () => {
    // Not flagged: 4333 (3 in a minute: at the limit), 4444 (5 in 15 s across two windows),
    // 4999 (5 in a minute, but no customer: the inner join drops them).
    expect(await fraudDetection()).to.deep.equal([
      { CARD: '4111', NAME: 'Ana Silva', COUNTRY: 'PT', TX_COUNT: 5, TOTAL: 673.99, WINDOW_START: T0_MS },
      { CARD: '4222', NAME: 'Ben Okafor', COUNTRY: 'NG', TX_COUNT: 4, TOTAL: 115.5, WINDOW_START: T0_MS + 60_000 },
    ]);
  });

  it('runs through npm run example and prints the two alerts the HTTP server received', () => {
    const res = spawnSync('npm', ['run', '--silent', 'example', '--', 'fraud-detection'], { encoding: 'utf8' });
    expect(res.status, res.stderr).to.equal(0);
    const rows = res.stdout.split('\n').filter((l) => /^ {2}09:0\d/.test(l));
    expect(rows.map((l) => l.trim().split(/\s{2,}/))).to.deep.equal([
      ['09:00', '4111', 'Ana Silva', 'PT', '5', '673.99'],
      ['09:01', '4222', 'Ben Okafor', 'NG', '4', '115.50'],
    ]);
  });
});
