/**
 * Kafka's classic group coordinator as a pure state machine: requests and tick() go in,
 * answers and `__consumer_offsets` records come out. No timers and no I/O: time is read from the
 * Clock passed in, and tick() fires whatever deadlines have passed (nextDeadlineMs() says when).
 *
 * Order of effects for one call: state changes first; then records are queued (returned by the
 * calls that return records, or taken with drainRecords()); answers to parked requests are
 * delivered last, when the call is about to return. A driver appends the records to
 * `__consumer_offsets` before it sends any answer on the wire, as Kafka does.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../io/clock.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/generated/delete-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/generated/describe-groups.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../protocol/generated/heartbeat.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/generated/leave-group.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../protocol/generated/list-groups.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/generated/offset-commit.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../protocol/generated/offset-delete.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/generated/offset-fetch.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../protocol/generated/sync-group.js';
import { Effects } from './effects.js';
import { type CoordinatorContext, type GroupCoordinatorConfig, type RequestContext, resolveConfig } from './group-config.js';
import { handleDeleteGroups, handleDescribeGroups, handleListGroups } from './group-admin.js';
import { applyOffsetsTopicRecord, groupTombstone } from './group-records.js';
import type { Group, GroupState } from './group.js';
import { handleJoinGroup } from './join-group.js';
import { handleHeartbeat, handleLeaveGroup, handleSyncGroup } from './member-requests.js';
import { expireOffsets, handleCommitOffsets, handleDeleteOffsets, handleFetchOffsets } from './offset-requests.js';
import type { OffsetCommitValue, OffsetsTopicRecord } from './offsets-topic-codec.js';

interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly value: OffsetCommitValue | undefined;
}
import { completeJoin, joinError, nextGroupDeadlineMs, removeMemberAndUpdateGroup, runDueTimers } from './rebalance.js';
import { errorCode } from '../protocol/error-codes.js';

export { defaultGroupCoordinatorConfig } from './group-config.js';
export type { GroupCoordinatorConfig, RequestContext } from './group-config.js';
export type { OffsetsTopicRecord } from './offsets-topic-codec.js';
export type { GroupState } from './group.js';

/** The classic group coordinator of one broker (for the groups whose offsets partitions it leads). */
export class GroupCoordinator {
  private readonly ctx: CoordinatorContext;
  private readonly effects = new Effects();
  private nextOffsetsCheckMs: number;

  /**
   * @param newMemberId makes member ids; the default is Kafka's `${clientId}-${uuid}`. Tests
   *   pass a deterministic one.
   */
  constructor(
    config: GroupCoordinatorConfig,
    private readonly clock: Clock,
    newMemberId: (clientId: string) => string = (clientId) => `${clientId}-${randomUUID()}`,
  ) {
    const resolved = resolveConfig(config);
    this.ctx = { config: resolved, nowMs: () => clock.nowMs(), newMemberId, groups: new Map(), effects: this.effects };
    this.nextOffsetsCheckMs = clock.nowMs() + resolved.offsetsRetentionCheckIntervalMs;
  }

  /** JoinGroup; `respond` is called once: now, or when the rebalance completes. */
  joinGroup(req: JoinGroupRequest, ctx: RequestContext, respond: (res: JoinGroupResponse) => void): void {
    this.run([req.groupId], () => handleJoinGroup(this.ctx, req, ctx, respond));
  }

  /** SyncGroup; `respond` is called once: now, or (followers) when the leader's assignment arrives. */
  syncGroup(req: SyncGroupRequest, ctx: RequestContext, respond: (res: SyncGroupResponse) => void): void {
    this.run([req.groupId], () => handleSyncGroup(this.ctx, req, ctx, respond));
  }

  /** Heartbeat. */
  heartbeat(req: HeartbeatRequest, _ctx: RequestContext): HeartbeatResponse {
    return this.run([req.groupId], () => handleHeartbeat(this.ctx, req));
  }

  /** LeaveGroup: v0-2 one member id, v3+ a list (static members also by group instance id). */
  leaveGroup(req: LeaveGroupRequest, ctx: RequestContext): LeaveGroupResponse {
    return this.run([req.groupId], () => handleLeaveGroup(this.ctx, req, ctx));
  }

  /**
   * OffsetCommit. `records` (this group's, including any queued earlier) go to
   * `__consumer_offsets` before the response is sent.
   */
  commitOffsets(req: OffsetCommitRequest, ctx: RequestContext): { response: OffsetCommitResponse; records: OffsetsTopicRecord[]; rollback: () => void } {
    const before = this.committedOf(req);
    const response = this.run([req.groupId], () => handleCommitOffsets(this.ctx, req, ctx));
    const after = this.committedOf(req);
    return { response, records: this.effects.drainRecords(new Set([req.groupId])), rollback: () => this.rollbackCommit(req.groupId, before, after) };
  }

  /** The offsets a commit request names, as the group holds them now (value undefined: none). */
  private committedOf(req: OffsetCommitRequest): CommittedOffset[] {
    const group = this.ctx.groups.get(req.groupId);
    return req.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, value: group?.offset(t.name, p.partitionIndex) })));
  }

  /**
   * Undoes a commit whose records could not be written (Kafka keeps a commit pending until its
   * append succeeds and drops it on failure): each offset it set goes back to what it was, unless
   * a later commit replaced it meanwhile.
   */
  private rollbackCommit(groupId: string, before: CommittedOffset[], after: CommittedOffset[]): void {
    const group = this.ctx.groups.get(groupId);
    if (group === undefined) return; // unloaded: the next coordinator reads the log
    after.forEach(({ topic, partition, value }, i) => {
      const previous = before[i]!.value;
      if (value === undefined || value === previous || group.offset(topic, partition) !== value) return;
      if (previous === undefined) group.removeOffset(topic, partition);
      else group.setOffset(topic, partition, previous);
    });
    this.settle(groupId);
  }

  /** OffsetFetch: v0-7 (groupId + topics, null topics = all) and v8+ (groups[]). */
  fetchOffsets(req: OffsetFetchRequest, ctx: RequestContext): OffsetFetchResponse {
    const groupIds = ctx.apiVersion >= 8 ? (req.groups ?? []).map((g) => g.groupId ?? '') : [req.groupId ?? ''];
    return this.run(groupIds, () => handleFetchOffsets(this.ctx, req, ctx));
  }

  /** DescribeGroups. */
  describeGroups(req: DescribeGroupsRequest, _ctx: RequestContext): DescribeGroupsResponse {
    return this.run(req.groups, () => handleDescribeGroups(this.ctx, req));
  }

  /** ListGroups (StatesFilter v4+, TypesFilter v5+). */
  listGroups(req: ListGroupsRequest, ctx: RequestContext): ListGroupsResponse {
    return this.run([...this.ctx.groups.keys()], () => handleListGroups(this.ctx, req, ctx));
  }

  /**
   * DeleteGroups: NON_EMPTY_GROUP while members remain, GROUP_ID_NOT_FOUND for unknown groups.
   * `records` are the named groups' tombstones (and anything else queued for them).
   */
  deleteGroups(req: DeleteGroupsRequest, _ctx: RequestContext): { response: DeleteGroupsResponse; records: OffsetsTopicRecord[] } {
    const response = this.run(req.groupsNames, () => handleDeleteGroups(this.ctx, req));
    return { response, records: this.effects.drainRecords(new Set(req.groupsNames)) };
  }

  /** OffsetDelete: GROUP_SUBSCRIBED_TO_TOPIC for topics a member subscribes to. */
  deleteOffsets(req: OffsetDeleteRequest, _ctx: RequestContext): { response: OffsetDeleteResponse; records: OffsetsTopicRecord[] } {
    const response = this.run([req.groupId], () => handleDeleteOffsets(this.ctx, req));
    return { response, records: this.effects.drainRecords(new Set([req.groupId])) };
  }

  /**
   * Replays one record of `__consumer_offsets` at startup (value null = tombstone), in log
   * order. Throws FjordError('CORRUPT_MESSAGE') for a record it cannot decode.
   */
  loadRecord(key: Buffer, value: Buffer | null): void {
    applyOffsetsTopicRecord(this.ctx.groups, key, value, this.clock.nowMs());
  }

  /**
   * Fires every deadline the clock has passed: ends sessions, ends rebalance waits (rebalance
   * timeout, initial delay), answers parked joins and syncs, and expires offsets.
   */
  tick(): void {
    const nowMs = this.clock.nowMs();
    const checkOffsets = nowMs >= this.nextOffsetsCheckMs;
    if (checkOffsets) this.nextOffsetsCheckMs = nowMs + this.ctx.config.offsetsRetentionCheckIntervalMs;
    for (const group of [...this.ctx.groups.values()]) {
      runDueTimers(this.ctx, group);
      if (checkOffsets) expireOffsets(this.ctx, group);
      this.settle(group.groupId);
    }
    this.effects.flushReplies();
  }

  /**
   * Removes every member of every group now and lets the groups settle (Empty when they have
   * offsets). For a coordinator whose previous process took all its clients with it — the
   * embedded broker has no listener — restored members are known to be dead; waiting out their
   * sessions would only block offset resets and delay new members.
   */
  expireAllMembers(): void {
    for (const group of [...this.ctx.groups.values()]) {
      for (const member of [...group.members.values()]) {
        if (group.members.get(member.memberId) === member) removeMemberAndUpdateGroup(this.ctx, group, member);
      }
      if (group.is('PreparingRebalance') && group.size === 0) completeJoin(this.ctx, group);
      this.settle(group.groupId);
    }
    this.effects.flushReplies();
  }

  /**
   * Forgets every group `belongs` selects, as Kafka's GroupMetadataManager does when this broker
   * stops leading their `__consumer_offsets` partition: parked JoinGroup and SyncGroup requests
   * are answered NOT_COORDINATOR (their clients find the new coordinator), records still queued
   * for those groups are dropped (the partition is no longer this broker's to write), and later
   * requests for the groups find nothing here. Returns how many groups were unloaded.
   */
  unloadGroups(belongs: (groupId: string) => boolean): number {
    const notCoordinator = errorCode('NOT_COORDINATOR');
    let count = 0;
    for (const group of [...this.ctx.groups.values()]) {
      if (!belongs(group.groupId)) continue;
      for (const member of group.members.values()) {
        this.effects.answerJoin(member, joinError(notCoordinator, member.memberId));
        this.effects.answerSync(member, { throttleTimeMs: 0, errorCode: notCoordinator, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
      }
      this.ctx.groups.delete(group.groupId);
      count++;
    }
    this.effects.discardRecords(belongs);
    this.effects.flushReplies();
    return count;
  }

  /** Earliest time tick() has something to do, or null if nothing is scheduled. */
  nextDeadlineMs(): number | null {
    let next: number | null = null;
    let anyOffsets = false;
    for (const group of this.ctx.groups.values()) {
      const deadlineMs = nextGroupDeadlineMs(group);
      if (deadlineMs !== null && (next === null || deadlineMs < next)) next = deadlineMs;
      anyOffsets ||= group.hasOffsets();
    }
    if (anyOffsets && (next === null || this.nextOffsetsCheckMs < next)) next = this.nextOffsetsCheckMs;
    return next;
  }

  /**
   * Takes the records queued by calls that do not return records (JoinGroup, SyncGroup,
   * LeaveGroup, Heartbeat, tick: group metadata on rebalances, tombstones on expiry), of every
   * group, oldest first. A driver calls it after each such call and appends each record to the
   * `__consumer_offsets` partition of its `group`.
   */
  drainRecords(): OffsetsTopicRecord[] {
    return this.effects.drainRecords();
  }

  /** Records dropped because drainRecords() was not called for a long time. */
  get recordsDropped(): number {
    return this.effects.recordsDropped;
  }

  /** The state of a group, or undefined if the coordinator does not know it (for tests and tools). */
  groupState(groupId: string): GroupState | undefined {
    return this.ctx.groups.get(groupId)?.state;
  }

  /** Runs one request: due deadlines of its groups first, then the request, then cleanup and answers. */
  private run<T>(groupIds: readonly string[], handle: () => T): T {
    for (const id of groupIds) {
      const group = this.ctx.groups.get(id);
      if (group === undefined) continue;
      runDueTimers(this.ctx, group);
      this.settle(id);
    }
    const result = handle();
    for (const id of groupIds) this.settle(id);
    this.effects.flushReplies();
    return result;
  }

  /** A group with no members, no member ids handed out and no offsets is Dead and forgotten. */
  private settle(groupId: string): void {
    const group: Group | undefined = this.ctx.groups.get(groupId);
    if (group === undefined || !group.is('Empty')) return;
    if (group.size > 0 || group.pendingMembers.size > 0 || group.hasOffsets()) return;
    group.transitionTo('Dead', this.clock.nowMs());
    this.ctx.groups.delete(groupId);
    if (group.persisted) this.effects.record(groupTombstone(groupId));
  }
}

/**
 * The `__consumer_offsets` partition that holds a group's offsets, as Kafka computes it:
 * `Utils.abs(groupId.hashCode()) % numPartitions`, with Java's String.hashCode over UTF-16
 * code units, and `Utils.abs(Integer.MIN_VALUE) = 0`.
 */
export function offsetsPartitionFor(groupId: string, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) throw new RangeError(`numPartitions ${numPartitions} must be a positive integer`);
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(31, hash) + groupId.charCodeAt(i)) | 0;
  const abs = hash === -2147483648 ? 0 : Math.abs(hash);
  return abs % numPartitions;
}
