/**
 * Splitting and merging the partitioned APIs (Produce, Fetch, ListOffsets, DeleteRecords).
 * Fjord's clients send one request for partitions that may have different leaders; only the
 * leader of a partition may answer for it, so the transport sends each leader the part it
 * leads and merges the answers back into one response. Per-partition errors stay per partition.
 * Pure functions over the generated request/response types.
 */
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../../protocol/generated/delete-records.js';
import type { FetchRequest, FetchResponse } from '../../protocol/generated/fetch.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/generated/list-offsets.js';
import type { ProduceRequest, ProduceResponse } from '../../protocol/generated/produce.js';

/** Accepts or rejects one partition of a topic. */
export type PartitionFilter = (topic: string, partition: number) => boolean;

/** How to take apart and put together one partitioned API's requests and responses. */
export interface PartitionedShape<Req, Res> {
  /** Calls `fn` for every partition the request names. */
  forEachPartition(req: Req, fn: (topic: string, partition: number) => void): void;
  /** The request narrowed to the partitions `keep` accepts, or null when none is left. */
  subset(req: Req, keep: PartitionFilter): Req | null;
  /** A response answering every partition of `req` with `errorCode` (nothing was sent). */
  failed(req: Req, errorCode: number, message: string): Res;
  /** Calls `fn` with every partition's error code. */
  forEachResult(res: Res, fn: (topic: string, partition: number, errorCode: number) => void): void;
  /** The response without the partitions `drop` accepts (they are being asked again). */
  without(res: Res, drop: PartitionFilter): Res;
  /** The responses of the sub-requests as one response. */
  merge(parts: Res[]): Res;
}

/** Filters a topic list's partitions, keeping topic objects whose partitions all stay. */
function filterTopics<T, P>(topics: T[], name: (t: T) => string, parts: (t: T) => P[], index: (p: P) => number, rebuild: (t: T, ps: P[]) => T, keep: PartitionFilter): T[] {
  const out: T[] = [];
  for (const t of topics) {
    const all = parts(t);
    const kept = all.filter((p) => keep(name(t), index(p)));
    if (kept.length === all.length) out.push(t);
    else if (kept.length > 0) out.push(rebuild(t, kept));
  }
  return out;
}

/** Concatenates topic lists, joining the partitions of a topic that appears in several. */
function mergeTopics<T, P>(lists: T[][], name: (t: T) => string, parts: (t: T) => P[], rebuild: (t: T, ps: P[]) => T): T[] {
  const byName = new Map<string, T>();
  for (const list of lists) {
    for (const t of list) {
      const seen = byName.get(name(t));
      byName.set(name(t), seen === undefined ? t : rebuild(seen, [...parts(seen), ...parts(t)]));
    }
  }
  return [...byName.values()];
}

export const produceShape: PartitionedShape<ProduceRequest, ProduceResponse> = {
  forEachPartition(req, fn) {
    for (const t of req.topicData) for (const p of t.partitionData) fn(t.name, p.index);
  },
  subset(req, keep) {
    const topicData = filterTopics(req.topicData, (t) => t.name, (t) => t.partitionData, (p) => p.index, (t, partitionData) => ({ ...t, partitionData }), keep);
    return topicData.length === 0 ? null : { ...req, topicData };
  },
  failed(req, errorCode, errorMessage) {
    return {
      responses: req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage })),
      })),
      throttleTimeMs: 0,
    };
  },
  forEachResult(res, fn) {
    for (const t of res.responses) for (const p of t.partitionResponses) fn(t.name, p.index, p.errorCode);
  },
  without(res, drop) {
    return { ...res, responses: filterTopics(res.responses, (t) => t.name, (t) => t.partitionResponses, (p) => p.index, (t, partitionResponses) => ({ ...t, partitionResponses }), (topic, p) => !drop(topic, p)) };
  },
  merge(parts) {
    if (parts.length === 1) return parts[0];
    return {
      responses: mergeTopics(parts.map((r) => r.responses), (t) => t.name, (t) => t.partitionResponses, (t, partitionResponses) => ({ ...t, partitionResponses })),
      throttleTimeMs: Math.max(0, ...parts.map((r) => r.throttleTimeMs ?? 0)),
    };
  },
};

export const fetchShape: PartitionedShape<FetchRequest, FetchResponse> = {
  forEachPartition(req, fn) {
    for (const t of req.topics) for (const p of t.partitions) fn(t.topic ?? '', p.partition);
  },
  subset(req, keep) {
    const topics = filterTopics(req.topics, (t) => t.topic ?? '', (t) => t.partitions, (p) => p.partition, (t, partitions) => ({ ...t, partitions }), keep);
    return topics.length === 0 ? null : { ...req, topics };
  },
  failed(req, errorCode) {
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: req.topics.map((t) => ({
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partition, errorCode, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, abortedTransactions: null, preferredReadReplica: -1, records: null,
        })),
      })),
    };
  },
  forEachResult(res, fn) {
    for (const t of res.responses) for (const p of t.partitions) fn(t.topic ?? '', p.partitionIndex, p.errorCode);
  },
  without(res, drop) {
    return { ...res, responses: filterTopics(res.responses, (t) => t.topic ?? '', (t) => t.partitions, (p) => p.partitionIndex, (t, partitions) => ({ ...t, partitions }), (topic, p) => !drop(topic, p)) };
  },
  merge(parts) {
    if (parts.length === 1) return parts[0];
    return {
      throttleTimeMs: Math.max(0, ...parts.map((r) => r.throttleTimeMs ?? 0)),
      errorCode: parts.find((r) => (r.errorCode ?? 0) !== 0)?.errorCode ?? 0,
      sessionId: 0,
      responses: mergeTopics(parts.map((r) => r.responses), (t) => t.topic ?? '', (t) => t.partitions, (t, partitions) => ({ ...t, partitions })),
    };
  },
};

export const listOffsetsShape: PartitionedShape<ListOffsetsRequest, ListOffsetsResponse> = {
  forEachPartition(req, fn) {
    for (const t of req.topics) for (const p of t.partitions) fn(t.name, p.partitionIndex);
  },
  subset(req, keep) {
    const topics = filterTopics(req.topics, (t) => t.name, (t) => t.partitions, (p) => p.partitionIndex, (t, partitions) => ({ ...t, partitions }), keep);
    return topics.length === 0 ? null : { ...req, topics };
  },
  failed(req, errorCode) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode, timestamp: -1n, offset: -1n, leaderEpoch: -1 })) })),
    };
  },
  forEachResult(res, fn) {
    for (const t of res.topics) for (const p of t.partitions) fn(t.name, p.partitionIndex, p.errorCode);
  },
  without(res, drop) {
    return { ...res, topics: filterTopics(res.topics, (t) => t.name, (t) => t.partitions, (p) => p.partitionIndex, (t, partitions) => ({ ...t, partitions }), (topic, p) => !drop(topic, p)) };
  },
  merge(parts) {
    if (parts.length === 1) return parts[0];
    return {
      throttleTimeMs: Math.max(0, ...parts.map((r) => r.throttleTimeMs ?? 0)),
      topics: mergeTopics(parts.map((r) => r.topics), (t) => t.name, (t) => t.partitions, (t, partitions) => ({ ...t, partitions })),
    };
  },
};

export const deleteRecordsShape: PartitionedShape<DeleteRecordsRequest, DeleteRecordsResponse> = {
  forEachPartition(req, fn) {
    for (const t of req.topics) for (const p of t.partitions) fn(t.name, p.partitionIndex);
  },
  subset(req, keep) {
    const topics = filterTopics(req.topics, (t) => t.name, (t) => t.partitions, (p) => p.partitionIndex, (t, partitions) => ({ ...t, partitions }), keep);
    return topics.length === 0 ? null : { ...req, topics };
  },
  failed(req, errorCode) {
    return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode })) })) };
  },
  forEachResult(res, fn) {
    for (const t of res.topics) for (const p of t.partitions) fn(t.name, p.partitionIndex, p.errorCode);
  },
  without(res, drop) {
    return { ...res, topics: filterTopics(res.topics, (t) => t.name, (t) => t.partitions, (p) => p.partitionIndex, (t, partitions) => ({ ...t, partitions }), (topic, p) => !drop(topic, p)) };
  },
  merge(parts) {
    if (parts.length === 1) return parts[0];
    return {
      throttleTimeMs: Math.max(0, ...parts.map((r) => r.throttleTimeMs)),
      topics: mergeTopics(parts.map((r) => r.topics), (t) => t.name, (t) => t.partitions, (t, partitions) => ({ ...t, partitions })),
    };
  },
};

/** A request split by leader: one sub-request per node, and what has no leader to go to. */
export interface LeaderSplit<Req> {
  byNode: Map<number, Req>;
  /** Partitions whose leader is unknown or being elected, with the node (-1) or undefined. */
  unroutable: Req | null;
}

/**
 * Splits a request by partition leader. `leaderOf` gives a node id, or a negative number /
 * undefined when a partition has no usable leader. When every partition has the same leader
 * (a producer's usual single-partition batch), the request object itself is reused.
 */
export function splitByLeader<Req>(shape: PartitionedShape<Req, unknown>, req: Req, leaderOf: (topic: string, partition: number) => number | undefined): LeaderSplit<Req> {
  const nodes = new Set<number>();
  let unroutable = false;
  shape.forEachPartition(req, (topic, partition) => {
    const leader = leaderOf(topic, partition);
    if (leader === undefined || leader < 0) unroutable = true;
    else nodes.add(leader);
  });
  const byNode = new Map<number, Req>();
  if (nodes.size === 1 && !unroutable) {
    byNode.set([...nodes][0], req);
    return { byNode, unroutable: null };
  }
  for (const node of nodes) {
    const part = shape.subset(req, (topic, partition) => leaderOf(topic, partition) === node);
    if (part) byNode.set(node, part);
  }
  const rest = unroutable ? shape.subset(req, (topic, partition) => { const l = leaderOf(topic, partition); return l === undefined || l < 0; }) : null;
  return { byNode, unroutable: rest };
}
