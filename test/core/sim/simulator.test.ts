import { expect } from 'chai';
import { Simulator, type SimResult } from '../../../core/sim/simulator.js';
import { SIM_PROFILES } from '../../../core/sim/sim-options.js';
import { RaftNode } from '../../../core/cluster/raft/raft-node.js';
import type { Message } from '../../../core/cluster/raft/types.js';
import { SimRaftStorage } from '../../../core/sim/sim-raft-storage.js';

/** Seeds every run of the suite replays (3- and 5-node clusters, default faults). */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const STEPS = 10_000;

function describeFailure(r: SimResult): string {
  return r.failure === null ? 'ok' : `seed ${r.seed}: ${r.failure.message}\n${r.trace.slice(-30).join('\n')}`;
}

/** Breaks Raft's commitment rule: counts replicas of entries from older terms too. */
class CommitsOldTermEntries extends RaftNode {
  protected override mayCommit(): boolean {
    return true;
  }
}

/** Grants votes without comparing logs (as if every candidate were up to date). */
class VotesBlindly extends RaftNode {
  override step(m: Message): void {
    super.step(m.type === 'vote' ? { ...m, lastLogIndex: Number.MAX_SAFE_INTEGER, lastLogTerm: Number.MAX_SAFE_INTEGER } : m);
  }
}

/** A Raft log store whose fsync does nothing: a crash loses what was acknowledged. */
class SkipsFsync extends SimRaftStorage {
  override sync(): void {}
}

describe('cluster simulator', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: every invariant holds through ${STEPS} faulty steps, and the cluster converges after healing`, () => {
      const r = new Simulator({ seed, steps: STEPS }).run();
      expect(r.failure, describeFailure(r)).to.equal(null);
      expect(r.stats['committed']).to.be.greaterThan(10);
    });
  }

  it('exercises the faults it claims to: crashes, torn writes, partitions, drops, duplicates, compaction, snapshot installs', () => {
    const totals: Record<string, number> = {};
    for (const seed of [1, 2, 3, 4]) {
      const r = new Simulator({ seed, steps: STEPS, ...SIM_PROFILES['crash-heavy'], replication: false }).run();
      expect(r.failure, describeFailure(r)).to.equal(null);
      for (const [k, v] of Object.entries(r.stats)) totals[k] = (totals[k] ?? 0) + v;
    }
    for (const k of ['crashes', 'tornWrites', 'partitions', 'dropped', 'duplicated', 'compactions', 'snapshotInstalls', 'elections']) {
      expect(totals[k], k).to.be.greaterThan(0);
    }
  });

  it('replays a seed exactly: same trace, same statistics', () => {
    const a = new Simulator({ seed: 99, steps: 3000 }).run();
    const b = new Simulator({ seed: 99, steps: 3000 }).run();
    expect(b.trace).to.deep.equal(a.trace);
    expect(b.stats).to.deep.equal(a.stats);
  });

  // The Raft-specific tests below run the controller quorum alone (`replication: false`), so the
  // step budget goes to the quorum and these seeds play out as they were found.
  // Seeds found with the crash-heavy profile and CommitsOldTermEntries (since the workload also
  // reassigns partitions, about 1 seed in 60 of 1..120 fails).
  // If the simulator's use of randomness changes, find new ones by running this variant over
  // seeds 1..200 and keep a few that fail; the correct Raft must pass the same seeds.
  const FIGURE_8_SEEDS = [34, 56];

  it('catches a Raft that commits entries of older terms by counting replicas (Figure 8)', () => {
    const failures = FIGURE_8_SEEDS.map(
      (seed) => new Simulator({ seed, steps: 10_000, ...SIM_PROFILES['crash-heavy'], replication: false, raftFactory: (c, s) => new CommitsOldTermEntries(c, s) }).run(),
    ).filter((r) => r.failure !== null);
    expect(failures.length).to.be.greaterThan(0);
    for (const r of failures) {
      expect(['leader completeness', 'committed entries never change', 'state-machine safety']).to.include(r.failure!.invariant);
      expect(r.trace.at(-1)).to.contain('FAILED');
    }
    for (const seed of FIGURE_8_SEEDS) {
      const ok = new Simulator({ seed, steps: 10_000, ...SIM_PROFILES['crash-heavy'], replication: false }).run();
      expect(ok.failure, describeFailure(ok)).to.equal(null);
    }
  });

  it('catches a Raft whose voters ignore how up to date the candidate is', () => {
    const failed = [1, 4, 6].map((seed) => new Simulator({ seed, steps: STEPS, replication: false, raftFactory: (c, s) => new VotesBlindly(c, s) }).run());
    expect(failed.some((r) => r.failure !== null)).to.equal(true);
  });

  it('catches a host that acknowledges before its writes are durable (never fsyncs)', () => {
    const r = new Simulator({ seed: 1, steps: STEPS, replication: false, storageFactory: (disk) => new SkipsFsync(disk) }).run();
    expect(r.failure?.invariant).to.equal('committed entries survive crashes');
  });

  it('rejects bad options, naming them', () => {
    expect(() => new Simulator({ seed: 1, steps: 0 })).to.throw('simulator: steps must be a positive integer, got 0');
    expect(() => new Simulator({ seed: 1, steps: 10, nodes: 12 })).to.throw('simulator: nodes must be an integer in 1-9, got 12');
  });
});
