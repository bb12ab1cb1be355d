/**
 * JoinGroup, as Kafka's GroupCoordinator answers it: a new member gets an id (v4+: first
 * MEMBER_ID_REQUIRED with the id, and joins on the retry), a known member rejoins, a static member
 * (group.instance.id) that restarted takes over its old entry without a rebalance when nothing
 * changed. Answers may come later: a join parks until the rebalance completes.
 */
import { errorCode } from '../protocol/error-codes.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { CoordinatorContext, RequestContext } from './group-config.js';
import { NEW_MEMBER_JOIN_TIMEOUT_MS } from './group-config.js';
import { Group } from './group.js';
import { groupMetadataRecord } from './group-records.js';
import { type JoinCallback, Member } from './member.js';
import { validateCurrentMember } from './member-requests.js';
import {
  joinError,
  joinResult,
  maybeCompleteJoin,
  maybePrepareRebalance,
  prepareRebalance,
  removeMemberAndUpdateGroup,
  removePendingMember,
  scheduleHeartbeat,
} from './rebalance.js';

/** One JoinGroup with everything derived from its version. */
interface Join {
  req: JoinGroupRequest;
  rctx: RequestContext;
  rebalanceTimeoutMs: number;
  groupInstanceId: string | null;
  protocolNames: string[];
  reply: JoinCallback;
}

/** Handles a JoinGroup; `respond` is called once, now or when the rebalance completes. */
export function handleJoinGroup(ctx: CoordinatorContext, req: JoinGroupRequest, rctx: RequestContext, respond: (res: JoinGroupResponse) => void): void {
  const join: Join = {
    req,
    rctx,
    // JoinGroup v0 has no rebalance timeout: Kafka uses the session timeout.
    rebalanceTimeoutMs: rctx.apiVersion === 0 ? req.sessionTimeoutMs : (req.rebalanceTimeoutMs ?? req.sessionTimeoutMs),
    groupInstanceId: req.groupInstanceId ?? null,
    protocolNames: req.protocols.map((p) => p.name),
    reply: (res) => respond(forVersion(res, rctx.apiVersion)),
  };
  const fail = (code: number, memberId = req.memberId): void => ctx.effects.reply(() => join.reply(joinError(code, memberId)));
  if (req.groupId === '') return fail(errorCode('INVALID_GROUP_ID'));
  const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = ctx.config;
  if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) return fail(errorCode('INVALID_SESSION_TIMEOUT'));
  const isUnknownMember = req.memberId === '';
  let group = ctx.groups.get(req.groupId);
  if (group === undefined) {
    if (!isUnknownMember) return fail(errorCode('UNKNOWN_MEMBER_ID'));
    group = new Group(req.groupId, ctx.nowMs());
    ctx.groups.set(req.groupId, group);
  }
  if (!acceptJoiningMember(ctx, group, req.memberId)) {
    const existing = group.members.get(req.memberId);
    if (existing !== undefined) removeMemberAndUpdateGroup(ctx, group, existing);
    else if (group.pendingMembers.has(req.memberId)) removePendingMember(ctx, group, req.memberId);
    return fail(errorCode('GROUP_MAX_SIZE_REACHED'), '');
  }
  if (isUnknownMember) joinUnknownMember(ctx, group, join);
  else joinKnownMember(ctx, group, join);
  maybeCompleteJoin(ctx, group);
}

/** Before version 7 the protocol name is not nullable: Kafka sends "" instead of null. */
function forVersion(res: JoinGroupResponse, apiVersion: number): JoinGroupResponse {
  return apiVersion >= 7 || res.protocolName !== null ? res : { ...res, protocolName: '' };
}

/**
 * Whether the group has room. Members (and handed-out ids) already counted are always let in;
 * while preparing a rebalance only those waiting count, so members that never rejoin cannot
 * keep newcomers out. Unlike Kafka, handed-out member ids count too, which bounds them.
 */
function acceptJoiningMember(ctx: CoordinatorContext, group: Group, memberId: string): boolean {
  const sizeMax = ctx.config.groupMaxSize;
  if (group.pendingMembers.has(memberId)) return true;
  if (group.is('Empty') || group.is('PreparingRebalance')) {
    return group.members.get(memberId)?.isAwaitingJoin === true || group.numAwaiting() < sizeMax;
  }
  return group.has(memberId) || group.size + group.pendingMembers.size < sizeMax;
}

function joinUnknownMember(ctx: CoordinatorContext, group: Group, join: Join): void {
  const { req } = join;
  // A restarting static member may change protocols like any rejoining member.
  const staticId = join.groupInstanceId === null ? undefined : group.staticMemberId(join.groupInstanceId);
  const existing = staticId === undefined ? undefined : group.get(staticId);
  if (!group.supportsProtocols(req.protocolType, join.protocolNames, existing)) {
    return ctx.effects.reply(() => join.reply(joinError(errorCode('INCONSISTENT_GROUP_PROTOCOL'), req.memberId)));
  }
  const memberId = ctx.newMemberId(join.rctx.clientId);
  if (join.groupInstanceId !== null) return joinStaticMember(ctx, group, join, memberId);
  if (join.rctx.apiVersion >= 4) {
    // KIP-394: hand out the id first, so a client that never comes back leaves no member behind.
    group.pendingMembers.set(memberId, ctx.nowMs() + req.sessionTimeoutMs);
    return ctx.effects.reply(() => join.reply(joinError(errorCode('MEMBER_ID_REQUIRED'), memberId)));
  }
  addMemberAndRebalance(ctx, group, join, memberId);
}

function joinKnownMember(ctx: CoordinatorContext, group: Group, join: Join): void {
  const { req } = join;
  const fail = (code: number): void => ctx.effects.reply(() => join.reply(joinError(code, req.memberId)));
  if (group.pendingMembers.has(req.memberId)) {
    if (!group.supportsProtocols(req.protocolType, join.protocolNames)) return fail(errorCode('INCONSISTENT_GROUP_PROTOCOL'));
    // A static member never gets a pending id; one arriving with an instance id is confused.
    if (join.groupInstanceId !== null) {
      removePendingMember(ctx, group, req.memberId);
      return fail(errorCode('UNKNOWN_MEMBER_ID'));
    }
    return addMemberAndRebalance(ctx, group, join, req.memberId);
  }
  const invalid = validateCurrentMember(group, req.memberId, join.groupInstanceId);
  if (invalid !== null) return fail(invalid);
  const member = group.get(req.memberId);
  if (!group.supportsProtocols(req.protocolType, join.protocolNames, member)) return fail(errorCode('INCONSISTENT_GROUP_PROTOCOL'));
  switch (group.state) {
    case 'PreparingRebalance':
      return updateMemberAndRebalance(ctx, group, member, join);
    case 'CompletingRebalance':
      // Same metadata: the member lost our answer, so send it again.
      if (member.matches(req.protocols)) {
        const members = group.isLeader(member.memberId) ? group.currentMemberMetadata() : [];
        return ctx.effects.reply(() => join.reply(joinResult(group, member.memberId, members)));
      }
      return updateMemberAndRebalance(ctx, group, member, join);
    case 'Stable':
      // The leader rejoins to make the group reassign (e.g. topics gained partitions).
      if (group.isLeader(member.memberId) || !member.matches(req.protocols)) return updateMemberAndRebalance(ctx, group, member, join);
      return ctx.effects.reply(() => join.reply(joinResult(group, member.memberId, [])));
    case 'Empty':
    case 'Dead':
      return fail(errorCode('UNKNOWN_MEMBER_ID'));
  }
}

function addMemberAndRebalance(ctx: CoordinatorContext, group: Group, join: Join, memberId: string): void {
  const { req, rctx } = join;
  const member = new Member({
    memberId,
    groupInstanceId: join.groupInstanceId,
    clientId: rctx.clientId,
    clientHost: rctx.clientHost,
    protocolType: req.protocolType,
    rebalanceTimeoutMs: join.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    protocols: req.protocols,
    heartbeatDeadlineMs: ctx.nowMs() + NEW_MEMBER_JOIN_TIMEOUT_MS,
  });
  member.isNew = true;
  if (group.is('PreparingRebalance') && group.initialDelayRemainingMs !== null) group.newMemberAdded = true;
  group.add(member);
  member.joinCallback = join.reply;
  maybePrepareRebalance(ctx, group);
}

function updateMemberAndRebalance(ctx: CoordinatorContext, group: Group, member: Member, join: Join): void {
  group.updateMember(member, join.req.protocols, join.rebalanceTimeoutMs, join.req.sessionTimeoutMs);
  park(ctx, member, join.reply);
  maybePrepareRebalance(ctx, group);
}

/** Parks a JoinGroup; an older one still parked (a client retry) is told to rejoin. */
function park(ctx: CoordinatorContext, member: Member, reply: JoinCallback): void {
  ctx.effects.answerJoin(member, joinError(errorCode('REBALANCE_IN_PROGRESS'), member.memberId));
  member.joinCallback = reply;
}

/**
 * A static member joined without a member id: new instance id → a new member; known instance
 * id → the instance restarted. It takes over the old entry under its new id and the old id is
 * fenced. In a stable group with unchanged metadata there is no rebalance: it gets the current
 * generation (and, by SyncGroup, its old assignment). The leader id answered is the old one, so
 * a restarted leader does not think it must assign.
 */
function joinStaticMember(ctx: CoordinatorContext, group: Group, join: Join, newMemberId: string): void {
  const instanceId = join.groupInstanceId!;
  const oldMemberId = group.staticMemberId(instanceId);
  if (oldMemberId === undefined) return addMemberAndRebalance(ctx, group, join, newMemberId);
  const currentLeader = group.leaderId;
  const old = group.get(oldMemberId);
  const fenced = errorCode('FENCED_INSTANCE_ID');
  ctx.effects.answerJoin(old, joinError(fenced, oldMemberId));
  ctx.effects.answerSync(old, { throttleTimeMs: 0, errorCode: fenced, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
  const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
  scheduleHeartbeat(ctx, member);
  const { req } = join;
  if (group.is('Stable') && member.matches(req.protocols)) {
    group.updateMember(member, req.protocols, join.rebalanceTimeoutMs, req.sessionTimeoutMs);
    ctx.effects.record(groupMetadataRecord(group));
    return ctx.effects.reply(() => join.reply(joinResult(group, newMemberId, [], currentLeader)));
  }
  group.updateMember(member, req.protocols, join.rebalanceTimeoutMs, req.sessionTimeoutMs);
  park(ctx, member, join.reply);
  // After the join phase the old id may already be in the leader's hands: start over.
  if (group.is('CompletingRebalance')) prepareRebalance(ctx, group);
  else maybePrepareRebalance(ctx, group);
}
