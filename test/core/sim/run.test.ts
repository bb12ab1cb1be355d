import { expect } from 'chai';
import { spawnSync } from 'node:child_process';

/** Runs `npm run sim -- ...` the way the script does (node --import tsx core/sim/run.ts). */
function sim(...args: string[]) {
  return simWith({ SIM_SEED: '' }, ...args); // a SIM_SEED in the environment must not turn a range into one seed
}

function simWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'core/sim/run.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run sim (core/sim/run.ts)', () => {
  it('replays one seed, printing its trace and summary', () => {
    const r = sim('--seed', '3', '--steps', '800');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/seed 3: ok, \d nodes, \d+ steps/);
    expect(r.out).to.contain('node 1 starts');
    expect(r.out).to.contain('1 seed(s) × 800 steps: 1 passed, 0 failed');
  });

  it('runs a range of seeds and reports the count', () => {
    const r = sim('--seeds', '3', '--first-seed', '40', '--steps', '500');
    expect(r.code).to.equal(0);
    expect(r.out).to.contain('3 seed(s) × 500 steps: 3 passed, 0 failed');
    expect(r.out.trimEnd().split('\n').at(-1)).to.equal('3 seeds, 0 violations');
  });

  it('runs partition replication by default and the quorum alone with --no-replication', () => {
    const on = sim('--seed', '3', '--steps', '3000', '--partitions', '2');
    expect(on.code).to.equal(0);
    expect(on.out).to.match(/replication: 2 partition\(s\), acked \d+/);
    const off = sim('--seed', '3', '--steps', '800', '--no-replication');
    expect(off.code).to.equal(0);
    expect(off.out).not.to.contain('replication:');
    expect(off.out).to.contain('1 seed(s) × 800 steps: 1 passed, 0 failed');
    const bad = sim('--partitions', '7');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.contain('npm run sim: --partitions must be 1-3, got 7');
  });

  it('SIM_SEED=N replays seed N like --seed N, and a bad SIM_SEED is refused', () => {
    const r = simWith({ SIM_SEED: '3' }, '--steps', '800');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/seed 3: ok, \d nodes, \d+ steps/);
    const bad = simWith({ SIM_SEED: 'x' });
    expect(bad.code).to.equal(2);
    expect(bad.err).to.contain('npm run sim: SIM_SEED must be a non-negative integer, got x');
  });

  it('rejects unknown flags and bad values with exit code 2, naming them', () => {
    const unknown = sim('--bogus', '1');
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.contain('npm run sim: unknown flag --bogus');
    const bad = sim('--steps', 'many');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.contain('npm run sim: --steps needs a non-negative integer, got many');
    const profile = sim('--profile', 'nope');
    expect(profile.err).to.contain('--profile must be one of default, crash-heavy, broker-heavy, got nope');
  });
});
