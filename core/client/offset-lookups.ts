/** Committed offsets (OffsetFetch), commits (OffsetCommit) and log offsets (ListOffsets) for clients. */
import { kafkaError } from '../errors.js';
import { groupByTopic } from './group-member.js';
import { tpKey, type TopicPartition } from './record-types.js';
import type { Transport } from './transport.js';

export interface CommittedOffset extends TopicPartition {
  /** -1 when nothing is committed. */
  offset: bigint;
  metadata: string | null;
}

export async function fetchCommitted(transport: Transport, groupId: string, tps: TopicPartition[] | null): Promise<CommittedOffset[]> {
  const res = await transport.request('OffsetFetch', {
    groupId,
    topics: null,
    groups: [{ groupId, memberId: null, memberEpoch: -1, topics: tps === null ? null : groupByTopic(tps).map((t) => ({ name: t.topic, partitionIndexes: t.partitions })) }],
    requireStable: false,
  });
  if (!res) throw new Error('assertion failed: OffsetFetch got no response');
  const group = res.groups?.[0];
  if (!group) throw new Error('assertion failed: OffsetFetch v8 answered without groups');
  if (group.errorCode !== 0) throw kafkaError(group.errorCode, `OffsetFetch of group '${groupId}'`);
  const out: CommittedOffset[] = [];
  for (const t of group.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) throw kafkaError(p.errorCode, `committed offset of group '${groupId}' for ${t.name}-${p.partitionIndex}`);
      out.push({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.metadata });
    }
  }
  return out;
}

export interface CommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  offsets: { topic: string; partition: number; offset: bigint; metadata?: string | null }[];
}

export async function commitOffsets(transport: Transport, req: CommitRequest): Promise<void> {
  const byTopic = new Map<string, CommitRequest['offsets']>();
  for (const o of req.offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
  const res = await transport.request('OffsetCommit', {
    groupId: req.groupId,
    generationIdOrMemberEpoch: req.generationId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    topics: [...byTopic].map(([name, offsets]) => ({
      name,
      partitions: offsets.map((o) => ({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: o.metadata ?? null })),
    })),
  });
  if (!res) throw new Error('assertion failed: OffsetCommit got no response');
  for (const t of res.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) throw kafkaError(p.errorCode, `commit of group '${req.groupId}' for ${t.name}-${p.partitionIndex}`);
    }
  }
}

/** -1 latest, -2 earliest, or a timestamp (first offset at or after it; latest when none). */
export async function listOffsets(transport: Transport, tps: TopicPartition[], timestamp: bigint): Promise<Map<string, bigint>> {
  const res = await transport.request('ListOffsets', {
    replicaId: -1,
    isolationLevel: 0,
    topics: groupByTopic(tps).map((t) => ({ name: t.topic, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp })) })),
  });
  if (!res) throw new Error('assertion failed: ListOffsets got no response');
  const out = new Map<string, bigint>();
  for (const t of res.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) throw kafkaError(p.errorCode, `list offsets of ${t.name}-${p.partitionIndex}`);
      out.set(tpKey(t.name, p.partitionIndex), p.offset ?? -1n);
    }
  }
  return out;
}
