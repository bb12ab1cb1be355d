/**
 * Answers for group requests this broker may not serve because it does not coordinate the group
 * right now (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE), or
 * because writing the group's records to `__consumer_offsets` failed. Each carries the error
 * where the API's clients look for it; the broker did nothing, so clients find the coordinator
 * again and retry.
 */
import type { HeartbeatResponse } from '../protocol/generated/heartbeat.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { LeaveGroupResponse } from '../protocol/generated/leave-group.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/generated/offset-commit.js';
import type { OffsetDeleteResponse } from '../protocol/generated/offset-delete.js';
import type { OffsetFetchResponse, OffsetFetchResponseGroup } from '../protocol/generated/offset-fetch.js';
import type { SyncGroupResponse } from '../protocol/generated/sync-group.js';
import type { DescribedGroup } from '../protocol/generated/describe-groups.js';
import type { DeletableGroupResult } from '../protocol/generated/delete-groups.js';
import { joinError } from './rebalance.js';

/** JoinGroup: the error, no generation; the member id as sent. */
export function joinRefused(code: number, req: JoinGroupRequest): JoinGroupResponse {
  return joinError(code, req.memberId);
}

/** SyncGroup: the error and an empty assignment. */
export function syncRefused(code: number): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode: code, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
}

/** Heartbeat: the error. */
export function heartbeatRefused(code: number): HeartbeatResponse {
  return { throttleTimeMs: 0, errorCode: code };
}

/** LeaveGroup: the group-level error, no member results. */
export function leaveRefused(code: number): LeaveGroupResponse {
  return { throttleTimeMs: 0, errorCode: code, members: [] };
}

/** Every partition of the commit carries `code` (OffsetCommit has no group-level error). */
export function commitRefused(code: number, req: OffsetCommitRequest): OffsetCommitResponse {
  return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code })) })) };
}

/** Marks every partition a successful commit answered with `code` (its write failed). */
export function commitFailed(res: OffsetCommitResponse, code: number): OffsetCommitResponse {
  for (const t of res.topics) for (const p of t.partitions) if (p.errorCode === 0) p.errorCode = code;
  return res;
}

/** OffsetDelete: the group-level error, no partitions. */
export function offsetDeleteRefused(code: number): OffsetDeleteResponse {
  return { errorCode: code, throttleTimeMs: 0, topics: [] };
}

/** OffsetFetch v0-7: the group-level error (v2+ clients read it; older ones see no offsets). */
export function offsetFetchRefused(code: number): OffsetFetchResponse {
  return { throttleTimeMs: 0, errorCode: code, topics: [] };
}

/** OffsetFetch v8+: one group's entry. */
export function offsetFetchGroupRefused(groupId: string, code: number): OffsetFetchResponseGroup {
  return { groupId, errorCode: code, topics: [] };
}

/** DescribeGroups: one group's entry carrying the error. */
export function describeRefused(groupId: string, code: number): DescribedGroup {
  return { errorCode: code, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: -2147483648 };
}

/** DeleteGroups: one group's result carrying the error. */
export function deleteRefused(groupId: string, code: number): DeletableGroupResult {
  return { groupId, errorCode: code };
}
