/**
 * Fetch (1): returns whole batches as raw segment bytes. Long polling: when fewer than MinBytes
 * are available the fetch waits until an append (or a high-watermark move) gives it MinBytes, up
 * to MaxWaitMs.
 * KIP-74: the first non-empty partition returns at least one whole batch even past the limits.
 * A follower fetch (replica id) whose log diverged from this leader's gets a DivergingEpoch
 * (Fetch v12, KIP-320) from the cluster hooks instead of records, and is answered at once.
 */
import { FjordError } from '../../errors.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { FetchRequest, FetchResponse, FetchableTopicResponse } from '../../protocol/generated/fetch.js';
import { AppendWaiters } from '../append-waiters.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf } from './error-code-of.js';

type PartitionData = FetchableTopicResponse['partitions'][number];

const EMPTY = Buffer.alloc(0);

/** Wake-ups one long-polling Fetch re-reads after before it answers with what it has. */
const WAKES_MAX = 100;

export async function handleFetch(b: BrokerState, req: FetchRequest, ctx: RequestContext): Promise<FetchResponse> {
  const minBytes = Math.max(1, req.minBytes);
  let result = readAll(b, req, ctx);
  if (result.bytes >= minBytes || req.maxWaitMs <= 0 || result.hasError) return result.response;
  const keys = req.topics.flatMap((t) => t.partitions.map((p) => AppendWaiters.key(topicName(b, t), p.partition)));
  // As Kafka's DelayedFetch: a wake-up completes the fetch only if it now has MinBytes, else it
  // waits out the rest of MaxWaitMs. (In a cluster a high-watermark move wakes the partition's
  // fetches; a follower's has nothing new to read then, and an empty answer only costs a round trip.)
  const deadlineMs = b.clock.nowMs() + req.maxWaitMs;
  for (let wakes = 0; wakes < WAKES_MAX; wakes++) {
    await b.appendWaiters.wait(keys, deadlineMs - b.clock.nowMs());
    result = readAll(b, req, ctx);
    if (result.bytes >= minBytes || result.hasError || b.clock.nowMs() >= deadlineMs || b.appendWaiters.closed) break;
  }
  return result.response;
}

function topicName(b: BrokerState, t: FetchRequest['topics'][number]): string {
  if (t.topic !== undefined && t.topic !== '') return t.topic;
  return (t.topicId && b.topics.byId(t.topicId)?.name) ?? '';
}

function readAll(b: BrokerState, req: FetchRequest, ctx: RequestContext): { response: FetchResponse; bytes: number; hasError: boolean } {
  let budget = req.maxBytes ?? 0x7fffffff;
  let bytes = 0;
  let hasError = false;
  const responses: FetchableTopicResponse[] = req.topics.map((t) => {
    const name = topicName(b, t);
    return {
      topic: name,
      topicId: t.topicId ?? b.topics.get(name)?.topicId ?? Buffer.alloc(16),
      partitions: t.partitions.map((p) => {
        const data = readPartition(b, name, p.partition, p.fetchOffset, Math.min(p.partitionMaxBytes, budget), bytes === 0, ctx, replicaIdOf(req), p.lastFetchedEpoch ?? -1);
        const size = data.records?.length ?? 0;
        bytes += size;
        budget = Math.max(0, budget - size);
        if (data.errorCode !== 0 || data.divergingEpoch !== undefined) hasError = true; // answer at once, no long poll
        return data;
      }),
    };
  });
  return { response: { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses }, bytes, hasError };
}

/** The follower's broker id (Fetch v0-14 replicaId, v15+ replicaState), or -1 for a consumer. */
function replicaIdOf(req: FetchRequest): number {
  return req.replicaId !== undefined && req.replicaId >= 0 ? req.replicaId : (req.replicaState?.replicaId ?? -1);
}

function readPartition(b: BrokerState, topic: string, partition: number, offset: bigint, maxBytes: number, minOneBatch: boolean, ctx: RequestContext, replicaId: number, lastFetchedEpoch: number): PartitionData {
  const log = b.partitionLog(topic, partition);
  if (!log) return empty(partition, errorCode('UNKNOWN_TOPIC_OR_PARTITION'), -1n, -1n);
  // One node: every appended record is on every in-sync replica, so the high watermark is the log end.
  // In a replicated cluster the partition's replication state says (and consumers stop at it).
  const view = b.cluster?.fetchView(topic, partition, replicaId, offset, lastFetchedEpoch);
  if (view && view.errorCode !== 0) return empty(partition, view.errorCode, -1n, -1n);
  const hw = view ? view.highWatermark : log.logEndOffset;
  // A diverged follower gets where its log parts from this one, and no records (KIP-320).
  if (view?.divergingEpoch !== undefined) return { ...empty(partition, 0, hw, log.logStartOffset), divergingEpoch: { ...view.divergingEpoch } };
  try {
    const { bytes } = log.read(offset, maxBytes, view?.maxOffset === undefined ? { minOneBatch } : { minOneBatch, maxOffset: view.maxOffset });
    return { ...empty(partition, 0, hw, log.logStartOffset), records: bytes.length > 0 ? bytes : EMPTY };
  } catch (err) {
    if (err instanceof FjordError && err.code === 'OFFSET_OUT_OF_RANGE') return empty(partition, errorCode('OFFSET_OUT_OF_RANGE'), hw, log.logStartOffset);
    return empty(partition, errorCodeOf(err, b.logger, `fetch ${topic}-${partition}@${offset} for ${ctx.clientId}`), hw, log.logStartOffset);
  }
}

function empty(partitionIndex: number, code: number, hw: bigint, logStartOffset: bigint): PartitionData {
  return {
    partitionIndex,
    errorCode: code,
    highWatermark: hw,
    lastStableOffset: hw,
    logStartOffset,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: EMPTY,
  };
}
