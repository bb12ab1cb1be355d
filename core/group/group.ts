/**
 * One classic group's state: membership, generation, chosen protocol, rebalance deadlines and
 * committed offsets. This module keeps the bookkeeping consistent (leader, static-member map,
 * protocol support counts, legal state transitions); the rules for when to rebalance live in
 * rebalance.ts and the request modules. It never answers requests itself.
 */
import { assert } from '../errors.js';
import type { JoinGroupRequestProtocol, JoinGroupResponseMember } from '../protocol/generated/join-group.js';
import { CONSUMER_PROTOCOL_TYPE, decodeSubscription } from './consumer-protocol.js';
import { Member } from './member.js';
import type { OffsetCommitValue } from './offsets-topic-codec.js';

/** Kafka's classic group states, spelled as DescribeGroups and ListGroups report them. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** All states, in the order Kafka lists them. */
export const GROUP_STATES: readonly GroupState[] = ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty'];

const validPreviousStates: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

/** A classic consumer group (or any group using the classic protocol). */
export class Group {
  state: GroupState = 'Empty';
  /** When the group entered its current state; bases offset expiry of an emptied group. */
  currentStateTimestampMs: number;
  generationId = 0;
  /** Set by the first member; null for groups that only store offsets. */
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, with the deadline to rejoin with them. */
  readonly pendingMembers = new Map<string, number>();
  /** Members that got this generation's JoinGroup answer and have not sent SyncGroup yet. */
  readonly pendingSyncMembers = new Set<string>();
  syncDeadlineMs: number | null = null;
  /** While PreparingRebalance: when the join phase ends even if members are missing. */
  joinDeadlineMs: number | null = null;
  /** Non-null while in the initial delay of a join into an empty group: rebalance time left to extend by. */
  initialDelayRemainingMs: number | null = null;
  /** A new member joined during the current initial delay, so the delay is extended once more. */
  newMemberAdded = false;
  /** Topics the members subscribe to (consumer protocol only); null when unknown. */
  subscribedTopics: Set<string> | null = null;
  /** True once a group metadata record was written or loaded, so removal needs a tombstone. */
  persisted = false;
  /** Committed offsets: topic → partition → offset. Empty inner maps are removed. */
  readonly offsets = new Map<string, Map<number, OffsetCommitValue>>();
  private readonly staticMembers = new Map<string, string>();
  private readonly supportedProtocols = new Map<string, number>();

  constructor(
    readonly groupId: string,
    nowMs: number,
  ) {
    this.currentStateTimestampMs = nowMs;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState, nowMs: number): void {
    assert(validPreviousStates[state].includes(this.state), `group ${this.groupId}: ${this.state} → ${state} is not a legal transition`);
    this.state = state;
    this.currentStateTimestampMs = nowMs;
  }

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): Member {
    const member = this.members.get(memberId);
    assert(member !== undefined, `group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /** Members waiting in a JoinGroup plus member ids handed out and not used yet. */
  numAwaiting(): number {
    let n = this.pendingMembers.size;
    for (const m of this.members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  /**
   * Whether a member with these protocols may join (or rejoin: `existing`). An empty group takes
   * any non-empty protocol type and list; otherwise the type must match and at least one
   * protocol must be supported by every other member.
   */
  supportsProtocols(protocolType: string, protocolNames: readonly string[], existing?: Member): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocolNames.length > 0;
    if (this.protocolType !== protocolType) return false;
    // Unlike Kafka, a rejoining member's own old protocols do not count, so a member may change
    // protocols when the others support the new one (a group of one may always change).
    const others = existing !== undefined && this.has(existing.memberId) ? this.size - 1 : this.size;
    return protocolNames.some((name) => {
      const own = existing?.protocols.some((p) => p.name === name) ? 1 : 0;
      return (this.supportedProtocols.get(name) ?? 0) - own === others;
    });
  }

  add(member: Member): void {
    assert(!this.has(member.memberId), `group ${this.groupId} already has member ${member.memberId}`);
    if (this.size === 0) this.protocolType = member.protocolType;
    assert(this.protocolType === member.protocolType, `group ${this.groupId}: member ${member.memberId} has another protocol type`);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    this.countProtocols(member.protocols, 1);
    this.pendingMembers.delete(member.memberId);
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member !== undefined) {
      this.members.delete(memberId);
      this.countProtocols(member.protocols, -1);
      if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
        this.staticMembers.delete(member.groupInstanceId);
      }
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
  }

  updateMember(member: Member, protocols: JoinGroupRequestProtocol[], rebalanceTimeoutMs: number, sessionTimeoutMs: number): void {
    this.countProtocols(member.protocols, -1);
    member.protocols = protocols;
    this.countProtocols(protocols, 1);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
  }

  /** Gives a static member's entry a new member id (the instance restarted); returns it. */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): Member {
    const member = this.get(oldMemberId);
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    this.staticMembers.set(groupInstanceId, newMemberId);
    return member;
  }

  private countProtocols(protocols: readonly JoinGroupRequestProtocol[], delta: number): void {
    for (const p of protocols) {
      const n = (this.supportedProtocols.get(p.name) ?? 0) + delta;
      if (n === 0) this.supportedProtocols.delete(p.name);
      else this.supportedProtocols.set(p.name, n);
    }
  }

  /** The protocol every member supports that most members prefer; ties go to the earliest voted. */
  selectProtocol(): string {
    assert(this.size > 0, `group ${this.groupId}: cannot select a protocol without members`);
    const candidates = new Set<string>();
    for (const [name, n] of this.supportedProtocols) if (n === this.size) candidates.add(name);
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestVotes = 0;
    for (const [name, n] of votes) {
      if (n > bestVotes) [best, bestVotes] = [name, n];
    }
    assert(best !== null, `group ${this.groupId}: no protocol won a vote`);
    return best;
  }

  /** The longest rebalance timeout of the members: how long a rebalance waits for them. */
  rebalanceTimeoutMs(): number {
    let timeoutMs = 0;
    for (const m of this.members.values()) timeoutMs = Math.max(timeoutMs, m.rebalanceTimeoutMs);
    return timeoutMs;
  }

  hasAllMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.isAwaitingJoin) return false;
    return true;
  }

  notYetRejoinedMembers(): Member[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  /** If the leader has not rejoined, makes a member that has the leader; false if none has. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.get(this.leaderId).isAwaitingJoin) return true;
    for (const m of this.members.values()) {
      if (m.isAwaitingJoin) {
        this.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  /** Ends the join phase: next generation, protocol chosen, CompletingRebalance (or Empty). */
  initNextGeneration(nowMs: number): void {
    this.generationId++;
    this.protocolName = this.size > 0 ? this.selectProtocol() : null;
    this.subscribedTopics = this.computeSubscribedTopics();
    this.pendingSyncMembers.clear();
    this.syncDeadlineMs = null;
    this.transitionTo(this.size > 0 ? 'CompletingRebalance' : 'Empty', nowMs);
  }

  /** Each member's metadata for the chosen protocol: what the leader assigns from. */
  currentMemberMetadata(): JoinGroupResponseMember[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata(this.protocolName),
    }));
  }

  computeSubscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE || this.protocolName === null) return this.size === 0 ? new Set() : null;
    const topics = new Set<string>();
    for (const m of this.members.values()) {
      try {
        for (const t of decodeSubscription(m.metadata(this.protocolName)).topics) topics.add(t);
      } catch {
        return null; // a member's metadata we cannot read: treat every topic as possibly subscribed
      }
    }
    return topics;
  }

  /** Conservative: true when the subscriptions are unknown. */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  offset(topic: string, partition: number): OffsetCommitValue | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, value: OffsetCommitValue): void {
    let partitions = this.offsets.get(topic);
    if (partitions === undefined) this.offsets.set(topic, (partitions = new Map()));
    partitions.set(partition, value);
  }

  removeOffset(topic: string, partition: number): boolean {
    const partitions = this.offsets.get(topic);
    if (partitions === undefined || !partitions.delete(partition)) return false;
    if (partitions.size === 0) this.offsets.delete(topic);
    return true;
  }

  hasOffsets(): boolean {
    return this.offsets.size > 0;
  }
}
