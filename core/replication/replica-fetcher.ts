/**
 * Followers fetch from leaders (Kafka's ReplicaFetcherThread): one fetch loop per leader broker
 * covering every partition this broker follows there. Each round sends Fetch with this broker's
 * replica id and each partition's log end as the fetch offset (which is how the leader learns the
 * follower's progress), appends whole batches as they came — keeping the leader's offsets and
 * leader epochs — and remembers the leader's high watermark. A follower whose log diverged (a
 * tail from an old leadership) is told by the leader where its last epoch ends there
 * (DivergingEpoch, KIP-320) and truncates only that tail (`divergence.ts`); one whose log ends
 * before the leader's log start (retention, DeleteRecords) is emptied and starts there.
 */
import type { Broker } from '../broker/broker.js';
import { BrokerConnection } from '../client/kafka/connection.js';
import { tcpDialer } from '../client/kafka/byte-stream.js';
import { resolveKafkaTransportConfig, type BrokerAddress } from '../client/kafka/kafka-config.js';
import { errorCode } from '../protocol/error-codes.js';
import type { FetchRequest, FetchResponse } from '../protocol/generated/fetch.js';
import type { Logger } from '../io/logger.js';
import type { DivergingEpoch } from './divergence.js';
import { divergedAction, followerHighWatermark, outOfRangeAction } from './follower-step.js';
import { systemClock } from '../io/clock.js';
import { systemTimers } from '../io/timers.js';

/** Fetch tunables (Kafka's replica.fetch.*). */
export interface ReplicaFetchOptions {
  readonly maxWaitMs: number;
  readonly partitionMaxBytes: number;
  readonly responseMaxBytes: number;
  readonly backoffMs: number;
}

export const REPLICA_FETCH_DEFAULTS: ReplicaFetchOptions = { maxWaitMs: 500, partitionMaxBytes: 1024 * 1024, responseMaxBytes: 10 * 1024 * 1024, backoffMs: 100 };

/** One partition this broker follows. */
interface Followed {
  readonly topic: string;
  readonly partition: number;
  leaderEpoch: number;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The fetch loop towards one leader broker. */
class LeaderFetcher {
  readonly partitions = new Map<string, Followed>();
  private readonly connection: BrokerConnection;
  private running = false;
  stopped = false;

  constructor(
    readonly leaderId: number,
    readonly address: BrokerAddress,
    private readonly owner: ReplicaFetchers,
  ) {
    this.connection = new BrokerConnection({
      nodeId: leaderId, address,
      config: resolveKafkaTransportConfig({ bootstrap: [address], clientId: `fjord-replica-${owner.brokerId}`, requestTimeoutMs: 10000 }),
      dial: tcpDialer, clock: systemClock, timers: systemTimers, logger: owner.logger,
      topicIds: { idOf: () => undefined, nameOf: () => undefined },
    });
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop().finally(() => (this.running = false));
  }

  stop(): void {
    this.stopped = true;
    this.connection.close();
  }

  private async loop(): Promise<void> {
    const o = this.owner.options;
    while (!this.stopped && this.partitions.size > 0) {
      try {
        // The logs the request was built from: a response for a log deleted (and maybe re-created)
        // meanwhile belongs to the old topic and must not land in the new one.
        const logs = new Map([...this.partitions.values()].map((f) => [key(f.topic, f.partition), this.owner.logOf(f.topic, f.partition)]));
        const res = await this.connection.send('Fetch', this.request(), { extraTimeoutMs: o.maxWaitMs });
        if (res !== null && !this.stopped && this.handle(res, logs)) await sleep(o.backoffMs);
      } catch (err) {
        if (this.stopped) return;
        this.owner.logger.warn(`replica fetch from broker ${this.leaderId} failed: ${(err as Error).message}`);
        await sleep(o.backoffMs);
      }
    }
  }

  private request(): FetchRequest {
    const o = this.owner.options;
    const byTopic = new Map<string, Followed[]>();
    for (const f of this.partitions.values()) byTopic.set(f.topic, [...(byTopic.get(f.topic) ?? []), f]);
    return {
      replicaId: this.owner.brokerId, replicaState: { replicaId: this.owner.brokerId, replicaEpoch: -1n },
      maxWaitMs: o.maxWaitMs, minBytes: 1, maxBytes: o.responseMaxBytes, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [...byTopic].map(([topic, list]) => ({
        topic,
        partitions: list.map((f) => ({
          partition: f.partition, currentLeaderEpoch: f.leaderEpoch, fetchOffset: this.owner.logEnd(f.topic, f.partition),
          lastFetchedEpoch: this.owner.lastEpoch(f.topic, f.partition), logStartOffset: -1n, partitionMaxBytes: o.partitionMaxBytes,
        })),
      })),
      forgottenTopicsData: [], rackId: '',
    };
  }

  /** Applies a response; true when some partition should wait before fetching again. */
  private handle(res: FetchResponse, logs: ReadonlyMap<string, unknown>): boolean {
    let backoff = false;
    for (const t of res.responses) {
      for (const p of t.partitions) {
        const topic = t.topic ?? '';
        const k = key(topic, p.partitionIndex);
        if (!this.partitions.has(k) || logs.get(k) !== this.owner.logOf(topic, p.partitionIndex)) continue;
        const diverging = p.divergingEpoch !== undefined && p.divergingEpoch.endOffset >= 0n ? p.divergingEpoch : null;
        if (p.errorCode === 0 && diverging !== null) this.owner.truncateDiverged(topic, p.partitionIndex, diverging, this.leaderId);
        else if (p.errorCode === 0) this.owner.appendFetched(topic, p.partitionIndex, p.records, p.highWatermark, p.logStartOffset ?? -1n);
        else if (p.errorCode === errorCode('OFFSET_OUT_OF_RANGE')) backoff = this.owner.outOfRange(topic, p.partitionIndex, p.logStartOffset ?? -1n, p.highWatermark, this.leaderId) || backoff;
        else backoff = true; // NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION: metadata will catch up
      }
    }
    return backoff;
  }
}

/** Every fetch loop of one follower broker (see the file comment). */
export class ReplicaFetchers {
  private readonly fetchers = new Map<number, LeaderFetcher>();
  private readonly highWatermarks = new Map<string, bigint>();
  private stopped = false;

  constructor(
    readonly brokerId: number,
    private readonly broker: Broker,
    readonly logger: Logger,
    readonly options: ReplicaFetchOptions = REPLICA_FETCH_DEFAULTS,
  ) {
    broker.producerStates.holdReplicas();
  }

  /** Follows `topic`-`partition` at `leaderId` (moving it from any other leader's loop). */
  follow(topic: string, partition: number, leaderId: number, leaderEpoch: number, address: BrokerAddress): void {
    if (this.stopped) return; // a late image after shutdown must not start a fetcher on closed logs
    const k = key(topic, partition);
    for (const [id, f] of this.fetchers) if (id !== leaderId) f.partitions.delete(k);
    let fetcher = this.fetchers.get(leaderId);
    if (fetcher !== undefined && (fetcher.address.host !== address.host || fetcher.address.port !== address.port)) {
      fetcher.stop();
      this.fetchers.delete(leaderId);
      fetcher = undefined;
    }
    if (fetcher === undefined) {
      fetcher = new LeaderFetcher(leaderId, address, this);
      this.fetchers.set(leaderId, fetcher);
    }
    // Before the first fetch, the high watermark is the one checkpointed (Kafka's
    // replication-offset-checkpoint), not 0: a follower made leader starts from it.
    const checkpointed = this.highWatermarks.has(k) ? undefined : this.broker.logs.checkpointedHighWatermark(topic, partition);
    if (checkpointed !== undefined) this.highWatermarks.set(k, checkpointed);
    const existing = fetcher.partitions.get(k);
    if (existing) existing.leaderEpoch = leaderEpoch;
    else fetcher.partitions.set(k, { topic, partition, leaderEpoch });
    fetcher.start();
  }

  unfollow(topic: string, partition: number): void {
    const k = key(topic, partition);
    for (const f of this.fetchers.values()) f.partitions.delete(k);
  }

  /** The leader's high watermark as last fetched (bounded by this log's end), or undefined. */
  highWatermark(topic: string, partition: number): bigint | undefined {
    return this.highWatermarks.get(key(topic, partition));
  }

  /** Every high watermark this follower knows, for the checkpoint file. */
  highWatermarkEntries(): { topic: string; partition: number; offset: bigint }[] {
    return [...this.highWatermarks].map(([k, offset]) => {
      const [topic, partition] = k.split('\u0000') as [string, string];
      return { topic, partition: Number(partition), offset };
    });
  }

  stop(): void {
    this.stopped = true;
    for (const f of this.fetchers.values()) f.stop();
    this.fetchers.clear();
  }

  /** The leader epoch of this replica's last batch (-1 if none): the leader checks it for divergence. */
  lastEpoch(topic: string, partition: number): number {
    return this.broker.partitionLog(topic, partition)?.leaderEpochs().at(-1)?.epoch ?? -1;
  }

  logOf(topic: string, partition: number): unknown {
    return this.broker.partitionLog(topic, partition);
  }

  logEnd(topic: string, partition: number): bigint {
    return this.broker.partitionLog(topic, partition)?.logEndOffset ?? 0n;
  }

  /**
   * Appends fetched batches one by one, keeping the leader's offsets and epochs, and records
   * their producers (Kafka's appendAsFollower) so that this replica, once leader, continues
   * every idempotent producer's sequences and recognises its retries.
   */
  appendFetched(topic: string, partition: number, records: Buffer | null, leaderHw: bigint, leaderLogStart = -1n): void {
    const log = this.broker.partitionLog(topic, partition);
    if (log === undefined) return;
    const producers = this.broker.producerStates.forPartition(topic, partition, log);
    const bytes = records ?? Buffer.alloc(0);
    let pos = 0;
    while (pos + 17 <= bytes.length) {
      const baseOffset = bytes.readBigInt64BE(pos);
      const size = 12 + bytes.readInt32BE(pos + 8);
      if (pos + size > bytes.length) break; // a partial batch at the end of the response
      const batch = bytes.subarray(pos, pos + size);
      pos += size;
      if (baseOffset < log.logEndOffset) continue; // already here (a repeated response)
      // Kept as the leader wrote it: offsets (a gap is a compacted range), epoch, timestamps.
      producers.appendAsFollower(Buffer.from(batch));
    }
    const hw = followerHighWatermark(leaderHw, log.logEndOffset);
    this.highWatermarks.set(key(topic, partition), hw);
    // The leader's log start moved (DeleteRecords, retention): follow it up to our high
    // watermark, as Kafka's follower does (maybeIncrementLogStartOffset).
    if (leaderLogStart > log.logStartOffset && leaderLogStart <= hw) log.deleteRecordsBefore(leaderLogStart);
  }

  /** The leader says our log diverged: cut it where the diverging epoch ends on both sides. */
  truncateDiverged(topic: string, partition: number, diverging: DivergingEpoch, leaderId: number): void {
    const log = this.broker.partitionLog(topic, partition);
    if (log === undefined) return;
    const action = divergedAction({ epochs: log.leaderEpochs(), logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset }, diverging);
    if (action.kind !== 'truncate' && action.kind !== 'truncate-fully') return;
    const target = action.offset;
    this.logger.info(
      `replica of ${topic}-${partition} diverged from leader ${leaderId} (epoch ${diverging.epoch} ends at ${diverging.endOffset} there): ` +
        `truncating from ${log.logEndOffset} to ${target}`,
    );
    const full = action.kind === 'truncate-fully';
    this.broker.producerStates.truncated(topic, partition, log, full);
    if (full) this.broker.logs.truncateFullyAndStartAt(topic, partition, target);
    else this.broker.logs.truncateTo(topic, partition, target);
    this.clampHighWatermark(topic, partition);
  }

  /**
   * The leader refused our fetch offset. Below its log start (retention or DeleteRecords moved
   * it past our end): empty the log and start there, as Kafka does. Otherwise our log runs past
   * the leader's and carries no epochs to compare: cut it back to the leader's high watermark.
   * Returns true when nothing could be done (fetch again after a backoff).
   */
  outOfRange(topic: string, partition: number, leaderLogStart: bigint, leaderHw: bigint, leaderId: number): boolean {
    const log = this.broker.partitionLog(topic, partition);
    if (log === undefined) return true;
    const end = log.logEndOffset;
    const action = outOfRangeAction({ epochs: [], logStartOffset: log.logStartOffset, logEndOffset: end }, leaderLogStart, leaderHw);
    const full = action.kind === 'truncate-fully';
    const cut = action.kind !== 'retry';
    if (cut) this.broker.producerStates.truncated(topic, partition, log, full);
    if (full) {
      this.logger.warn(`replica of ${topic}-${partition} ends at ${end}, before leader ${leaderId}'s log start ${leaderLogStart}: emptying it and fetching from ${leaderLogStart}`);
      this.broker.logs.truncateFullyAndStartAt(topic, partition, leaderLogStart);
    } else if (cut) {
      this.logger.warn(`replica of ${topic}-${partition} is out of range at leader ${leaderId}: truncating from ${end} to the leader's high watermark ${leaderHw}`);
      this.broker.logs.truncateTo(topic, partition, leaderHw);
    } else {
      this.logger.warn(`replica of ${topic}-${partition} is out of range at leader ${leaderId} (our log ${log.logStartOffset}..${end}, leader log start ${leaderLogStart}, high watermark ${leaderHw}); retrying`);
      return true;
    }
    this.clampHighWatermark(topic, partition);
    return false;
  }

  /**
   * After a truncation the high watermark never passes the log end. (The producer state was
   * dropped just before the cut, snapshots first: a crash in between leaves the whole log to
   * replay, never a snapshot describing records that are gone.)
   */
  private clampHighWatermark(topic: string, partition: number): void {
    const k = key(topic, partition);
    const end = this.broker.partitionLog(topic, partition)?.logEndOffset ?? 0n;
    const hw = this.highWatermarks.get(k);
    if (hw !== undefined && hw > end) this.highWatermarks.set(k, end);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
