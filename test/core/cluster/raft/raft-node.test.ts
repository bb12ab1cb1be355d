import { expect } from 'chai';
import { RaftNode } from '../../../../core/cluster/raft/raft-node.js';
import { raftConfig } from '../../../../core/cluster/raft/config.js';
import type { Message } from '../../../../core/cluster/raft/types.js';
import { RaftHarness } from './harness.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function electedCluster(ids = [1, 2, 3], overrides = {}): RaftHarness {
  const h = new RaftHarness(ids, overrides);
  h.node(1).campaign();
  h.stabilize();
  return h;
}

describe('RaftNode: leader election', () => {
  it('a campaigning node wins with pre-vote and every node follows it in term 1', () => {
    const h = electedCluster();
    expect(h.leaders()).to.deep.equal([1]);
    for (const id of [2, 3]) {
      expect(h.node(id).role).to.equal('follower');
      expect(h.node(id).leaderId).to.equal(1);
      expect(h.node(id).term).to.equal(1);
    }
  });

  it('followers elect a leader by themselves once their randomized election timeouts run out', () => {
    const h = new RaftHarness([1, 2, 3, 4, 5], {}, 7);
    h.tickAll(40);
    expect(h.leaders()).to.have.length(1);
    const leader = h.leaders()[0]!;
    for (const id of h.ids) expect(h.node(id).leaderId).to.equal(leader);
  });

  it('a split vote elects nobody in that term, and a later election succeeds', () => {
    const h = new RaftHarness([1, 2, 3, 4], { preVote: false });
    // 1 and 2 campaign at once; 3 hears only 1 and 4 hears only 2: 2 votes each, 3 needed.
    h.node(1).campaign();
    h.node(2).campaign();
    h.processReady();
    const votes = h.queue.splice(0);
    for (const m of votes) {
      if ((m.from === 1 && m.to === 4) || (m.from === 2 && m.to === 3)) continue;
      h.deliver(m);
    }
    h.stabilize();
    expect(h.leaders()).to.deep.equal([]);
    expect(h.node(1).term).to.equal(1);
    expect(h.node(2).term).to.equal(1);
    h.tickAll(50);
    expect(h.leaders()).to.have.length(1);
    expect(h.node(h.leaders()[0]!).term).to.be.greaterThan(1);
  });

  it('a voter refuses a candidate whose log is behind its own', () => {
    const h = electedCluster([1, 2, 3], { checkQuorum: false });
    h.propose(1, 'x');
    h.stabilize();
    const stale = new RaftNode(raftConfig({ id: 3, voters: [1, 2, 3], random: () => 0, preVote: false }));
    const vote: Message = { type: 'vote', from: 3, to: 2, term: 5, pre: false, lastLogIndex: 1, lastLogTerm: 1 };
    h.node(2).step(vote);
    const rd = h.node(2).ready();
    expect(rd.messages).to.deep.include({ type: 'vote-response', from: 2, to: 3, term: 5, pre: false, granted: false });
    expect(h.node(2).votedFor).to.equal(-1);
    expect(stale.term).to.equal(0);
  });

  it('persists the vote (hard state) in the same Ready as the vote response it must precede', () => {
    const h = new RaftHarness([1, 2, 3], { preVote: false });
    h.node(1).campaign();
    h.processReady();
    const request = h.queue.find((m) => m.to === 2)!;
    h.node(2).step(request);
    const rd = h.node(2).ready();
    expect(rd.hardState).to.deep.equal({ term: 1, votedFor: 1, commit: 0 });
    expect(rd.messages.map((m) => m.type)).to.deep.equal(['vote-response']);
  });
});

describe('RaftNode: pre-vote and check-quorum', () => {
  it('a partitioned node keeps its term while it campaigns (pre-vote), so rejoining does not depose the leader', () => {
    const h = electedCluster();
    h.isolate([3]);
    for (let i = 0; i < 100; i++) h.node(3).tick();
    h.stabilize();
    expect(h.node(3).term).to.equal(1);
    expect(h.node(3).role).to.equal('pre-candidate');
    h.heal();
    h.tickAll(5);
    expect(h.leaders()).to.deep.equal([1]);
    expect(h.node(1).term).to.equal(1);
    expect(h.node(3).leaderId).to.equal(1);
  });

  it('without pre-vote the same partition bumps the term and disrupts the leader on rejoin', () => {
    const h = electedCluster([1, 2, 3], { preVote: false, checkQuorum: false });
    h.isolate([3]);
    for (let i = 0; i < 100; i++) h.node(3).tick();
    h.stabilize();
    expect(h.node(3).term).to.be.greaterThan(3);
    h.heal();
    h.tickAll(30);
    expect(h.node(1).term).to.be.greaterThan(1);
  });

  it('a leader cut off from its quorum steps down after an election timeout (check-quorum)', () => {
    const h = electedCluster();
    h.isolate([1]);
    for (let i = 0; i < 25 && h.node(1).role === 'leader'; i++) {
      h.node(1).tick();
      h.stabilize();
    }
    expect(h.node(1).role).to.equal('follower');
    expect(h.node(1).term).to.equal(1);
  });

  it('a leader that still hears from its quorum stays leader', () => {
    const h = electedCluster();
    h.isolate([3]);
    for (let i = 0; i < 40; i++) {
      h.node(1).tick();
      h.stabilize();
    }
    expect(h.node(1).role).to.equal('leader');
  });
});

describe('RaftNode: replication', () => {
  it('commits and applies proposals on every node in order', () => {
    const h = electedCluster();
    for (const s of ['a', 'b', 'c']) h.propose(1, s);
    h.stabilize();
    h.tickAll(2);
    for (const id of h.ids) expect(h.appliedText(id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('a follower refuses proposals: they go to the leader', () => {
    const h = electedCluster();
    expect(h.propose(2, 'x')).to.equal(null);
  });

  it('repairs a divergent follower with fast back-off: one rejection per term, not per entry', () => {
    const h = electedCluster([1, 2, 3], { checkQuorum: false });
    h.propose(1, 'a');
    h.stabilize();
    h.isolate([1]);
    for (const s of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6']) h.propose(1, s); // term 1, never replicated
    h.stabilize();
    h.node(2).campaign();
    h.stabilize();
    for (const s of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) h.propose(2, s);
    h.stabilize();
    h.heal();
    h.trace.length = 0;
    h.tickAll(3);
    const rejections = h.trace.filter((l) => l.startsWith('1->2 append-response') && l.includes('reject'));
    expect(rejections.length).to.be.at.most(2);
    expect(h.logText(1)).to.equal(h.logText(2));
    expect(h.appliedText(1)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  it('a leader does not commit an entry of an older term by counting replicas; its own term entry commits it', () => {
    // Figure 8 of the Raft paper, on three nodes.
    const h = new RaftHarness([1, 2, 3], { checkQuorum: false });
    h.node(1).campaign();
    h.stabilize(); // 1 leads term 1; 1/1 committed everywhere
    h.isolate([1]);
    h.propose(1, 'old'); // 2/1 lives only on node 1
    h.stabilize();
    // 2 wins term 2 with 3's vote, but 3 never sees 2's no-op.
    h.node(2).campaign();
    h.processReady();
    for (let round = 0; round < 6; round++) {
      for (const m of h.queue.splice(0)) if (m.type !== 'append' && m.from !== 1 && m.to !== 1) h.deliver(m);
      h.processReady();
    }
    h.queue.length = 0;
    expect(h.node(2).role).to.equal('leader');
    expect(h.node(3).log.lastIndex()).to.equal(1);
    h.heal();
    h.isolate([2]);
    h.tick(1);
    h.stabilize(); // 1's heartbeat to 3 is answered in term 2: 1 steps down
    expect(h.node(1).role).to.equal('follower');
    h.node(1).campaign(); // term 3: 3 grants (1's last entry 2/1 beats its 1/1)
    h.processReady();
    const node1 = h.node(1);
    for (let round = 0; round < 10; round++) {
      for (const m of h.queue.splice(0)) {
        // Node 3 gets the old entry but never the term-3 no-op.
        if (m.type === 'append' && m.from === 1) h.deliver({ ...m, entries: m.entries.filter((e) => e.index <= 2) });
        else h.deliver(m);
      }
      h.processReady();
    }
    expect(node1.role).to.equal('leader');
    expect(node1.term).to.equal(3);
    expect(node1.progress.get(3)!.match).to.equal(2); // 2/1 is on a majority (1 and 3) ...
    expect(node1.commit).to.equal(1); // ... and still not committed
    h.tickAll(2); // a heartbeat round lets node 3 fetch the no-op
    expect(node1.commit).to.equal(3); // the term-3 no-op commits it along
  });

  it('keeps at most inflightAppendsMax appends in flight to a follower that does not answer', () => {
    const h = electedCluster([1, 2, 3], { inflightAppendsMax: 2, appendEntriesMax: 1 });
    h.propose(1, 'a');
    h.stabilize(); // 2 and 3 answered: both replicate optimistically now
    for (const s of ['b', 'c', 'd', 'e']) h.propose(1, s);
    h.processReady();
    const appendsTo = (id: number) => h.queue.filter((m) => m.to === id && m.type === 'append');
    expect(appendsTo(2).map((m) => (m.type === 'append' ? m.entries[0]!.index : 0))).to.deep.equal([3, 4]);
    h.queue = h.queue.filter((m) => m.to !== 2); // 2 never answers
    h.stabilize();
    expect(h.node(2).log.lastIndex()).to.equal(2);
    expect(h.node(3).log.lastIndex()).to.equal(6);
    expect(h.node(1).commit).to.equal(6); // 1 and 3 are a quorum
  });

  it('refuses proposals while uncommittedEntriesMax entries wait for commit, and takes them again once they commit', () => {
    const h = electedCluster([1, 2, 3], { uncommittedEntriesMax: 3 });
    h.isolate([1]);
    h.propose(1, 'a');
    h.propose(1, 'b');
    expect(h.propose(1, 'c')).to.equal(4);
    expect(() => h.propose(1, 'd')).to.throw('raft node 1: 3 entries already wait for commit (uncommittedEntriesMax 3); retry later');
    h.heal();
    h.tickAll(2);
    expect(h.node(1).commit).to.equal(4);
    expect(h.propose(1, 'd')).to.equal(5);
  });

  it('drops a stale, duplicated append instead of truncating newer entries', () => {
    const h = electedCluster();
    h.propose(1, 'a');
    h.processReady();
    const first = h.queue.find((m) => m.to === 2 && m.type === 'append')!;
    h.stabilize();
    h.propose(1, 'b');
    h.stabilize();
    const before = h.logText(2);
    h.node(2).step(first); // replayed old message
    expect(h.logText(2)).to.equal(before);
  });
});

describe('RaftNode: snapshots, compaction and restarts', () => {
  it('sends a snapshot to a follower that needs compacted entries, then the entries after it', () => {
    const h = electedCluster();
    h.crash(3);
    for (const s of ['a', 'b', 'c', 'd']) h.propose(1, s);
    h.stabilize();
    const snapshot = h.node(1).compact(5, bytes('state-after-5'));
    h.storages.get(1)!.compact(snapshot);
    h.propose(1, 'e');
    h.stabilize();
    h.restart(3);
    h.node(1).tick();
    h.processReady();
    let installed: Uint8Array | null = null;
    for (let i = 0; i < 20 && installed === null; i++) {
      const batch = h.queue.splice(0);
      for (const m of batch) h.deliver(m);
      if (h.node(3).hasReady()) {
        const rd = h.node(3).ready();
        installed = rd.snapshot?.data ?? null;
        h.storages.get(3)!.write(rd);
        for (const m of rd.messages) h.queue.push(m);
        h.node(3).advance(rd);
      }
      h.processReady();
    }
    expect(new TextDecoder().decode(installed!)).to.equal('state-after-5');
    h.stabilize();
    h.tickAll(2);
    expect(h.node(3).log.snapshot.index).to.equal(5);
    expect(h.logText(3)).to.equal(h.logText(1));
    expect(h.appliedText(3)).to.deep.equal(['e']);
  });

  it('refuses to compact beyond what was applied', () => {
    const h = electedCluster();
    h.propose(1, 'a');
    expect(() => h.node(1).compact(2, bytes('x'))).to.throw('compact to 2 beyond applied 1');
  });

  it('a restarted node keeps its term, vote and log, and re-applies what was committed', () => {
    const h = electedCluster();
    for (const s of ['a', 'b']) h.propose(1, s);
    h.stabilize();
    h.tickAll(1);
    h.crash(2);
    h.restart(2);
    const n = h.node(2);
    expect(n.term).to.equal(1);
    expect(n.votedFor).to.equal(1);
    expect(n.log.lastIndex()).to.equal(3);
    h.processReady();
    expect(h.appliedText(2)).to.deep.equal(['a', 'b']);
  });

  it('a single-node quorum elects itself and commits once the host persisted', () => {
    const n = new RaftNode(raftConfig({ id: 1, voters: [1], random: () => 0 }));
    n.campaign();
    expect(n.role).to.equal('leader');
    n.propose(bytes('a'));
    const rd = n.ready();
    expect(rd.entries.map((e) => e.index)).to.deep.equal([1, 2]);
    expect(rd.committedEntries).to.deep.equal([]); // nothing is committed before it is durable
    n.advance(rd);
    expect(n.commit).to.equal(2);
    expect(n.ready().committedEntries.map((e) => e.index)).to.deep.equal([1, 2]);
  });

  it('ignores messages from nodes outside the voter set', () => {
    const n = new RaftNode(raftConfig({ id: 1, voters: [1, 2, 3], random: () => 0 }));
    n.step({ type: 'vote', from: 9, to: 1, term: 5, pre: false, lastLogIndex: 9, lastLogTerm: 9 });
    expect(n.term).to.equal(0);
    expect(n.hasReady()).to.equal(false);
  });
});
