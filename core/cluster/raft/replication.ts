/**
 * Leader side of log replication: sending appends and snapshots, and reacting to answers with
 * fast conflict back-off. Functions over a RaftNode so raft-node.ts stays about inputs and outputs.
 */
import type { RaftNode } from './raft-node.js';
import type { AppendResponse, HeartbeatResponse, NodeId } from './types.js';

/** Sends every follower what it lacks; with `allowEmpty`, also an empty append carrying the commit. */
export function broadcastAppend(node: RaftNode, allowEmpty: boolean): void {
  for (const peer of node.progress.keys()) sendAppend(node, peer, allowEmpty);
}

/**
 * Sends one append (or the snapshot, when the entries it needs were compacted away) to `peer`
 * unless its progress is paused. Returns true if something was sent.
 */
export function sendAppend(node: RaftNode, peer: NodeId, allowEmpty: boolean): boolean {
  const pr = node.progress.get(peer)!;
  if (pr.isPaused()) return false;
  const prevLogIndex = pr.next - 1;
  const prevLogTerm = node.log.term(prevLogIndex);
  if (prevLogTerm === undefined) {
    const snapshot = node.log.snapshot;
    node.send({ type: 'snapshot', from: node.id, to: peer, term: node.term, snapshot });
    pr.becomeSnapshot(snapshot.index);
    return true;
  }
  const entries = node.log.slice(pr.next, pr.next + node.config.appendEntriesMax);
  if (entries.length === 0 && pr.state === 'replicate' && !allowEmpty) return false;
  node.send({ type: 'append', from: node.id, to: peer, term: node.term, prevLogIndex, prevLogTerm, entries, commit: node.commit });
  pr.sent(prevLogIndex + entries.length);
  return true;
}

/** Sends appends to `peer` until its progress pauses or it has everything. */
function sendAll(node: RaftNode, peer: NodeId): void {
  const pr = node.progress.get(peer)!;
  while (pr.next <= node.log.lastIndex() || pr.state === 'probe') {
    if (!sendAppend(node, peer, false)) return;
    if (pr.state !== 'replicate') return;
  }
}

/** A follower's answer: advance its progress and the commit, or back off to the conflict. */
export function handleAppendResponse(node: RaftNode, m: AppendResponse): void {
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.recentActive = true;
  if (m.success) {
    const wasSnapshot = pr.state === 'snapshot';
    if (!pr.acknowledge(m.index) && !wasSnapshot) return;
    if (pr.state === 'probe' || (wasSnapshot && pr.match >= pr.pendingSnapshot)) pr.becomeReplicate();
    node.maybeCommit();
    sendAll(node, m.from);
    return;
  }
  if (m.index === 0 && m.conflictIndex === 0) return; // a lower-term answer: handled by the term check
  // Drop rejections of appends we no longer care about (duplicates, reordering).
  if (pr.state === 'replicate' ? m.index <= pr.match : m.index !== pr.next - 1) return;
  let next = m.conflictIndex;
  if (m.conflictTerm > 0) {
    const last = node.log.lastIndexOfTerm(m.conflictTerm, m.index);
    if (last > 0) next = last + 1;
  }
  pr.becomeProbe();
  pr.next = Math.max(pr.match + 1, Math.min(next, m.index));
  sendAppend(node, m.from, false);
}

/** A follower is alive: resume probing, retry a lost snapshot, send what it lacks. */
export function handleHeartbeatResponse(node: RaftNode, m: HeartbeatResponse): void {
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.recentActive = true;
  pr.probeSent = false;
  pr.freeOneInflight();
  if (pr.state === 'snapshot') {
    // The snapshot (or its answer) may have been lost: after an election timeout, probe again,
    // which sends the snapshot anew if the follower still lacks it.
    if (++pr.snapshotWaitBeats < node.config.electionTicks) return;
    pr.becomeProbe();
  }
  // Empty if need be: a lost acknowledgement would otherwise leave match (and the commit
  // this follower learns through heartbeats) behind forever.
  if (pr.match < node.log.lastIndex()) sendAppend(node, m.from, true);
}
