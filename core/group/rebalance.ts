/**
 * The rebalance protocol of a classic group, as Kafka's GroupCoordinator runs it:
 *
 *   Empty/Stable/CompletingRebalance --(join, leave, expiry)--> PreparingRebalance
 *   PreparingRebalance --(all members rejoined, or the deadline)--> CompletingRebalance (or Empty)
 *   CompletingRebalance --(leader's SyncGroup)--> Stable
 *
 * Time never moves by itself here: `runDueTimers` fires whatever deadlines the clock has passed,
 * and is called at the start of every request on the group and from tick().
 */
import { errorCode } from '../protocol/error-codes.js';
import type { JoinGroupResponse, JoinGroupResponseMember } from '../protocol/generated/join-group.js';
import type { SyncGroupResponse } from '../protocol/generated/sync-group.js';
import type { CoordinatorContext } from './group-config.js';
import type { Group } from './group.js';
import type { Member } from './member.js';
import { groupMetadataRecord } from './group-records.js';

const NONE = 0;
const EMPTY = Buffer.alloc(0);

/** A JoinGroup answer carrying an error (no generation, no protocol). */
export function joinError(code: number, memberId: string): JoinGroupResponse {
  return { throttleTimeMs: 0, errorCode: code, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

/** A successful JoinGroup answer for `memberId` in the group's current generation. */
export function joinResult(group: Group, memberId: string, members: JoinGroupResponseMember[], leader = group.leaderId): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode: NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: leader ?? '',
    skipAssignment: false,
    memberId,
    members,
  };
}

/** A SyncGroup answer. */
export function syncResponse(group: Group | null, code: number, assignment: Buffer = EMPTY): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode: code, protocolType: group?.protocolType ?? null, protocolName: group?.protocolName ?? null, assignment };
}

/** Renews a member's session: it must be heard from again within `timeoutMs`. */
export function scheduleHeartbeat(ctx: CoordinatorContext, member: Member, timeoutMs = member.sessionTimeoutMs): void {
  member.heartbeatDeadlineMs = ctx.nowMs() + timeoutMs;
}

/** Starts a rebalance unless one is already being prepared. */
export function maybePrepareRebalance(ctx: CoordinatorContext, group: Group): void {
  if (group.is('Stable') || group.is('CompletingRebalance') || group.is('Empty')) prepareRebalance(ctx, group);
}

/** Moves the group to PreparingRebalance and sets the join phase's deadline. */
export function prepareRebalance(ctx: CoordinatorContext, group: Group): void {
  // Members waiting for an assignment of the generation being abandoned must rejoin.
  if (group.is('CompletingRebalance')) resetAndPropagateAssignmentError(ctx, group, errorCode('REBALANCE_IN_PROGRESS'));
  group.pendingSyncMembers.clear();
  group.syncDeadlineMs = null;
  const nowMs = ctx.nowMs();
  const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
  if (group.is('Empty')) {
    // Wait a little for the rest of a starting fleet, so it does not rebalance once per member.
    const delayMs = ctx.config.groupInitialRebalanceDelayMs;
    group.initialDelayRemainingMs = Math.max(rebalanceTimeoutMs - delayMs, 0);
    group.newMemberAdded = false;
    group.joinDeadlineMs = nowMs + delayMs;
  } else {
    group.initialDelayRemainingMs = null;
    group.joinDeadlineMs = nowMs + rebalanceTimeoutMs;
  }
  group.transitionTo('PreparingRebalance', nowMs);
  maybeCompleteJoin(ctx, group);
}

/** Completes the join phase early once every member has rejoined (never during the initial delay). */
export function maybeCompleteJoin(ctx: CoordinatorContext, group: Group): void {
  if (group.is('PreparingRebalance') && group.initialDelayRemainingMs === null && group.hasAllMembersJoined()) {
    completeJoin(ctx, group);
  }
}

/** The join phase's deadline passed: extend the initial delay if members keep coming, else complete. */
function onJoinDeadline(ctx: CoordinatorContext, group: Group): void {
  const remainingMs = group.initialDelayRemainingMs;
  if (remainingMs !== null && group.newMemberAdded && remainingMs > 0) {
    const delayMs = Math.min(ctx.config.groupInitialRebalanceDelayMs, remainingMs);
    group.newMemberAdded = false;
    group.initialDelayRemainingMs = Math.max(remainingMs - ctx.config.groupInitialRebalanceDelayMs, 0);
    group.joinDeadlineMs = ctx.nowMs() + delayMs;
    return;
  }
  completeJoin(ctx, group);
}

/**
 * Ends the join phase: members that did not rejoin are removed (static ones stay until their
 * session ends), the next generation starts, every joined member gets its answer (the leader
 * with everyone's metadata) and must then send SyncGroup within the rebalance timeout.
 */
export function completeJoin(ctx: CoordinatorContext, group: Group): void {
  group.initialDelayRemainingMs = null;
  group.joinDeadlineMs = null;
  for (const m of group.notYetRejoinedMembers()) if (!m.isStatic) group.remove(m.memberId);
  const nowMs = ctx.nowMs();
  if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
    // Nobody rejoined but static members remain: wait another round for them (or their expiry).
    // At least 1 ms, so a client's rebalance timeout of 0 cannot make tick() spin on this.
    group.joinDeadlineMs = nowMs + Math.max(group.rebalanceTimeoutMs(), 1);
    return;
  }
  group.initNextGeneration(nowMs);
  if (group.is('Empty')) {
    ctx.effects.record(groupMetadataRecord(group));
    return;
  }
  const leaderMetadata = group.currentMemberMetadata();
  for (const m of group.members.values()) {
    ctx.effects.answerJoin(m, joinResult(group, m.memberId, group.isLeader(m.memberId) ? leaderMetadata : []));
    scheduleHeartbeat(ctx, m);
    m.isNew = false;
    group.pendingSyncMembers.add(m.memberId);
  }
  group.syncDeadlineMs = nowMs + group.rebalanceTimeoutMs();
}

/** Stores the leader's assignments, answers every parked SyncGroup, and renews every session. */
export function setAndPropagateAssignment(ctx: CoordinatorContext, group: Group, assignments: Map<string, Buffer>): void {
  for (const m of group.members.values()) m.assignment = assignments.get(m.memberId) ?? EMPTY;
  propagateAssignment(ctx, group, NONE);
}

/** Clears this generation's assignments and answers every parked SyncGroup with `code`. */
export function resetAndPropagateAssignmentError(ctx: CoordinatorContext, group: Group, code: number): void {
  for (const m of group.members.values()) m.assignment = EMPTY;
  propagateAssignment(ctx, group, code);
}

function propagateAssignment(ctx: CoordinatorContext, group: Group, code: number): void {
  for (const m of group.members.values()) {
    ctx.effects.answerSync(m, syncResponse(group, code, code === NONE ? m.assignment : EMPTY));
    // A session may have run out while the member waited for the leader; start it afresh.
    scheduleHeartbeat(ctx, m);
  }
}

/**
 * Removes a member (left, expired or fenced) and rebalances the rest. A parked JoinGroup or
 * SyncGroup of it is answered UNKNOWN_MEMBER_ID so a client that is still alive starts over.
 */
export function removeMemberAndUpdateGroup(ctx: CoordinatorContext, group: Group, member: Member): void {
  const unknown = errorCode('UNKNOWN_MEMBER_ID');
  ctx.effects.answerJoin(member, joinError(unknown, member.memberId));
  ctx.effects.answerSync(member, syncResponse(null, unknown));
  group.remove(member.memberId);
  if (group.is('Stable') || group.is('CompletingRebalance')) maybePrepareRebalance(ctx, group);
  else if (group.is('PreparingRebalance')) maybeCompleteJoin(ctx, group);
}

/** Forgets a member id handed out with MEMBER_ID_REQUIRED; the join phase may no longer wait for it. */
export function removePendingMember(ctx: CoordinatorContext, group: Group, memberId: string): void {
  group.pendingMembers.delete(memberId);
  if (group.is('PreparingRebalance')) maybeCompleteJoin(ctx, group);
}

/** Members that did not send SyncGroup in time are removed, and the group rebalances without them. */
function onPendingSyncExpired(ctx: CoordinatorContext, group: Group): void {
  for (const memberId of [...group.pendingSyncMembers]) {
    const member = group.members.get(memberId);
    if (member !== undefined) removeMemberSilently(ctx, group, member);
  }
  group.pendingSyncMembers.clear();
  prepareRebalance(ctx, group);
}

function removeMemberSilently(ctx: CoordinatorContext, group: Group, member: Member): void {
  const unknown = errorCode('UNKNOWN_MEMBER_ID');
  ctx.effects.answerJoin(member, joinError(unknown, member.memberId));
  group.remove(member.memberId);
}

/** Fires every deadline of the group the clock has passed. */
export function runDueTimers(ctx: CoordinatorContext, group: Group): void {
  const nowMs = ctx.nowMs();
  for (const [memberId, deadlineMs] of [...group.pendingMembers]) {
    if (nowMs >= deadlineMs) removePendingMember(ctx, group, memberId);
  }
  for (const member of [...group.members.values()]) {
    // Removing one member can answer (and so un-park) others; re-check each one as it comes.
    if (group.members.get(member.memberId) !== member) continue;
    if (member.canExpire && nowMs >= member.heartbeatDeadlineMs) removeMemberAndUpdateGroup(ctx, group, member);
  }
  if (group.is('PreparingRebalance') && group.joinDeadlineMs !== null && nowMs >= group.joinDeadlineMs) {
    onJoinDeadline(ctx, group);
  }
  const syncing = group.is('CompletingRebalance') || group.is('Stable');
  if (syncing && group.pendingSyncMembers.size > 0 && group.syncDeadlineMs !== null && nowMs >= group.syncDeadlineMs) {
    onPendingSyncExpired(ctx, group);
  }
}

/** The earliest deadline of the group, or null when nothing is due in the future. */
export function nextGroupDeadlineMs(group: Group): number | null {
  let next = Infinity;
  for (const deadlineMs of group.pendingMembers.values()) next = Math.min(next, deadlineMs);
  for (const m of group.members.values()) if (m.canExpire) next = Math.min(next, m.heartbeatDeadlineMs);
  if (group.is('PreparingRebalance') && group.joinDeadlineMs !== null) next = Math.min(next, group.joinDeadlineMs);
  if (group.pendingSyncMembers.size > 0 && group.syncDeadlineMs !== null) next = Math.min(next, group.syncDeadlineMs);
  return next === Infinity ? null : next;
}
