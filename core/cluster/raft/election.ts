/**
 * Leader election: campaigns (with an optional pre-vote round) and vote handling.
 * Functions over a RaftNode so raft-node.ts stays about inputs and outputs.
 */
import { quorumSize } from './config.js';
import type { RaftNode } from './raft-node.js';
import { NO_NODE, type VoteRequest, type VoteResponse } from './types.js';

/**
 * Starts a campaign. With `pre`, the node first asks whether it *would* win in term + 1 without
 * bumping its own term, so a node that cannot win (partitioned, or behind) never forces the
 * cluster into a new term.
 */
export function startElection(node: RaftNode, pre: boolean): void {
  if (pre) {
    node.role = 'pre-candidate';
    node.leaderId = NO_NODE;
    node.leaderStartIndex = 0;
    node.progress.clear();
  } else {
    node.becomeFollower(node.term + 1, NO_NODE);
    node.role = 'candidate';
    node.votedFor = node.id;
  }
  node.resetElectionTimer();
  node.votes.clear();
  node.votes.set(node.id, true);
  if (tally(node) === 'won') return win(node, pre);
  const term = pre ? node.term + 1 : node.term;
  for (const peer of node.config.voters) {
    if (peer === node.id) continue;
    node.send({
      type: 'vote',
      from: node.id,
      to: peer,
      term,
      pre,
      lastLogIndex: node.log.lastIndex(),
      lastLogTerm: node.log.lastTerm(),
    });
  }
}

/** Grants a (pre-)vote when we have not voted for someone else and the candidate's log is up to date. */
export function handleVoteRequest(node: RaftNode, m: VoteRequest): void {
  const canVote =
    node.votedFor === m.from ||
    (node.votedFor === NO_NODE && node.leaderId === NO_NODE) ||
    (m.pre && m.term > node.term);
  const granted = canVote && node.log.isUpToDate(m.lastLogIndex, m.lastLogTerm);
  if (granted && !m.pre) {
    node.votedFor = m.from;
    node.electionElapsed = 0;
  }
  // A granted pre-vote answers in the term asked about, so the pre-candidate does not drop it as stale.
  const term = granted && m.pre ? m.term : node.term;
  node.send({ type: 'vote-response', from: node.id, to: m.from, term, pre: m.pre, granted });
}

/** Counts a (pre-)vote; a quorum wins (pre-vote: campaigns for real), a quorum of refusals loses. */
export function handleVoteResponse(node: RaftNode, m: VoteResponse): void {
  const expected = m.pre ? 'pre-candidate' : 'candidate';
  if (node.role !== expected) return;
  node.votes.set(m.from, m.granted);
  const result = tally(node);
  if (result === 'won') win(node, m.pre);
  else if (result === 'lost') node.becomeFollower(node.term, NO_NODE);
}

function win(node: RaftNode, pre: boolean): void {
  if (pre) startElection(node, false);
  else node.becomeLeader();
}

function tally(node: RaftNode): 'won' | 'lost' | 'pending' {
  const needed = quorumSize(node.config.voters.length);
  let granted = 0;
  let rejected = 0;
  for (const g of node.votes.values()) g ? granted++ : rejected++;
  if (granted >= needed) return 'won';
  if (rejected > node.config.voters.length - needed) return 'lost';
  return 'pending';
}
