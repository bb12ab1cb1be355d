/**
 * Raft as a pure state machine (in the manner of etcd-io/raft). Inputs: `tick()`, `step(message)`,
 * `propose(data)`, and the host's acknowledgements `persisted()` / `applied()` (or `advance()`).
 * Output: `ready()`, which the host must carry out in the order documented on `Ready`.
 * No I/O, no timers, no clock: time is ticks, randomness is `config.random`.
 */
import { FjordError, assert } from '../../errors.js';
import { type RaftConfig, quorumSize } from './config.js';
import { RaftLog } from './raft-log.js';
import { Progress } from './progress.js';
import { startElection, handleVoteRequest, handleVoteResponse } from './election.js';
import { broadcastAppend, sendAppend, handleAppendResponse, handleHeartbeatResponse } from './replication.js';
import { handleAppend, handleHeartbeat, handleSnapshot } from './follower.js';
import {
  EMPTY_SNAPSHOT,
  NO_NODE,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type RaftRole,
  type Ready,
  type Snapshot,
} from './types.js';

/** What a node restarts from: everything its storage holds. */
export interface RaftRestoreState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot;
  readonly entries: readonly Entry[];
}

/** What outside code may read about a node (the simulator's checkers, tests, the controller). */
export interface RaftStatus {
  readonly id: NodeId;
  readonly role: RaftRole;
  readonly term: number;
  readonly votedFor: NodeId;
  readonly leaderId: NodeId;
  readonly commit: number;
  readonly applied: number;
  readonly lastIndex: number;
  readonly snapshotIndex: number;
}

const EMPTY = new Uint8Array(0);

/** One Raft participant as a pure state machine (see the file comment and core/cluster/README.md). */
export class RaftNode {
  readonly id: NodeId;
  readonly config: RaftConfig;
  readonly log: RaftLog;
  role: RaftRole = 'follower';
  term = 0;
  votedFor: NodeId = NO_NODE;
  leaderId: NodeId = NO_NODE;
  commit = 0;
  /** Highest index the host confirmed durable. */
  stableIndex: number;
  /** Highest index the host confirmed applied to its state machine. */
  appliedIndex: number;
  /** Index of the no-op this node appended when it became leader (0 if not leader). */
  leaderStartIndex = 0;
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTicks = 0;
  /** Votes received in the current (pre-)campaign: id → granted. */
  readonly votes = new Map<NodeId, boolean>();
  /** Leader only: one per other voter. */
  readonly progress = new Map<NodeId, Progress>();
  /** Messages waiting for the next Ready. */
  msgs: Message[] = [];
  /** Entries after this index have not been handed to the host yet. */
  private emittedIndex: number;
  /** Committed entries up to this index have been handed to the host. */
  private appliedEmitted: number;
  private emittedHardState: HardState;
  private unemittedSnapshot: Snapshot | null = null;

  constructor(config: RaftConfig, restore?: RaftRestoreState) {
    this.id = config.id;
    this.config = config;
    const hs = restore?.hardState ?? { term: 0, votedFor: NO_NODE, commit: 0 };
    const snapshot = restore?.snapshot ?? EMPTY_SNAPSHOT;
    this.log = new RaftLog(snapshot, restore?.entries ?? []);
    this.term = hs.term;
    this.votedFor = hs.votedFor;
    this.commit = Math.min(Math.max(hs.commit, snapshot.index), this.log.lastIndex());
    this.stableIndex = this.log.lastIndex();
    this.emittedIndex = this.log.lastIndex();
    this.appliedIndex = snapshot.index;
    this.appliedEmitted = snapshot.index;
    this.emittedHardState = hs;
    this.resetElectionTimer();
  }

  // ---- inputs -------------------------------------------------------------------------------

  /** One unit of logical time. */
  tick(): void {
    if (this.role === 'leader') {
      this.tickLeader();
      return;
    }
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTicks) {
      this.electionElapsed = 0;
      startElection(this, this.config.preVote);
    }
  }

  private tickLeader(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.config.electionTicks) {
      this.electionElapsed = 0;
      if (this.config.checkQuorum && !this.quorumActive()) {
        this.becomeFollower(this.term, NO_NODE);
        return;
      }
      for (const pr of this.progress.values()) pr.recentActive = false;
    }
    if (this.heartbeatElapsed >= this.config.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      for (const pr of this.progress.values()) {
        this.send({ type: 'heartbeat', from: this.id, to: pr.id, term: this.term, commit: Math.min(pr.match, this.commit) });
      }
    }
  }

  /** Campaigns now instead of waiting for the election timeout (etcd's MsgHup). */
  campaign(): void {
    if (this.role === 'leader') return;
    this.electionElapsed = 0;
    startElection(this, this.config.preVote);
  }

  /**
   * Appends `data` to the log if this node is the leader; returns its index, or null when this
   * node is not the leader (the caller should retry at the leader). Throws a retriable
   * THROTTLING_QUOTA_EXCEEDED while `uncommittedEntriesMax` entries wait for commit.
   */
  propose(data: Uint8Array): number | null {
    if (this.role !== 'leader') return null;
    const waiting = this.log.lastIndex() - this.commit;
    if (waiting >= this.config.uncommittedEntriesMax) {
      throw new FjordError(
        'THROTTLING_QUOTA_EXCEEDED',
        `raft node ${this.id}: ${waiting} entries already wait for commit (uncommittedEntriesMax ${this.config.uncommittedEntriesMax}); retry later`,
        { retriable: true },
      );
    }
    const index = this.log.lastIndex() + 1;
    this.log.appendOwn({ index, term: this.term, data });
    broadcastAppend(this, false); // the leader counts itself once the host says it is persisted
    return index;
  }

  /** A message from a peer. */
  step(m: Message): void {
    assert(m.to === this.id, `message for ${m.to} stepped into node ${this.id}`);
    if (!this.config.voters.includes(m.from)) return; // not part of this quorum
    if (m.term > this.term) {
      if (!this.acceptHigherTerm(m)) return;
    } else if (m.term < this.term) {
      this.answerLowerTerm(m);
      return;
    }
    switch (m.type) {
      case 'vote':
        return handleVoteRequest(this, m);
      case 'vote-response':
        return handleVoteResponse(this, m);
      case 'append':
        return handleAppend(this, m);
      case 'heartbeat':
        return handleHeartbeat(this, m);
      case 'snapshot':
        return handleSnapshot(this, m);
      case 'append-response':
        if (this.role === 'leader') handleAppendResponse(this, m);
        return;
      case 'heartbeat-response':
        if (this.role === 'leader') handleHeartbeatResponse(this, m);
        return;
    }
  }

  /** Returns false when the message must be dropped without touching the term. */
  private acceptHigherTerm(m: Message): boolean {
    if (m.type === 'vote') {
      // Leader lease: a node that heard from a live leader within the election timeout ignores
      // campaigns, so a partitioned node rejoining cannot depose a healthy leader.
      const inLease = this.config.checkQuorum && this.leaderId !== NO_NODE && this.electionElapsed < this.config.electionTicks;
      if (inLease) return false;
      if (m.pre) return true; // a pre-vote never changes our term
    }
    if (m.type === 'vote-response' && m.pre && m.granted) return true;
    const leader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot' ? m.from : NO_NODE;
    this.becomeFollower(m.term, leader);
    return true;
  }

  private answerLowerTerm(m: Message): void {
    if ((m.type === 'append' || m.type === 'heartbeat') && (this.config.checkQuorum || this.config.preVote)) {
      // A stale leader (e.g. just healed from a partition) learns our term and steps down;
      // without this, pre-vote could leave it and us stuck in different terms.
      this.send({ type: 'append-response', from: this.id, to: m.from, term: this.term, success: false, index: 0, conflictIndex: 0, conflictTerm: 0 });
    } else if (m.type === 'vote' && m.pre) {
      this.send({ type: 'vote-response', from: this.id, to: m.from, term: this.term, pre: true, granted: false });
    }
  }

  /** A message from the leader of our term: follow it (two leaders in one term is a bug). */
  followLeader(leader: NodeId): void {
    assert(this.role !== 'leader', `two leaders in term ${this.term}: ${this.id} and ${leader}`);
    if (this.role !== 'follower' || this.leaderId !== leader) this.becomeFollower(this.term, leader);
    this.electionElapsed = 0;
  }

  /** Replaces the log with a snapshot from the leader; the next Ready hands it to the host. */
  installSnapshot(s: Snapshot): void {
    this.log.restore(s);
    this.commit = s.index;
    this.unemittedSnapshot = s;
    this.emittedIndex = s.index;
    this.appliedEmitted = s.index;
    this.stableIndex = 0; // nothing counts as durable until the host acknowledges the snapshot
  }

  /** The host made entries up to (index, term) durable. A stale acknowledgement is ignored. */
  persisted(index: number, term: number): void {
    if (index <= this.stableIndex || !this.log.matchTerm(index, term)) return;
    this.stableIndex = index;
    if (this.role === 'leader') this.maybeCommit();
  }

  /** The host applied committed entries (or a snapshot) up to `index`. */
  applied(index: number): void {
    assert(index <= this.commit, `applied ${index} beyond commit ${this.commit}`);
    this.appliedIndex = Math.max(this.appliedIndex, index);
  }

  /** Acknowledges everything in a Ready the host has carried out. */
  advance(ready: Ready): void {
    const last = ready.entries.at(-1) ?? ready.snapshot;
    if (last !== null && last !== undefined) this.persisted(last.index, last.term);
    if (ready.snapshot !== null) this.applied(ready.snapshot.index);
    const lastApplied = ready.committedEntries.at(-1);
    if (lastApplied !== undefined) this.applied(lastApplied.index);
  }

  /**
   * Log compaction: the host took a snapshot of its state machine at `index` (≤ applied).
   * Entries up to it are dropped; followers that need them get the snapshot instead.
   * The host persists the snapshot itself before calling this.
   */
  compact(index: number, data: Uint8Array): Snapshot {
    assert(index <= this.appliedIndex, `compact to ${index} beyond applied ${this.appliedIndex}`);
    const snapshot: Snapshot = { index, term: this.log.term(index)!, data };
    this.log.compact(snapshot);
    return snapshot;
  }

  // ---- output -------------------------------------------------------------------------------

  /** True when `ready()` would return something to do. */
  hasReady(): boolean {
    return (
      this.msgs.length > 0 ||
      this.log.lastIndex() > this.emittedIndex ||
      this.unemittedSnapshot !== null ||
      this.commit > this.appliedEmitted ||
      !sameHardState(this.hardState(), this.emittedHardState)
    );
  }

  /** Takes everything to do since the last Ready. Carry it out in the order documented on Ready. */
  ready(): Ready {
    const hs = this.hardState();
    const hardState = sameHardState(hs, this.emittedHardState) ? null : hs;
    const entries = this.log.slice(this.emittedIndex + 1, this.log.lastIndex() + 1);
    const committedEntries = this.log.slice(this.appliedEmitted + 1, this.commit + 1);
    const ready: Ready = { hardState, entries, snapshot: this.unemittedSnapshot, messages: this.msgs, committedEntries };
    this.msgs = [];
    this.emittedIndex = this.log.lastIndex();
    this.appliedEmitted = this.commit;
    this.emittedHardState = hs;
    this.unemittedSnapshot = null;
    return ready;
  }

  hardState(): HardState {
    return { term: this.term, votedFor: this.votedFor, commit: this.commit };
  }

  status(): RaftStatus {
    return {
      id: this.id,
      role: this.role,
      term: this.term,
      votedFor: this.votedFor,
      leaderId: this.leaderId,
      commit: this.commit,
      applied: this.appliedIndex,
      lastIndex: this.log.lastIndex(),
      snapshotIndex: this.log.snapshot.index,
    };
  }

  // ---- role changes (used by election.ts and replication.ts) --------------------------------

  send(m: Message): void {
    this.msgs.push(m);
  }

  becomeFollower(term: number, leader: NodeId): void {
    if (term !== this.term) {
      assert(term > this.term, `term must not go back from ${this.term} to ${term}`);
      this.term = term;
      this.votedFor = NO_NODE;
    }
    this.role = 'follower';
    this.leaderId = leader;
    this.leaderStartIndex = 0;
    this.progress.clear();
    this.votes.clear();
    this.electionElapsed = 0;
    this.resetElectionTimer();
  }

  becomeLeader(): void {
    assert(this.role === 'candidate', `only a candidate becomes leader (node ${this.id} is ${this.role})`);
    this.role = 'leader';
    this.leaderId = this.id;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.votes.clear();
    const next = this.log.lastIndex() + 1;
    for (const peer of this.config.voters) {
      if (peer !== this.id) this.progress.set(peer, new Progress(peer, next, this.config.inflightAppendsMax));
    }
    // A no-op in the new term: entries of older terms commit only when it does (§5.4.2).
    this.leaderStartIndex = next;
    this.log.appendOwn({ index: next, term: this.term, data: EMPTY });
    broadcastAppend(this, false);
  }

  resetElectionTimer(): void {
    const base = this.config.electionTicks;
    this.randomizedElectionTicks = base + Math.floor(this.config.random() * base);
  }

  /** Advances the commit index to the quorum's match index, if that entry is of this term. */
  maybeCommit(): void {
    const matches = [this.stableIndex, ...[...this.progress.values()].map((p) => p.match)].sort((a, b) => b - a);
    const candidate = matches[quorumSize(this.config.voters.length) - 1]!;
    if (candidate > this.commit && this.mayCommit(candidate)) {
      this.commit = candidate;
      broadcastAppend(this, true);
    }
  }

  /**
   * Raft's commitment rule (§5.4.2): a leader counts replicas only for entries of its own term.
   * Overridable so tests can prove the simulator catches a Raft that breaks it.
   */
  protected mayCommit(index: number): boolean {
    return this.log.term(index) === this.term;
  }

  commitTo(index: number): void {
    if (index > this.commit) {
      assert(index <= this.log.lastIndex(), `commit ${index} beyond last index ${this.log.lastIndex()}`);
      this.commit = index;
    }
  }

  /** The log changed from `index` on: those entries must be handed to the host (and synced) again. */
  forgetFrom(index: number): void {
    this.emittedIndex = Math.min(this.emittedIndex, index - 1);
    this.stableIndex = Math.min(this.stableIndex, index - 1);
  }

  private quorumActive(): boolean {
    let active = 1; // self
    for (const pr of this.progress.values()) if (pr.recentActive) active++;
    return active >= quorumSize(this.config.voters.length);
  }

  /** Leader: makes sure a follower gets what it lacks (used after responses). */
  replicateTo(peer: NodeId): void {
    sendAppend(this, peer, false);
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.votedFor === b.votedFor && a.commit === b.commit;
}
