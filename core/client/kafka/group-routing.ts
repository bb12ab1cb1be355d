/**
 * Taking apart and putting together the group APIs, which only a group's coordinator may
 * answer. Requests for one group go to its coordinator whole; requests for several groups
 * (DescribeGroups, DeleteGroups, OffsetFetch v8) are split by coordinator and the answers merged.
 * A group whose answer says the coordinator moved is asked again (see the transport). Pure.
 */
import type { ApiName, RequestOf, ResponseOf } from '../../broker/apis.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../../protocol/generated/delete-groups.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../protocol/generated/describe-groups.js';
import type { ListGroupsResponse } from '../../protocol/generated/list-groups.js';
import type { OffsetCommitResponse } from '../../protocol/generated/offset-commit.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../protocol/generated/offset-fetch.js';

/** Errors that mean "ask the coordinator lookup again": the request was not processed. */
export const COORDINATOR_ERRORS: ReadonlySet<number> = new Set([
  errorCode('NOT_COORDINATOR'),
  errorCode('COORDINATOR_NOT_AVAILABLE'),
  errorCode('COORDINATOR_LOAD_IN_PROGRESS'),
]);

/** The group APIs: each goes to the coordinator of the group(s) it names. */
export type GroupApi = 'JoinGroup' | 'SyncGroup' | 'Heartbeat' | 'LeaveGroup' | 'OffsetCommit' | 'OffsetFetch' | 'DescribeGroups' | 'DeleteGroups' | 'OffsetDelete';

export const GROUP_APIS: ReadonlySet<ApiName> = new Set<GroupApi>(['JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch', 'DescribeGroups', 'DeleteGroups', 'OffsetDelete']);

/** How to route one group API by group id. */
export interface GroupedShape<Req, Res> {
  groupIds(req: Req): string[];
  /** The request narrowed to these groups, or null when none of its groups is among them. */
  subset(req: Req, keep: ReadonlySet<string>): Req | null;
  /** Calls `fn` with each group's error code in the response to `req`. */
  forEachGroupError(res: Res, req: Req, fn: (groupId: string, code: number) => void): void;
  /** The response without the groups in `drop`, or null when nothing is left. */
  without(res: Res, req: Req, drop: ReadonlySet<string>): Res | null;
  merge(parts: Res[]): Res;
}

/** Shape of APIs whose request names one group (groupId) and whose answer has one error code. */
function singleGroup<Req extends { groupId: string }, Res>(codeOf: (res: Res) => number): GroupedShape<Req, Res> {
  return {
    groupIds: (req) => [req.groupId],
    subset: (req, keep) => (keep.has(req.groupId) ? req : null),
    forEachGroupError: (res, req, fn) => fn(req.groupId, codeOf(res)),
    without: (res, req, drop) => (drop.has(req.groupId) ? null : res),
    merge: (parts) => parts[parts.length - 1],
  };
}

/**
 * OffsetCommit answers per partition. A coordinator that is not (or not yet) the group's answers
 * every partition with the same coordinator error; only then does the group count as failed.
 */
export function offsetCommitGroupError(res: OffsetCommitResponse): number {
  let code: number | null = null;
  for (const t of res.topics) {
    for (const p of t.partitions) {
      if (code === null) code = p.errorCode;
      else if (code !== p.errorCode) return 0;
    }
  }
  return code !== null && COORDINATOR_ERRORS.has(code) ? code : 0;
}

const offsetFetchShape: GroupedShape<OffsetFetchRequest, OffsetFetchResponse> = {
  groupIds: (req) => (req.groups ?? []).map((g) => g.groupId),
  subset(req, keep) {
    const groups = (req.groups ?? []).filter((g) => keep.has(g.groupId));
    return groups.length === 0 ? null : { ...req, groups };
  },
  forEachGroupError(res, _req, fn) {
    for (const g of res.groups ?? []) fn(g.groupId, g.errorCode);
  },
  without(res, _req, drop) {
    const groups = (res.groups ?? []).filter((g) => !drop.has(g.groupId));
    return groups.length === 0 ? null : { ...res, groups };
  },
  merge: (parts) => ({ throttleTimeMs: Math.max(0, ...parts.map((p) => p.throttleTimeMs ?? 0)), groups: parts.flatMap((p) => p.groups ?? []) }),
};

const describeGroupsShape: GroupedShape<DescribeGroupsRequest, DescribeGroupsResponse> = {
  groupIds: (req) => req.groups,
  subset(req, keep) {
    const groups = req.groups.filter((g) => keep.has(g));
    return groups.length === 0 ? null : { ...req, groups };
  },
  forEachGroupError(res, _req, fn) {
    for (const g of res.groups) fn(g.groupId, g.errorCode);
  },
  without(res, _req, drop) {
    const groups = res.groups.filter((g) => !drop.has(g.groupId));
    return groups.length === 0 ? null : { ...res, groups };
  },
  merge: (parts) => ({ throttleTimeMs: Math.max(0, ...parts.map((p) => p.throttleTimeMs ?? 0)), groups: parts.flatMap((p) => p.groups) }),
};

const deleteGroupsShape: GroupedShape<DeleteGroupsRequest, DeleteGroupsResponse> = {
  groupIds: (req) => req.groupsNames,
  subset(req, keep) {
    const groupsNames = req.groupsNames.filter((g) => keep.has(g));
    return groupsNames.length === 0 ? null : { groupsNames };
  },
  forEachGroupError(res, _req, fn) {
    for (const r of res.results) fn(r.groupId, r.errorCode);
  },
  without(res, _req, drop) {
    const results = res.results.filter((r) => !drop.has(r.groupId));
    return results.length === 0 ? null : { ...res, results };
  },
  merge: (parts) => ({ throttleTimeMs: Math.max(0, ...parts.map((p) => p.throttleTimeMs)), results: parts.flatMap((p) => p.results) }),
};

const SHAPES: { [K in GroupApi]: GroupedShape<RequestOf<K>, ResponseOf<K>> } = {
  JoinGroup: singleGroup((res) => res.errorCode),
  SyncGroup: singleGroup((res) => res.errorCode),
  Heartbeat: singleGroup((res) => res.errorCode),
  LeaveGroup: singleGroup((res) => res.errorCode),
  OffsetDelete: singleGroup((res) => res.errorCode),
  OffsetCommit: singleGroup(offsetCommitGroupError),
  OffsetFetch: offsetFetchShape,
  DescribeGroups: describeGroupsShape,
  DeleteGroups: deleteGroupsShape,
};

export function groupedShape<K extends GroupApi>(api: K): GroupedShape<RequestOf<K>, ResponseOf<K>> {
  return SHAPES[api];
}

/** ListGroups answers from every broker: one list, each group once, the first error kept. */
export function mergeListGroups(parts: ListGroupsResponse[]): ListGroupsResponse {
  const seen = new Set<string>();
  const groups = parts.flatMap((p) => p.groups).filter((g) => !seen.has(g.groupId) && seen.add(g.groupId));
  return {
    throttleTimeMs: Math.max(0, ...parts.map((p) => p.throttleTimeMs ?? 0)),
    errorCode: parts.find((p) => p.errorCode !== 0)?.errorCode ?? 0,
    groups,
  };
}
