/**
 * Fjord's clients build every request in the shape of the newest version Fjord knows
 * (core/broker/apis.ts) and read responses in that shape. When a broker negotiates a lower
 * version, some APIs carry the same information in other fields; these functions move it there
 * before encoding and back after decoding. APIs whose older versions only drop fields need
 * nothing: the generated encoders skip fields a version lacks and decoders fill defaults.
 */
import { FjordError } from '../../errors.js';
import type { ApiName, RequestOf, ResponseOf } from '../../broker/apis.js';
import type { DeleteTopicsRequest } from '../../protocol/generated/delete-topics.js';
import type { DescribeConfigsResponse } from '../../protocol/generated/describe-configs.js';
import type { FetchRequest, FetchResponse } from '../../protocol/generated/fetch.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/generated/find-coordinator.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../../protocol/generated/leave-group.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../protocol/generated/offset-fetch.js';

/** Topic name ↔ topic id, from cluster metadata (Fetch v13+ names topics by id only). */
export interface TopicIds {
  idOf(topic: string): Buffer | undefined;
  nameOf(id: Buffer): string | undefined;
}

/** First version of each API whose shape Fjord's clients build; below it a conversion applies. */
export const SHAPE_CHANGES = {
  /** Fetch v13 names topics by id. */
  fetchTopicIds: 13,
  /** OffsetFetch v8 batches groups (groups[]); v0-7 name one group at the top level. */
  offsetFetchGroups: 8,
  /** OffsetFetch v2 accepts null topics (every committed offset of the group). */
  offsetFetchAllTopics: 2,
  /** FindCoordinator v4 batches keys (CoordinatorKeys). */
  findCoordinatorKeys: 4,
  /** LeaveGroup v3 carries a members array; v0-2 one member id. */
  leaveGroupMembers: 3,
  /** DeleteTopics v6 names topics by name or id (Topics); v0-5 by name (TopicNames). */
  deleteTopicsStates: 6,
  /** DescribeConfigs v1 reports ConfigSource; v0 only IsDefault. */
  describeConfigsSource: 1,
} as const;

function unsupported(message: string): FjordError {
  return new FjordError('UNSUPPORTED_VERSION', message, { retriable: false });
}

/** Fetch below v13 names topics; v13+ by topic id, looked up in metadata. */
export function fetchRequestForVersion(req: FetchRequest, version: number, ids: TopicIds): FetchRequest {
  if (version < SHAPE_CHANGES.fetchTopicIds) return req;
  const idOf = (topic: string | undefined): Buffer => {
    const id = topic === undefined ? undefined : ids.idOf(topic);
    if (!id) throw new FjordError('UNKNOWN_TOPIC_ID', `Fetch v${version} needs the topic id of '${topic}', which metadata does not give`);
    return id;
  };
  return {
    ...req,
    topics: req.topics.map((t) => ({ ...t, topicId: idOf(t.topic) })),
    forgottenTopicsData: req.forgottenTopicsData?.map((t) => ({ ...t, topicId: idOf(t.topic) })),
  };
}

/** Fetch v13+ answers by topic id: put the names back, as the fetcher matches on them. */
export function fetchResponseFromVersion(res: FetchResponse, version: number, ids: TopicIds): FetchResponse {
  if (version < SHAPE_CHANGES.fetchTopicIds) return res;
  return { ...res, responses: res.responses.map((t) => ({ ...t, topic: t.topicId ? ids.nameOf(t.topicId) ?? '' : '' })) };
}

/** OffsetFetch below v8 asks for one group at the top level. */
export function offsetFetchRequestForVersion(req: OffsetFetchRequest, version: number): OffsetFetchRequest {
  if (version >= SHAPE_CHANGES.offsetFetchGroups) return req;
  const groups = req.groups ?? [];
  if (groups.length !== 1) throw unsupported(`OffsetFetch v${version} asks for exactly one group; got ${groups.length} (several need v8+)`);
  const [group] = groups;
  if (group.topics === null && version < SHAPE_CHANGES.offsetFetchAllTopics) {
    throw unsupported(`OffsetFetch v${version} cannot ask for every committed offset of group '${group.groupId}' (needs v2+); name the partitions`);
  }
  return { groupId: group.groupId, topics: group.topics, requireStable: req.requireStable };
}

/** OffsetFetch below v8 answers for its one group at the top level: wrap it in groups[] as v8 does. */
export function offsetFetchResponseFromVersion(res: OffsetFetchResponse, version: number, req: OffsetFetchRequest): OffsetFetchResponse {
  if (version >= SHAPE_CHANGES.offsetFetchGroups) return res;
  const groupId = req.groups?.[0]?.groupId ?? req.groupId ?? '';
  const topics = (res.topics ?? []).map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ ...p, committedLeaderEpoch: p.committedLeaderEpoch ?? -1 })),
  }));
  return { throttleTimeMs: res.throttleTimeMs, groups: [{ groupId, topics, errorCode: res.errorCode ?? 0 }] };
}

/** FindCoordinator below v4 looks up one key. */
export function findCoordinatorRequestForVersion(req: FindCoordinatorRequest, version: number): FindCoordinatorRequest {
  if (version >= SHAPE_CHANGES.findCoordinatorKeys) return req;
  const keys = req.coordinatorKeys ?? (req.key === undefined ? [] : [req.key]);
  if (keys.length !== 1) throw unsupported(`FindCoordinator v${version} looks up exactly one key; got ${keys.length} (several need v4+)`);
  return { key: keys[0], keyType: req.keyType };
}

/** FindCoordinator below v4 answers at the top level: wrap it in coordinators[] as v4 does. */
export function findCoordinatorResponseFromVersion(res: FindCoordinatorResponse, version: number, req: FindCoordinatorRequest): FindCoordinatorResponse {
  if (version >= SHAPE_CHANGES.findCoordinatorKeys) return res;
  const key = req.coordinatorKeys?.[0] ?? req.key ?? '';
  return {
    throttleTimeMs: res.throttleTimeMs,
    coordinators: [{ key, nodeId: res.nodeId ?? -1, host: res.host ?? '', port: res.port ?? -1, errorCode: res.errorCode ?? 0, errorMessage: res.errorMessage ?? null }],
  };
}

/** LeaveGroup below v3 removes one member, named at the top level. */
export function leaveGroupRequestForVersion(req: LeaveGroupRequest, version: number): LeaveGroupRequest {
  if (version >= SHAPE_CHANGES.leaveGroupMembers) return req;
  const members = req.members ?? [];
  if (members.length !== 1) throw unsupported(`LeaveGroup v${version} removes exactly one member; got ${members.length} (several need v3+)`);
  if (members[0].groupInstanceId) throw unsupported(`LeaveGroup v${version} cannot remove static member '${members[0].groupInstanceId}' (needs v3+)`);
  return { groupId: req.groupId, memberId: members[0].memberId };
}

/** LeaveGroup below v3 has only the top-level error: report it for the one member too. */
export function leaveGroupResponseFromVersion(res: LeaveGroupResponse, version: number, req: LeaveGroupRequest): LeaveGroupResponse {
  if (version >= SHAPE_CHANGES.leaveGroupMembers) return res;
  const members = (req.members ?? []).map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: res.errorCode }));
  return { ...res, members };
}

/** DeleteTopics below v6 names topics in TopicNames (and cannot delete by id). */
export function deleteTopicsRequestForVersion(req: DeleteTopicsRequest, version: number): DeleteTopicsRequest {
  if (version >= SHAPE_CHANGES.deleteTopicsStates) return req;
  const topicNames = (req.topics ?? []).map((t) => {
    if (t.name === null) throw unsupported(`DeleteTopics v${version} deletes topics by name only (by id needs v6+)`);
    return t.name;
  });
  return { topicNames: [...(req.topicNames ?? []), ...topicNames], timeoutMs: req.timeoutMs };
}

/** ConfigSource values (DescribeConfigsResponse.json). */
const CONFIG_SOURCE = { topic: 1, staticBroker: 4, default: 5 } as const;
const TOPIC_RESOURCE = 2;

/** DescribeConfigs v0 only says whether a value is the default: derive ConfigSource from it. */
export function describeConfigsResponseFromVersion(res: DescribeConfigsResponse, version: number): DescribeConfigsResponse {
  if (version >= SHAPE_CHANGES.describeConfigsSource) return res;
  return {
    ...res,
    results: res.results.map((r) => ({
      ...r,
      configs: r.configs.map((c) => ({
        ...c,
        configSource: c.isDefault ? CONFIG_SOURCE.default : r.resourceType === TOPIC_RESOURCE ? CONFIG_SOURCE.topic : CONFIG_SOURCE.staticBroker,
      })),
    })),
  };
}

/** Converts a request built in Fjord's newest shape to the shape of `version`. */
export function requestForVersion<K extends ApiName>(api: K, version: number, req: RequestOf<K>, ids: TopicIds): RequestOf<K> {
  switch (api) {
    case 'Fetch': return fetchRequestForVersion(req as FetchRequest, version, ids) as RequestOf<K>;
    case 'OffsetFetch': return offsetFetchRequestForVersion(req as OffsetFetchRequest, version) as RequestOf<K>;
    case 'FindCoordinator': return findCoordinatorRequestForVersion(req as FindCoordinatorRequest, version) as RequestOf<K>;
    case 'LeaveGroup': return leaveGroupRequestForVersion(req as LeaveGroupRequest, version) as RequestOf<K>;
    case 'DeleteTopics': return deleteTopicsRequestForVersion(req as DeleteTopicsRequest, version) as RequestOf<K>;
    default: return req;
  }
}

/** Converts a response of `version` to the newest shape; `req` is the request as the caller built it. */
export function responseFromVersion<K extends ApiName>(api: K, version: number, res: ResponseOf<K>, req: RequestOf<K>, ids: TopicIds): ResponseOf<K> {
  switch (api) {
    case 'Fetch': return fetchResponseFromVersion(res as FetchResponse, version, ids) as ResponseOf<K>;
    case 'OffsetFetch': return offsetFetchResponseFromVersion(res as OffsetFetchResponse, version, req as OffsetFetchRequest) as ResponseOf<K>;
    case 'FindCoordinator': return findCoordinatorResponseFromVersion(res as FindCoordinatorResponse, version, req as FindCoordinatorRequest) as ResponseOf<K>;
    case 'LeaveGroup': return leaveGroupResponseFromVersion(res as LeaveGroupResponse, version, req as LeaveGroupRequest) as ResponseOf<K>;
    case 'DescribeConfigs': return describeConfigsResponseFromVersion(res as DescribeConfigsResponse, version) as ResponseOf<K>;
    default: return res;
  }
}
