/**
 * Committed offsets: OffsetCommit, OffsetFetch, OffsetDelete and retention. Offsets belong to
 * the group, not to its members: they outlive members leaving, and a group that only stores
 * offsets (consumers assigning partitions themselves, generation -1 and no member id) is a
 * group with no members. Every change is queued as a record for `__consumer_offsets`.
 */
import { errorCode } from '../protocol/error-codes.js';
import type { OffsetCommitRequest, OffsetCommitResponse, OffsetCommitResponseTopic } from '../protocol/generated/offset-commit.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../protocol/generated/offset-delete.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/generated/offset-fetch.js';
import type { CoordinatorContext, RequestContext } from './group-config.js';
import { Group } from './group.js';
import { offsetRecord } from './group-records.js';
import { validateCurrentMember } from './member-requests.js';
import type { OffsetCommitValue } from './offsets-topic-codec.js';
import { scheduleHeartbeat } from './rebalance.js';

const NONE = 0;

function commitAll(req: OffsetCommitRequest, code: number): OffsetCommitResponse {
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code })) })),
  };
}

/** Who may commit: members of the current generation, or anyone (-1, "") while the group has no members. */
function validateOffsetCommit(group: Group, generationId: number, memberId: string, groupInstanceId: string | null): number | null {
  if (group.is('Dead')) return errorCode('COORDINATOR_NOT_AVAILABLE');
  if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
    const invalid = validateCurrentMember(group, memberId, groupInstanceId);
    if (invalid !== null) return invalid;
    return generationId === group.generationId ? null : errorCode('ILLEGAL_GENERATION');
  }
  return group.is('Empty') ? null : errorCode('UNKNOWN_MEMBER_ID');
}

/** Handles an OffsetCommit. */
export function handleCommitOffsets(ctx: CoordinatorContext, req: OffsetCommitRequest, rctx: RequestContext): OffsetCommitResponse {
  const generationId = req.generationIdOrMemberEpoch ?? -1;
  const memberId = req.memberId ?? '';
  let group = ctx.groups.get(req.groupId);
  if (group === undefined) {
    // A commit from an older generation of a group we no longer know is rejected; one from a
    // consumer without group management creates the group.
    if (generationId >= 0) return commitAll(req, errorCode('ILLEGAL_GENERATION'));
    group = new Group(req.groupId, ctx.nowMs());
    ctx.groups.set(req.groupId, group);
  }
  const invalid = validateOffsetCommit(group, generationId, memberId, req.groupInstanceId ?? null);
  if (invalid !== null) return commitAll(req, invalid);
  // The member has this generation's answer but not its assignment yet: it must not commit.
  if (group.is('CompletingRebalance')) return commitAll(req, errorCode('REBALANCE_IN_PROGRESS'));
  if (group.has(memberId)) scheduleHeartbeat(ctx, group.get(memberId));
  return { throttleTimeMs: 0, topics: req.topics.map((t) => commitTopic(ctx, group, req, rctx, t)) };
}

function commitTopic(ctx: CoordinatorContext, group: Group, req: OffsetCommitRequest, rctx: RequestContext, topic: OffsetCommitRequest['topics'][number]): OffsetCommitResponseTopic {
  const nowMs = ctx.nowMs();
  // v2-4 may ask for a retention of their own; -1 means the broker's.
  const retentionMs = rctx.apiVersion >= 2 && rctx.apiVersion <= 4 && req.retentionTimeMs !== undefined ? Number(req.retentionTimeMs) : -1;
  return {
    name: topic.name,
    partitions: topic.partitions.map((p) => {
      const metadata = p.committedMetadata ?? '';
      if (Buffer.byteLength(metadata, 'utf8') > ctx.config.offsetMetadataMaxBytes) {
        return { partitionIndex: p.partitionIndex, errorCode: errorCode('OFFSET_METADATA_TOO_LARGE') };
      }
      // v1 may carry the commit time; -1 means now.
      const explicitMs = rctx.apiVersion === 1 && p.commitTimestamp !== undefined ? Number(p.commitTimestamp) : -1;
      const value: OffsetCommitValue = {
        offset: p.committedOffset,
        leaderEpoch: p.committedLeaderEpoch ?? -1,
        metadata,
        commitTimestampMs: explicitMs === -1 ? nowMs : explicitMs,
        expireTimestampMs: retentionMs === -1 ? null : nowMs + retentionMs,
      };
      group.setOffset(topic.name, p.partitionIndex, value);
      ctx.effects.record(offsetRecord(group.groupId, topic.name, p.partitionIndex, value));
      return { partitionIndex: p.partitionIndex, errorCode: NONE };
    }),
  };
}

/** One partition's answer, with every field set: fits the v0-7 and the v8+ shapes. */
interface FetchedPartition {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

interface FetchedTopic {
  name: string;
  partitions: FetchedPartition[];
}

/** Offsets of one group: the asked partitions (-1 and "" where none), or every committed one (null). */
function fetchGroup(group: Group | undefined, topics: { name?: string; partitionIndexes?: number[] }[] | null | undefined): FetchedTopic[] {
  const found = (v: OffsetCommitValue | undefined, partitionIndex: number): FetchedPartition => ({
    partitionIndex,
    committedOffset: v?.offset ?? -1n,
    committedLeaderEpoch: v?.leaderEpoch ?? -1,
    metadata: v?.metadata ?? '',
    errorCode: NONE,
  });
  if (topics === null || topics === undefined) {
    if (group === undefined) return [];
    return [...group.offsets.keys()].sort().map((name) => ({
      name,
      partitions: [...group.offsets.get(name)!].sort(([a], [b]) => a - b).map(([p, v]) => found(v, p)),
    }));
  }
  return topics.map((t) => ({
    name: t.name ?? '',
    partitions: (t.partitionIndexes ?? []).map((p) => found(group?.offset(t.name ?? '', p), p)),
  }));
}

/** Handles an OffsetFetch: v0-7 one group, v8+ many. Offsets are served whatever the group's state. */
export function handleFetchOffsets(ctx: CoordinatorContext, req: OffsetFetchRequest, rctx: RequestContext): OffsetFetchResponse {
  if (rctx.apiVersion < 8) {
    const groupId = req.groupId ?? '';
    return { throttleTimeMs: 0, errorCode: NONE, topics: fetchGroup(ctx.groups.get(groupId), req.topics) };
  }
  return {
    throttleTimeMs: 0,
    groups: (req.groups ?? []).map((g) => ({
      groupId: g.groupId ?? '',
      errorCode: NONE,
      topics: fetchGroup(ctx.groups.get(g.groupId ?? ''), g.topics),
    })),
  };
}

/** Handles an OffsetDelete: refused for topics a member of a live group subscribes to. */
export function handleDeleteOffsets(ctx: CoordinatorContext, req: OffsetDeleteRequest): OffsetDeleteResponse {
  const groupError = (code: number): OffsetDeleteResponse => ({ errorCode: code, throttleTimeMs: 0, topics: [] });
  if (req.groupId === '') return groupError(errorCode('INVALID_GROUP_ID'));
  const group = ctx.groups.get(req.groupId);
  if (group === undefined || group.is('Dead')) return groupError(errorCode('GROUP_ID_NOT_FOUND'));
  const live = !group.is('Empty');
  // Only consumer groups say what they subscribe to; other live groups keep their offsets.
  if (live && group.protocolType !== 'consumer') return groupError(errorCode('NON_EMPTY_GROUP'));
  return {
    errorCode: NONE,
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        if (live && group.isSubscribedToTopic(t.name)) return { partitionIndex: p.partitionIndex, errorCode: errorCode('GROUP_SUBSCRIBED_TO_TOPIC') };
        if (group.removeOffset(t.name, p.partitionIndex)) ctx.effects.record(offsetRecord(group.groupId, t.name, p.partitionIndex, null));
        return { partitionIndex: p.partitionIndex, errorCode: NONE };
      }),
    })),
  };
}

/**
 * Removes offsets past retention, writing tombstones. Kafka's rules: in an emptied group,
 * retention counts from when it became empty (here: from the later of that and the commit,
 * so a commit made while empty is not cut short); in a group that only stores offsets, from
 * each commit; in a live consumer group, only offsets of topics nobody subscribes to expire,
 * counted from their commit. A commit's own expiry time (OffsetCommit v2-4) wins.
 */
export function expireOffsets(ctx: CoordinatorContext, group: Group): void {
  const nowMs = ctx.nowMs();
  const retentionMs = ctx.config.offsetsRetentionMs;
  let baseMs: ((v: OffsetCommitValue) => number) | null = null;
  if (group.is('Empty')) {
    baseMs = group.protocolType === null ? (v) => v.commitTimestampMs : (v) => Math.max(group.currentStateTimestampMs, v.commitTimestampMs);
  } else if (group.is('Stable') && group.protocolType === 'consumer' && group.subscribedTopics !== null) {
    baseMs = (v) => v.commitTimestampMs;
  }
  if (baseMs === null) return;
  for (const [topic, partitions] of [...group.offsets]) {
    if (!group.is('Empty') && group.isSubscribedToTopic(topic)) continue;
    for (const [partition, v] of [...partitions]) {
      const expired = v.expireTimestampMs !== null ? nowMs >= v.expireTimestampMs : nowMs - baseMs(v) >= retentionMs;
      if (!expired) continue;
      group.removeOffset(topic, partition);
      ctx.effects.record(offsetRecord(group.groupId, topic, partition, null));
    }
  }
}
