/**
 * The administrative group requests: DescribeGroups, ListGroups and DeleteGroups. A group
 * without members that still has offsets is reported as "Empty"; one the coordinator does not
 * know is "Dead" (what DescribeGroups v0-5 answer for an unknown group).
 */
import { errorCode } from '../protocol/error-codes.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/generated/delete-groups.js';
import type { DescribedGroup, DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/generated/describe-groups.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../protocol/generated/list-groups.js';
import type { CoordinatorContext, RequestContext } from './group-config.js';
import type { Group } from './group.js';
import { groupTombstone, offsetRecord } from './group-records.js';

const NONE = 0;
/** What Kafka answers for authorizedOperations when they were not asked for (Integer.MIN_VALUE). */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
const EMPTY = Buffer.alloc(0);

function describeOne(group: Group | undefined, groupId: string, includeOperations: boolean): DescribedGroup {
  // Fjord has no ACLs yet: a caller that asks is allowed everything a group supports
  // (READ, DELETE, DESCRIBE: bits 3, 6, 8 of Kafka's AclOperation codes).
  const authorizedOperations = includeOperations ? (1 << 3) | (1 << 6) | (1 << 8) : AUTHORIZED_OPERATIONS_OMITTED;
  if (group === undefined || group.is('Dead')) {
    return { errorCode: NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations };
  }
  // Metadata and assignments are only meaningful once the generation is settled.
  const stable = group.is('Stable');
  return {
    errorCode: NONE,
    groupId,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? (group.protocolName ?? '') : '',
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? m.metadata(group.protocolName) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
    authorizedOperations,
  };
}

/** Handles a DescribeGroups. */
export function handleDescribeGroups(ctx: CoordinatorContext, req: DescribeGroupsRequest): DescribeGroupsResponse {
  const includeOperations = req.includeAuthorizedOperations === true;
  return { throttleTimeMs: 0, groups: req.groups.map((id) => describeOne(ctx.groups.get(id), id, includeOperations)) };
}

/** Handles a ListGroups; v4+ may filter by state, v5+ by type (all Fjord groups are "classic"). */
export function handleListGroups(ctx: CoordinatorContext, req: ListGroupsRequest, rctx: RequestContext): ListGroupsResponse {
  const states = rctx.apiVersion >= 4 ? (req.statesFilter ?? []).map((s) => s.toLowerCase()) : [];
  const types = rctx.apiVersion >= 5 ? (req.typesFilter ?? []).map((s) => s.toLowerCase()) : [];
  const groups = [...ctx.groups.values()]
    .filter((g) => !g.is('Dead'))
    .filter((g) => states.length === 0 || states.includes(g.state.toLowerCase()))
    .filter(() => types.length === 0 || types.includes('classic'))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
    .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state, groupType: 'classic' }));
  return { throttleTimeMs: 0, errorCode: NONE, groups };
}

/** Handles a DeleteGroups: only groups without members can go; their offsets go with them. */
export function handleDeleteGroups(ctx: CoordinatorContext, req: DeleteGroupsRequest): DeleteGroupsResponse {
  const results = req.groupsNames.map((groupId) => ({ groupId, errorCode: deleteOne(ctx, groupId) }));
  return { throttleTimeMs: 0, results };
}

function deleteOne(ctx: CoordinatorContext, groupId: string): number {
  const group = ctx.groups.get(groupId);
  if (group === undefined || group.is('Dead')) return errorCode('GROUP_ID_NOT_FOUND');
  if (!group.is('Empty') || group.size > 0) return errorCode('NON_EMPTY_GROUP');
  for (const [topic, partitions] of group.offsets) {
    for (const partition of partitions.keys()) ctx.effects.record(offsetRecord(groupId, topic, partition, null));
  }
  group.offsets.clear();
  group.pendingMembers.clear();
  group.transitionTo('Dead', ctx.nowMs());
  ctx.groups.delete(groupId);
  ctx.effects.record(groupTombstone(groupId));
  return NONE;
}
