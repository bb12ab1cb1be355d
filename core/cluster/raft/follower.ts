/**
 * Follower side of replication: accepting (or rejecting, with a conflict hint) appends,
 * heartbeats and snapshots from the leader of the current term. Functions over a RaftNode so
 * raft-node.ts stays about inputs and outputs.
 */
import type { RaftNode } from './raft-node.js';
import type { AppendRequest, HeartbeatRequest, SnapshotRequest } from './types.js';

/** AppendEntries: append if the previous entry matches, else reject with a conflict hint. */
export function handleAppend(node: RaftNode, m: AppendRequest): void {
  node.followLeader(m.from);
  const reply = (success: boolean, index: number, conflictIndex = 0, conflictTerm = 0): void =>
    node.send({ type: 'append-response', from: node.id, to: m.from, term: node.term, success, index, conflictIndex, conflictTerm });
  if (m.prevLogIndex < node.commit) {
    reply(true, node.commit); // everything up to commit matches the leader already
    return;
  }
  const changedFrom = node.log.maybeAppend(m.prevLogIndex, m.prevLogTerm, m.entries, node.commit);
  if (changedFrom === null) {
    const last = node.log.lastIndex();
    if (m.prevLogIndex > last) {
      reply(false, m.prevLogIndex, last + 1, 0);
    } else {
      // Hint: our term at prevLogIndex and where it starts, so the leader skips the whole term.
      const term = node.log.term(m.prevLogIndex)!;
      reply(false, m.prevLogIndex, Math.max(node.log.firstIndexOfTerm(term, m.prevLogIndex), node.commit + 1), term);
    }
    return;
  }
  if (changedFrom !== Infinity) node.forgetFrom(changedFrom);
  const lastNew = m.prevLogIndex + m.entries.length;
  node.commitTo(Math.min(m.commit, lastNew));
  reply(true, lastNew);
}

/** The leader sends min(our match, its commit), so this never commits past what we hold. */
export function handleHeartbeat(node: RaftNode, m: HeartbeatRequest): void {
  node.followLeader(m.from);
  node.commitTo(Math.min(m.commit, node.log.lastIndex()));
  node.send({ type: 'heartbeat-response', from: node.id, to: m.from, term: node.term });
}

/** InstallSnapshot: install unless our log already covers it. */
export function handleSnapshot(node: RaftNode, m: SnapshotRequest): void {
  node.followLeader(m.from);
  const s = m.snapshot;
  const reply = (index: number): void =>
    node.send({ type: 'append-response', from: node.id, to: m.from, term: node.term, success: true, index, conflictIndex: 0, conflictTerm: 0 });
  if (s.index <= node.commit) {
    reply(node.commit);
  } else if (node.log.matchTerm(s.index, s.term)) {
    node.commitTo(s.index); // we hold the entries already: just fast-forward the commit
    reply(node.commit);
  } else {
    node.installSnapshot(s);
    reply(s.index);
  }
}
