import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { FileRaftStorage, RAFT_LOG_FILE } from '../../../../core/cluster/raft/file-raft-storage.js';
import { RaftNode } from '../../../../core/cluster/raft/raft-node.js';
import { raftConfig } from '../../../../core/cluster/raft/config.js';
import { nodeStorage } from '../../../../core/io/node-storage.js';
import type { Entry } from '../../../../core/cluster/raft/types.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const e = (index: number, term: number, text = ''): Entry => ({ index, term, data: new TextEncoder().encode(text) });

describe('FileRaftStorage (real files)', () => {
  it('a one-node quorum persists through it and restarts with its term, log and commit', () => {
    const dir = tmpDir();
    const storage = new FileRaftStorage(nodeStorage, dir);
    const node = new RaftNode(raftConfig({ id: 1, voters: [1], random: () => 0 }), storage.load());
    node.campaign();
    node.propose(new TextEncoder().encode('hello'));
    while (node.hasReady()) {
      const rd = node.ready();
      storage.write(rd);
      storage.sync();
      node.advance(rd);
    }
    storage.close();
    const state = new FileRaftStorage(nodeStorage, dir).load();
    expect(state.hardState).to.deep.equal({ term: 1, votedFor: 1, commit: 2 });
    expect(state.entries.map((x) => new TextDecoder().decode(x.data))).to.deep.equal(['', 'hello']);
  });

  it('cuts off a torn tail on open and keeps appending after the last whole frame', () => {
    const dir = tmpDir();
    const s = new FileRaftStorage(nodeStorage, dir);
    s.load();
    s.write({ hardState: null, entries: [e(1, 1, 'a'), e(2, 1, 'b')], snapshot: null });
    s.sync();
    s.close();
    const file = path.join(dir, RAFT_LOG_FILE);
    const whole = fs.statSync(file).size;
    fs.appendFileSync(file, Buffer.from([0, 0, 0, 50, 1, 2, 3])); // half a frame
    const s2 = new FileRaftStorage(nodeStorage, dir);
    expect(s2.load().entries).to.have.length(2);
    expect(fs.statSync(file).size).to.equal(whole);
    s2.write({ hardState: null, entries: [e(3, 1, 'c')], snapshot: null });
    s2.sync();
    s2.close();
    expect(new FileRaftStorage(nodeStorage, dir).load().entries.map((x) => x.index)).to.deep.equal([1, 2, 3]);
  });

  it('compaction rewrites the file to snapshot + later entries + hard state', () => {
    const dir = tmpDir();
    const s = new FileRaftStorage(nodeStorage, dir);
    s.load();
    s.write({ hardState: { term: 1, votedFor: 1, commit: 3 }, entries: [e(1, 1, 'a'), e(2, 1, 'b'), e(3, 1, 'c')], snapshot: null });
    s.sync();
    s.compact({ index: 2, term: 1, data: new TextEncoder().encode('image') });
    s.write({ hardState: null, entries: [e(4, 1, 'd')], snapshot: null });
    s.sync();
    s.close();
    const state = new FileRaftStorage(nodeStorage, dir).load();
    expect(state.snapshot).to.deep.include({ index: 2, term: 1 });
    expect(state.entries.map((x) => x.index)).to.deep.equal([3, 4]);
    expect(state.hardState.commit).to.equal(3);
  });

  it('refuses writes before load(), naming the file', () => {
    const dir = tmpDir();
    expect(() => new FileRaftStorage(nodeStorage, dir).write({ hardState: null, entries: [e(1, 1)], snapshot: null })).to.throw(
      `raft log ${dir}/${RAFT_LOG_FILE}: load() it before writing`,
    );
  });
});
