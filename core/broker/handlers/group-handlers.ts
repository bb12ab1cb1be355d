/**
 * The group APIs (JoinGroup 11, Heartbeat 12, LeaveGroup 13, SyncGroup 14, DescribeGroups 15,
 * ListGroups 16, DeleteGroups 42, OffsetCommit 8, OffsetFetch 9, OffsetDelete 47): thin shells
 * over the group coordinator. Records the coordinator asks to persist are appended to
 * __consumer_offsets before the response goes out, so an acknowledged commit survives a crash.
 *
 * In a replicated cluster (`b.offsetsTopic.coordination` set) a request for a group this broker
 * does not coordinate now is answered NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS /
 * COORDINATOR_NOT_AVAILABLE without touching the coordinator, and OffsetCommit, SyncGroup,
 * DeleteGroups and OffsetDelete are answered once their records are on every in-sync replica
 * (a failed write answers the coordinator error Kafka maps it to).
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
import { FjordError } from '../../errors.js';
import type { OffsetsTopicRecord } from '../../group/group-coordinator.js';
import {
  commitFailed, commitRefused, deleteRefused, describeRefused, heartbeatRefused, joinRefused, leaveRefused,
  offsetDeleteRefused, offsetFetchGroupRefused, offsetFetchRefused, syncRefused,
} from '../../group/refusals.js';
import { errorByName, errorCode } from '../../protocol/error-codes.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

/** 0 when this broker may serve `groupId` now (always, for a single broker), else the error code. */
function refusal(b: BrokerState, groupId: string): number {
  return b.offsetsTopic.coordination?.check(groupId) ?? 0;
}

/** Appends a group's records; in a cluster, a failed write becomes its coordinator error code (0 = written). */
async function persist(b: BrokerState, groupId: string, records: OffsetsTopicRecord[]): Promise<number> {
  if (b.offsetsTopic.coordination === null) {
    await b.offsetsTopic.append(groupId, records, b.clock.nowMs()); // single broker: a local failure is the request's
    return 0;
  }
  try {
    await b.offsetsTopic.append(groupId, records, b.clock.nowMs());
    return 0;
  } catch (err) {
    return err instanceof FjordError ? (errorByName(err.code)?.code ?? errorCode('UNKNOWN_SERVER_ERROR')) : errorCode('UNKNOWN_SERVER_ERROR');
  }
}

export function handleJoinGroup(b: BrokerState, req: JoinGroupRequest, ctx: RequestContext): Promise<JoinGroupResponse> {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return Promise.resolve(joinRefused(refused, req));
  return new Promise((resolve) => {
    b.groups.joinGroup(req, ctx, resolve);
    b.afterGroupChange();
  });
}

export async function handleSyncGroup(b: BrokerState, req: SyncGroupRequest, ctx: RequestContext): Promise<SyncGroupResponse> {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return syncRefused(refused);
  const res = await new Promise<SyncGroupResponse>((resolve) => {
    b.groups.syncGroup(req, ctx, resolve);
    b.afterGroupChange();
  });
  if (b.offsetsTopic.coordination === null || res.errorCode !== 0) return res;
  // The assignment is answered once the group's metadata (written by this sync or the leader's) is replicated.
  const failed = await b.offsetsTopic.settled(req.groupId);
  return failed === 0 ? res : syncRefused(failed);
}

export function handleHeartbeat(b: BrokerState, req: HeartbeatRequest, ctx: RequestContext): HeartbeatResponse {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return heartbeatRefused(refused);
  const res = b.groups.heartbeat(req, ctx);
  b.afterGroupChange();
  return res;
}

export function handleLeaveGroup(b: BrokerState, req: LeaveGroupRequest, ctx: RequestContext): LeaveGroupResponse {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return leaveRefused(refused);
  const res = b.groups.leaveGroup(req, ctx);
  b.afterGroupChange();
  return res;
}

export function handleDescribeGroups(b: BrokerState, req: DescribeGroupsRequest, ctx: RequestContext): DescribeGroupsResponse {
  const { served, refused } = split(b, req.groups);
  if (refused.size === 0) return b.groups.describeGroups(req, ctx);
  const res = b.groups.describeGroups({ ...req, groups: served }, ctx);
  const byId = new Map(res.groups.map((g) => [g.groupId, g]));
  return { ...res, groups: req.groups.map((id) => (refused.has(id) ? describeRefused(id, refused.get(id)!) : byId.get(id)!)) };
}

export function handleListGroups(b: BrokerState, req: ListGroupsRequest, ctx: RequestContext): ListGroupsResponse {
  return b.groups.listGroups(req, ctx); // a cluster broker holds only the groups it coordinates
}

export async function handleOffsetCommit(b: BrokerState, req: OffsetCommitRequest, ctx: RequestContext): Promise<OffsetCommitResponse> {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return commitRefused(refused, req);
  const { response, records, rollback } = b.groups.commitOffsets(req, ctx);
  const failed = await persist(b, req.groupId, records);
  if (failed === 0) return response;
  rollback(); // not acknowledged, so not visible to OffsetFetch either (Kafka drops the pending commit)
  return commitFailed(response, failed);
}

export function handleOffsetFetch(b: BrokerState, req: OffsetFetchRequest, ctx: RequestContext): OffsetFetchResponse {
  if (ctx.apiVersion < 8) {
    const refused = refusal(b, req.groupId ?? '');
    return refused !== 0 ? offsetFetchRefused(refused) : b.groups.fetchOffsets(req, ctx);
  }
  const groups = req.groups ?? [];
  const { refused } = split(b, groups.map((g) => g.groupId ?? ''));
  if (refused.size === 0) return b.groups.fetchOffsets(req, ctx);
  const res = b.groups.fetchOffsets({ ...req, groups: groups.filter((g) => !refused.has(g.groupId ?? '')) }, ctx);
  const byId = new Map((res.groups ?? []).map((g) => [g.groupId, g]));
  return { ...res, groups: groups.map((g) => (refused.has(g.groupId ?? '') ? offsetFetchGroupRefused(g.groupId ?? '', refused.get(g.groupId ?? '')!) : byId.get(g.groupId ?? '')!)) };
}

export async function handleDeleteGroups(b: BrokerState, req: DeleteGroupsRequest, ctx: RequestContext): Promise<DeleteGroupsResponse> {
  const { served, refused } = split(b, req.groupsNames);
  const { response, records } = b.groups.deleteGroups({ ...req, groupsNames: served }, ctx);
  const byId = new Map(response.results.map((r) => [r.groupId, r]));
  for (const name of served) {
    const failed = await persist(b, name, records.filter((r) => r.group === name));
    const result = byId.get(name);
    if (failed !== 0 && result !== undefined && result.errorCode === 0) result.errorCode = failed;
  }
  return { ...response, results: req.groupsNames.map((id) => (refused.has(id) ? deleteRefused(id, refused.get(id)!) : byId.get(id)!)) };
}

export async function handleOffsetDelete(b: BrokerState, req: OffsetDeleteRequest, ctx: RequestContext): Promise<OffsetDeleteResponse> {
  const refused = refusal(b, req.groupId);
  if (refused !== 0) return offsetDeleteRefused(refused);
  const { response, records } = b.groups.deleteOffsets(req, ctx);
  const failed = await persist(b, req.groupId, records);
  return failed === 0 || response.errorCode !== 0 ? response : offsetDeleteRefused(failed);
}

/** The groups of a batched request this broker serves, and the refused ones with their codes. */
function split(b: BrokerState, groupIds: readonly string[]): { served: string[]; refused: Map<string, number> } {
  const served: string[] = [];
  const refused = new Map<string, number>();
  for (const id of groupIds) {
    const code = refusal(b, id);
    if (code === 0) served.push(id);
    else refused.set(id, code);
  }
  return { served, refused };
}
