/**
 * The group APIs (JoinGroup 11, Heartbeat 12, LeaveGroup 13, SyncGroup 14, DescribeGroups 15,
 * ListGroups 16, DeleteGroups 42, OffsetCommit 8, OffsetFetch 9, OffsetDelete 47): thin shells
 * over the group coordinator. Records the coordinator asks to persist are appended to
 * __consumer_offsets before the response goes out, so an acknowledged commit survives a crash.
 */
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/generated/delete-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../protocol/generated/describe-groups.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../../protocol/generated/heartbeat.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../protocol/generated/join-group.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/generated/leave-group.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/generated/list-groups.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../../protocol/generated/offset-commit.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../../protocol/generated/offset-delete.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../protocol/generated/offset-fetch.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../../protocol/generated/sync-group.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

export function handleJoinGroup(b: BrokerState, req: JoinGroupRequest, ctx: RequestContext): Promise<JoinGroupResponse> {
  return new Promise((resolve) => {
    b.groups.joinGroup(req, ctx, resolve);
    b.afterGroupChange();
  });
}

export function handleSyncGroup(b: BrokerState, req: SyncGroupRequest, ctx: RequestContext): Promise<SyncGroupResponse> {
  return new Promise((resolve) => {
    b.groups.syncGroup(req, ctx, resolve);
    b.afterGroupChange();
  });
}

export function handleHeartbeat(b: BrokerState, req: HeartbeatRequest, ctx: RequestContext): HeartbeatResponse {
  const res = b.groups.heartbeat(req, ctx);
  b.afterGroupChange();
  return res;
}

export function handleLeaveGroup(b: BrokerState, req: LeaveGroupRequest, ctx: RequestContext): LeaveGroupResponse {
  const res = b.groups.leaveGroup(req, ctx);
  b.afterGroupChange();
  return res;
}

export function handleDescribeGroups(b: BrokerState, req: DescribeGroupsRequest, ctx: RequestContext): DescribeGroupsResponse {
  return b.groups.describeGroups(req, ctx);
}

export function handleListGroups(b: BrokerState, req: ListGroupsRequest, ctx: RequestContext): ListGroupsResponse {
  return b.groups.listGroups(req, ctx);
}

export async function handleOffsetCommit(b: BrokerState, req: OffsetCommitRequest, ctx: RequestContext): Promise<OffsetCommitResponse> {
  const { response, records } = b.groups.commitOffsets(req, ctx);
  await b.offsetsTopic.append(req.groupId, records, b.clock.nowMs());
  return response;
}

export function handleOffsetFetch(b: BrokerState, req: OffsetFetchRequest, ctx: RequestContext): OffsetFetchResponse {
  return b.groups.fetchOffsets(req, ctx);
}

export async function handleDeleteGroups(b: BrokerState, req: DeleteGroupsRequest, ctx: RequestContext): Promise<DeleteGroupsResponse> {
  const { response, records } = b.groups.deleteGroups(req, ctx);
  for (const name of req.groupsNames) {
    const mine = records.filter((r) => r.group === name);
    await b.offsetsTopic.append(name, mine, b.clock.nowMs());
  }
  return response;
}

export async function handleOffsetDelete(b: BrokerState, req: OffsetDeleteRequest, ctx: RequestContext): Promise<OffsetDeleteResponse> {
  const { response, records } = b.groups.deleteOffsets(req, ctx);
  await b.offsetsTopic.append(req.groupId, records, b.clock.nowMs());
  return response;
}
