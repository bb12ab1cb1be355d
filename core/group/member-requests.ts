/**
 * The requests a member sends once it has joined: SyncGroup (the leader hands in assignments,
 * followers wait for theirs), Heartbeat (keeps the session, learns of rebalances) and
 * LeaveGroup (v0-2 one member id; v3+ a list, where a static member can be removed by its
 * group.instance.id alone).
 */
import { errorCode } from '../protocol/error-codes.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../protocol/generated/heartbeat.js';
import type { LeaveGroupRequest, LeaveGroupResponse, MemberIdentity, MemberResponse } from '../protocol/generated/leave-group.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../protocol/generated/sync-group.js';
import type { CoordinatorContext, RequestContext } from './group-config.js';
import type { Group } from './group.js';
import { groupMetadataRecord } from './group-records.js';
import {
  removeMemberAndUpdateGroup,
  removePendingMember,
  scheduleHeartbeat,
  setAndPropagateAssignment,
  syncResponse,
} from './rebalance.js';

const NONE = 0;

/**
 * Checks that `memberId` is a member and, for a static member, that it is the current holder
 * of its instance id (an older holder is fenced). Returns an error code or null.
 */
export function validateCurrentMember(group: Group, memberId: string, groupInstanceId: string | null): number | null {
  if (groupInstanceId !== null) {
    const current = group.staticMemberId(groupInstanceId);
    if (current === undefined) return errorCode('UNKNOWN_MEMBER_ID');
    return current === memberId ? null : errorCode('FENCED_INSTANCE_ID');
  }
  return group.has(memberId) ? null : errorCode('UNKNOWN_MEMBER_ID');
}

function validateSync(group: Group, req: SyncGroupRequest): number | null {
  if (group.is('Dead')) return errorCode('COORDINATOR_NOT_AVAILABLE');
  const invalid = validateCurrentMember(group, req.memberId, req.groupInstanceId ?? null);
  if (invalid !== null) return invalid;
  if (req.generationId !== group.generationId) return errorCode('ILLEGAL_GENERATION');
  // v5+ name the protocol the member thinks it is in; a mismatch means it joined elsewhere.
  if (req.protocolType != null && req.protocolType !== group.protocolType) return errorCode('INCONSISTENT_GROUP_PROTOCOL');
  if (req.protocolName != null && req.protocolName !== group.protocolName) return errorCode('INCONSISTENT_GROUP_PROTOCOL');
  return null;
}

/** Handles a SyncGroup; followers' answers wait for the leader's assignment. */
export function handleSyncGroup(ctx: CoordinatorContext, req: SyncGroupRequest, _rctx: RequestContext, respond: (res: SyncGroupResponse) => void): void {
  const fail = (code: number): void => ctx.effects.reply(() => respond(syncResponse(null, code)));
  if (req.groupId === '') return fail(errorCode('INVALID_GROUP_ID'));
  const group = ctx.groups.get(req.groupId);
  if (group === undefined) return fail(errorCode('UNKNOWN_MEMBER_ID'));
  const invalid = validateSync(group, req);
  if (invalid !== null) return fail(invalid);
  const member = group.get(req.memberId);
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return fail(errorCode('UNKNOWN_MEMBER_ID'));
    case 'PreparingRebalance':
      return fail(errorCode('REBALANCE_IN_PROGRESS'));
    case 'Stable':
      // Assignments were handed out already (or this member restarted statically): resend.
      group.pendingSyncMembers.delete(member.memberId);
      scheduleHeartbeat(ctx, member);
      return ctx.effects.reply(() => respond(syncResponse(group, NONE, member.assignment)));
    case 'CompletingRebalance':
      ctx.effects.answerSync(member, syncResponse(group, errorCode('REBALANCE_IN_PROGRESS')));
      member.syncCallback = respond;
      group.pendingSyncMembers.delete(member.memberId);
      if (!group.isLeader(member.memberId)) return;
      // Members the leader left out get an empty assignment; unknown ids are ignored.
      setAndPropagateAssignment(ctx, group, new Map(req.assignments.map((a) => [a.memberId, a.assignment])));
      group.transitionTo('Stable', ctx.nowMs());
      ctx.effects.record(groupMetadataRecord(group));
  }
}

/** Handles a Heartbeat: renews the session and tells the member whether to rejoin. */
export function handleHeartbeat(ctx: CoordinatorContext, req: HeartbeatRequest): HeartbeatResponse {
  const answer = (code: number): HeartbeatResponse => ({ throttleTimeMs: 0, errorCode: code });
  if (req.groupId === '') return answer(errorCode('INVALID_GROUP_ID'));
  const group = ctx.groups.get(req.groupId);
  if (group === undefined) return answer(errorCode('UNKNOWN_MEMBER_ID'));
  if (group.is('Dead')) return answer(errorCode('COORDINATOR_NOT_AVAILABLE'));
  const invalid = validateCurrentMember(group, req.memberId, req.groupInstanceId ?? null);
  if (invalid !== null) return answer(invalid);
  if (req.generationId !== group.generationId) return answer(errorCode('ILLEGAL_GENERATION'));
  if (group.is('Empty')) return answer(errorCode('UNKNOWN_MEMBER_ID'));
  scheduleHeartbeat(ctx, group.get(req.memberId));
  // Members learn of a rebalance from their heartbeats: they must rejoin.
  return answer(group.is('PreparingRebalance') ? errorCode('REBALANCE_IN_PROGRESS') : NONE);
}

/** Handles a LeaveGroup; each member that leaves makes the rest rebalance. */
export function handleLeaveGroup(ctx: CoordinatorContext, req: LeaveGroupRequest, rctx: RequestContext): LeaveGroupResponse {
  const identities: MemberIdentity[] = rctx.apiVersion >= 3 ? (req.members ?? []) : [{ memberId: req.memberId ?? '', groupInstanceId: null }];
  const respond = (top: number, results: MemberResponse[]): LeaveGroupResponse => {
    if (rctx.apiVersion >= 3) return { throttleTimeMs: 0, errorCode: top, members: results };
    // v0-2 carry one member, whose error is the answer's.
    return { throttleTimeMs: 0, errorCode: top !== NONE ? top : (results[0]?.errorCode ?? NONE) };
  };
  if (req.groupId === '') return respond(errorCode('INVALID_GROUP_ID'), []);
  const group = ctx.groups.get(req.groupId);
  const results = identities.map((identity): MemberResponse => {
    const memberId = identity.memberId ?? '';
    const groupInstanceId = identity.groupInstanceId ?? null;
    const code = group === undefined ? errorCode('UNKNOWN_MEMBER_ID') : leaveOne(ctx, group, memberId, groupInstanceId);
    return { memberId, groupInstanceId, errorCode: code };
  });
  return respond(NONE, results);
}

function leaveOne(ctx: CoordinatorContext, group: Group, memberId: string, groupInstanceId: string | null): number {
  if (memberId === '') {
    // An administrator (or a static member) removes a static member by instance id alone.
    const current = groupInstanceId === null ? undefined : group.staticMemberId(groupInstanceId);
    if (current === undefined) return errorCode('UNKNOWN_MEMBER_ID');
    removeMemberAndUpdateGroup(ctx, group, group.get(current));
    return NONE;
  }
  if (group.pendingMembers.has(memberId)) {
    removePendingMember(ctx, group, memberId);
    return NONE;
  }
  const invalid = validateCurrentMember(group, memberId, groupInstanceId);
  if (invalid !== null) return invalid;
  removeMemberAndUpdateGroup(ctx, group, group.get(memberId));
  return NONE;
}
