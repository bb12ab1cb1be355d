/**
 * Routing of the partitioned APIs (Produce, Fetch, ListOffsets, DeleteRecords) to partition
 * leaders: split by leader, send each part, merge. A leader that cannot be reached answers its
 * partitions with the connection error (NETWORK_EXCEPTION / REQUEST_TIMED_OUT) instead of
 * failing the whole call, so a producer retries those batches itself. Reads (Fetch,
 * ListOffsets) go one step further: partitions whose leader moved are asked again here after a
 * metadata refresh, within the retry budget, because the consumer treats any partition error
 * of a fetch as fatal.
 */
import type { RequestOf, ResponseOf } from '../../broker/apis.js';
import { errorByName, errorCode } from '../../protocol/error-codes.js';
import type { BrokerConnection, SendOptions } from './connection.js';
import { NO_LEADER } from './cluster-metadata.js';
import { deleteRecordsShape, fetchShape, listOffsetsShape, produceShape, splitByLeader, type PartitionedShape } from './partition-routing.js';
import { isConnectionError } from './retry-budget.js';
import type { RoutingContext } from './routing-context.js';

export type PartitionedApi = 'Produce' | 'Fetch' | 'ListOffsets' | 'DeleteRecords';

const SHAPES: { [K in PartitionedApi]: PartitionedShape<RequestOf<K>, ResponseOf<K>> } = {
  Produce: produceShape,
  Fetch: fetchShape,
  ListOffsets: listOffsetsShape,
  DeleteRecords: deleteRecordsShape,
};

/** Reads the transport may repeat for partitions whose leader moved. */
const REPEATABLE: ReadonlySet<PartitionedApi> = new Set<PartitionedApi>(['Fetch', 'ListOffsets']);

/** Partition errors that mean the routing was wrong or the leader unreachable: refresh metadata. */
const ROUTING_ERRORS: ReadonlySet<number> = new Set(
  (['NOT_LEADER_OR_FOLLOWER', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT', 'KAFKA_STORAGE_ERROR'] as const).map((n) => errorCode(n)),
);

const UNKNOWN_TOPIC_OR_PARTITION = errorCode('UNKNOWN_TOPIC_OR_PARTITION');
const LEADER_NOT_AVAILABLE = errorCode('LEADER_NOT_AVAILABLE');
const NETWORK_EXCEPTION = errorCode('NETWORK_EXCEPTION');

export function isPartitionedApi(api: string): api is PartitionedApi {
  return api in SHAPES;
}

const key = (topic: string, partition: number): string => `${partition}:${topic}`;

export class LeaderRouter {
  constructor(private readonly ctx: RoutingContext) {}

  /** Sends a partitioned request to the leaders of its partitions and merges the answers. */
  async send<K extends PartitionedApi>(api: K, req: RequestOf<K>, options: SendOptions): Promise<ResponseOf<K> | null> {
    const shape = SHAPES[api] as PartitionedShape<RequestOf<K>, ResponseOf<K>>;
    const topics = new Set<string>();
    shape.forEachPartition(req, (topic) => topics.add(topic));
    const refresh = this.ctx.ensureTopics([...topics]);
    if (refresh) await refresh;
    let result = await this.sendOnce(shape, api, req, options);
    if (result === null) return result;
    let moved = this.misrouted(shape, result);
    if (!REPEATABLE.has(api)) return result;
    const budget = this.ctx.budget();
    while (moved.size > 0 && (await budget.next())) {
      const refresh = this.ctx.ensureTopics([...new Set([...moved.values()].map((tp) => tp.topic))]);
      if (refresh) await refresh;
      const asked = this.stillExisting(moved);
      const again = shape.subset(req, (topic, partition) => asked.has(key(topic, partition)));
      if (!again) break;
      const retried = (await this.sendOnce(shape, api, again, options))!;
      result = shape.merge([shape.without(result, (topic, partition) => asked.has(key(topic, partition))), retried]);
      moved = this.misrouted(shape, retried);
    }
    return result;
  }

  /** Of these partitions, those fresh metadata still knows (a leader, or an election under way): the others are gone. */
  private stillExisting(tps: Map<string, { topic: string; partition: number }>): Set<string> {
    const out = new Set<string>();
    for (const [k, tp] of tps) if (this.ctx.metadata.leaderOf(tp.topic, tp.partition) !== undefined) out.add(k);
    return out;
  }

  /** Partitions answered with a routing error; their topics are marked stale on the way. */
  private misrouted<Res>(shape: PartitionedShape<unknown, Res>, res: Res): Map<string, { topic: string; partition: number }> {
    const out = new Map<string, { topic: string; partition: number }>();
    shape.forEachResult(res, (topic, partition, code) => {
      if (!ROUTING_ERRORS.has(code)) return;
      this.ctx.metadata.invalidate(topic);
      out.set(key(topic, partition), { topic, partition });
    });
    return out;
  }

  private async sendOnce<Req, Res>(shape: PartitionedShape<Req, Res>, api: PartitionedApi, req: Req, options: SendOptions): Promise<Res | null> {
    const leaderOf = (topic: string, partition: number) => this.ctx.metadata.leaderOf(topic, partition);
    const split = splitByLeader(shape, req, leaderOf);
    const parts: Promise<Res | null>[] = [];
    for (const [node, part] of split.byNode) parts.push(this.sendToLeader(shape, api, node, part, options));
    if (parts.length === 1 && !split.unroutable) return parts[0];
    if (split.unroutable) parts.push(Promise.resolve(this.unroutable(shape, split.unroutable)));
    const answers = await Promise.all(parts);
    if (answers.some((a) => a === null)) return null; // acks=0: nothing to merge
    return shape.merge(answers as Res[]);
  }

  /** Partitions without a leader to send to: unknown topic/partition, or an election under way. */
  private unroutable<Req, Res>(shape: PartitionedShape<Req, Res>, req: Req): Res {
    const leaderOf = (topic: string, partition: number) => this.ctx.metadata.leaderOf(topic, partition);
    const unknown = shape.subset(req, (t, p) => leaderOf(t, p) === undefined);
    const electing = shape.subset(req, (t, p) => (leaderOf(t, p) ?? 0) <= NO_LEADER);
    const answers: Res[] = [];
    if (unknown) answers.push(shape.failed(unknown, UNKNOWN_TOPIC_OR_PARTITION, 'the partition is not in the cluster metadata'));
    if (electing) answers.push(shape.failed(electing, LEADER_NOT_AVAILABLE, 'the partition has no leader right now'));
    return shape.merge(answers);
  }

  private async sendToLeader<Req, Res>(shape: PartitionedShape<Req, Res>, api: PartitionedApi, node: number, part: Req, options: SendOptions): Promise<Res | null> {
    const conn: BrokerConnection | null = this.ctx.pool.forNode(node);
    if (!conn) return shape.failed(part, LEADER_NOT_AVAILABLE, `leader ${node} is not in the cluster metadata`);
    // A leader we just failed to reach: answer at once (a routing error, so metadata is refreshed
    // and the caller retries after retry.backoff.ms, maybe at a new leader) instead of queueing
    // behind the reconnect backoff, which grows to reconnect.backoff.max.ms while it is down.
    if (conn.inReconnectBackoff) return shape.failed(part, NETWORK_EXCEPTION, `${conn.description} is unreachable (waiting to reconnect)`);
    try {
      const res = await conn.send(api, part as RequestOf<PartitionedApi>, options);
      return res as Res | null;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      const code = errorByName(err.code)?.code ?? errorCode('NETWORK_EXCEPTION');
      return shape.failed(part, code, err.message);
    }
  }
}
