import { expect } from 'chai';
import { SimDisk } from '../../../core/sim/sim-disk.js';
import { SimRaftStorage } from '../../../core/sim/sim-raft-storage.js';
import { SimRandom } from '../../../core/sim/random.js';
import type { Entry } from '../../../core/cluster/raft/types.js';

const e = (index: number, term: number): Entry => ({ index, term, data: new TextEncoder().encode(`entry-${index}`) });

describe('SimDisk and SimRaftStorage', () => {
  it('keeps synced writes across a crash', () => {
    const disk = new SimDisk();
    const storage = new SimRaftStorage(disk);
    storage.write({ hardState: { term: 2, votedFor: 1, commit: 1 }, entries: [e(1, 1), e(2, 2)], snapshot: null });
    storage.sync();
    disk.crash(new SimRandom(1));
    const state = new SimRaftStorage(disk).load();
    expect(state.entries.map((x) => x.index)).to.deep.equal([1, 2]);
    expect(state.hardState).to.deep.equal({ term: 2, votedFor: 1, commit: 1 });
  });

  it('loses unsynced writes, possibly keeping a torn prefix that load() cuts off', () => {
    let torn = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const disk = new SimDisk();
      const storage = new SimRaftStorage(disk);
      storage.write({ hardState: null, entries: [e(1, 1)], snapshot: null });
      storage.sync();
      storage.write({ hardState: null, entries: [e(2, 1), e(3, 1), e(4, 1)], snapshot: null });
      disk.crash(new SimRandom(seed));
      torn += disk.tornWrites;
      const state = new SimRaftStorage(disk).load();
      const indexes = state.entries.map((x) => x.index);
      expect(indexes[0]).to.equal(1);
      expect(indexes).to.deep.equal(indexes.map((_, i) => i + 1)); // a contiguous prefix, never a hole
      expect(decodeWhole(disk)).to.equal(true);
    }
    expect(torn).to.be.greaterThan(0);
  });

  it('compaction rewrites the file as snapshot + later entries + hard state', () => {
    const disk = new SimDisk();
    const storage = new SimRaftStorage(disk);
    storage.write({ hardState: { term: 1, votedFor: 1, commit: 3 }, entries: [e(1, 1), e(2, 1), e(3, 1)], snapshot: null });
    storage.sync();
    storage.compact({ index: 2, term: 1, data: new Uint8Array([1, 2, 3]) });
    const state = storage.load();
    expect(state.snapshot).to.deep.include({ index: 2, term: 1 });
    expect(state.entries.map((x) => x.index)).to.deep.equal([3]);
    expect(state.hardState.commit).to.equal(3);
  });
});

/** After load() truncated a torn tail, the file decodes to its very end. */
function decodeWhole(disk: SimDisk): boolean {
  const before = disk.read().length;
  new SimRaftStorage(disk).load();
  return disk.read().length === before;
}
