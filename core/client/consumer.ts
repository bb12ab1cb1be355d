/**
 * The consumer: subscribe (topics or a regex, with a consumer group) or assign partitions, then
 * poll. Positions start from the group's committed offsets or auto.offset.reset; commits are
 * explicit (commitSync/commitAsync) or automatic every auto.commit.interval.ms.
 */
import { FjordError, kafkaError } from '../errors.js';
import { systemClock, type Clock } from '../io/clock.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { systemTimers, type Timers } from '../io/timers.js';
import { errorCode } from '../protocol/error-codes.js';
import { resolveConsumerConfig, type ConsumerConfig } from './consumer-config.js';
import { fetchOnce, type PartitionFetch } from './fetcher.js';
import { GroupMember } from './group-member.js';
import { MetadataCache } from './metadata-cache.js';
import { commitOffsets, fetchCommitted, listOffsets } from './offset-lookups.js';
import { tpKey, type ConsumerRecord, type TopicPartition } from './record-types.js';
import { SubscriptionState } from './subscription-state.js';
import type { Transport } from './transport.js';

export interface RebalanceListener {
  onPartitionsRevoked?(partitions: TopicPartition[]): void | Promise<void>;
  onPartitionsAssigned?(partitions: TopicPartition[]): void | Promise<void>;
}

export class Consumer {
  readonly config: ConsumerConfig;
  private readonly state = new SubscriptionState();
  private readonly metadata: MetadataCache;
  private readonly member: GroupMember | null;
  private listener: RebalanceListener = {};
  private buffered: ConsumerRecord[] = [];
  private lastAutoCommitMs: number;
  private lastTopicScanMs = -Infinity;
  private closed = false;

  constructor(
    private readonly transport: Transport,
    config: Partial<ConsumerConfig> = {},
    private readonly clock: Clock = systemClock,
    private readonly timers: Timers = systemTimers,
    private readonly logger: Logger = silentLogger,
  ) {
    this.config = resolveConsumerConfig(config);
    this.metadata = new MetadataCache(transport, this.config.allowAutoCreateTopics);
    this.member = this.config.groupId ? new GroupMember(transport, this.config, this.config.groupId, this.metadata, timers, logger) : null;
    this.lastAutoCommitMs = clock.nowMs();
  }

  /** Joins the group for these topics (or every topic matching the regex). */
  subscribe(topics: string[] | RegExp, listener: RebalanceListener = {}): void {
    if (!this.member) throw new FjordError('INVALID_ARGUMENT', 'subscribe() needs a groupId; use assign() without one');
    if (this.state.mode === 'assign') throw new FjordError('INVALID_ARGUMENT', 'subscribe() after assign(): call unsubscribe() first');
    this.state.mode = 'subscribe';
    this.state.topics = Array.isArray(topics) ? [...topics] : [];
    this.state.pattern = topics instanceof RegExp ? topics : null;
    this.listener = listener;
    this.member.needsJoin = true;
  }

  /** Reads exactly these partitions, outside any group rebalancing. */
  assign(partitions: TopicPartition[]): void {
    if (this.state.mode === 'subscribe') throw new FjordError('INVALID_ARGUMENT', 'assign() after subscribe(): call unsubscribe() first');
    this.state.mode = 'assign';
    this.state.setAssignment(partitions);
    this.dropBuffered((r) => !this.state.has(r));
  }

  async unsubscribe(): Promise<void> {
    if (this.state.mode === 'subscribe' && this.member) {
      await this.revoke(this.state.assignment());
      await this.member.leave();
    }
    this.state.mode = 'none';
    this.state.setAssignment([]);
    this.buffered = [];
  }

  assignment(): TopicPartition[] {
    return this.state.assignment();
  }

  /** Returns up to maxPollRecords records, waiting at most timeoutMs for some to arrive. */
  async poll(timeoutMs: number): Promise<ConsumerRecord[]> {
    if (this.closed) throw new FjordError('CLOSED', 'the consumer is closed');
    if (this.state.mode === 'none') throw new FjordError('INVALID_ARGUMENT', 'poll() before subscribe() or assign()');
    const deadline = this.clock.nowMs() + timeoutMs;
    for (;;) {
      await this.ensureActive();
      await this.maybeAutoCommit();
      if (this.buffered.length > 0) return this.take();
      await this.resolvePositions();
      const fetchable = this.state.fetchable();
      const remaining = deadline - this.clock.nowMs();
      if (fetchable.length > 0) {
        const results = await fetchOnce(this.transport, this.config, fetchable, Math.max(0, Math.min(remaining, this.config.fetchMaxWaitMs)));
        await this.absorb(results);
        if (this.buffered.length > 0) return this.take();
      } else if (remaining > 0) {
        // Nothing assigned yet (or all paused): wait a little instead of spinning.
        await new Promise<void>((r) => this.timers.setTimeout(r, Math.min(remaining, 50)));
      }
      if (this.clock.nowMs() >= deadline) return [];
    }
  }

  /** Async iteration: `for await (const record of consumer)` polls until the consumer is closed. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ConsumerRecord> {
    while (!this.closed) {
      const records = await this.poll(1000);
      for (const r of records) yield r;
    }
  }

  private take(): ConsumerRecord[] {
    const out = this.buffered.length <= this.config.maxPollRecords ? this.buffered : this.buffered.slice(0, this.config.maxPollRecords);
    this.buffered = out === this.buffered ? [] : this.buffered.slice(out.length);
    // Records of one partition are in offset order: the last one seen of each sets its position.
    let last: ConsumerRecord | null = null;
    for (let i = out.length - 1; i >= 0; i--) {
      const r = out[i];
      if (last && last.topic === r.topic && last.partition === r.partition) continue;
      const p = this.state.get(r.topic, r.partition);
      if (p && (last === null || p.position === null || p.position <= r.offset)) p.position = r.offset + 1n;
      last = r;
    }
    return out;
  }

  private async absorb(results: PartitionFetch[]): Promise<void> {
    for (const f of results) {
      const p = this.state.get(f.topic, f.partition);
      if (!p || p.paused) continue;
      if (f.errorCode === errorCode('OFFSET_OUT_OF_RANGE')) {
        this.logger.warn(`${f.topic}-${f.partition}: offset ${p.position} is out of range; resetting (auto.offset.reset=${this.config.autoOffsetReset})`);
        p.position = null;
        await this.resetPositions([p]);
        continue;
      }
      if (f.errorCode !== 0) {
        const err = kafkaError(f.errorCode, `fetch of ${f.topic}-${f.partition}`);
        // As Kafka's consumer: a retriable error (leader moved, topic being created) means no data
        // this round; the transport refreshes metadata and the next poll fetches again.
        if (!err.retriable) throw err;
        this.logger.warn(`${err.message}; retrying on the next poll`);
        continue;
      }
      if (f.records.length > 0) this.buffered = this.buffered.length === 0 ? f.records : this.buffered.concat(f.records);
      else if (f.nextOffset > (p.position ?? 0n)) p.position = f.nextOffset; // only control records/skipped
    }
  }

  private async ensureActive(): Promise<void> {
    if (this.state.mode !== 'subscribe' || !this.member) return;
    const now = this.clock.nowMs();
    if (this.state.pattern && now - this.lastTopicScanMs >= Math.min(this.config.metadataMaxAgeMs, 5000)) {
      this.lastTopicScanMs = now;
      const existing = (await this.metadata.refresh(null)).map((t) => t.name);
      const matched = this.state.subscribedTopics(existing);
      if (matched.join(',') !== this.state.topics.join(',')) {
        this.state.topics = matched;
        this.member.needsJoin = true;
      }
    }
    if (!this.member.needsJoin) return;
    const owned = this.state.assignment();
    if (!this.member.cooperative) await this.revoke(owned);
    const { partitions } = await this.member.join(this.state.topics, this.member.cooperative ? owned : []);
    const current = this.state.assignment();
    const revoked = current.filter((tp) => !partitions.some((n) => n.topic === tp.topic && n.partition === tp.partition));
    const added = partitions.filter((tp) => !current.some((c) => c.topic === tp.topic && c.partition === tp.partition));
    if (revoked.length > 0) await this.revoke(revoked);
    this.state.setAssignment(partitions);
    this.dropBuffered((r) => !this.state.has(r));
    await this.listener.onPartitionsAssigned?.(added);
    // Cooperative protocol: partitions we gave up can only be handed out in a follow-up rebalance.
    if (this.member.cooperative && revoked.length > 0) this.member.needsJoin = true;
  }

  private async revoke(tps: TopicPartition[]): Promise<void> {
    if (tps.length === 0) return;
    if (this.config.enableAutoCommit) await this.commitPositions(tps).catch((err: Error) => this.logger.warn(`commit before revoke failed: ${err.message}`));
    await this.listener.onPartitionsRevoked?.(tps);
    const gone = new Set(tps.map((tp) => tpKey(tp.topic, tp.partition)));
    this.state.setAssignment(this.state.assignment().filter((tp) => !gone.has(tpKey(tp.topic, tp.partition))));
    this.dropBuffered((r) => gone.has(tpKey(r.topic, r.partition)));
  }

  private dropBuffered(drop: (tp: TopicPartition) => boolean): void {
    this.buffered = this.buffered.filter((r) => !drop(r));
  }

  private async resolvePositions(): Promise<void> {
    const missing = this.state.needingPosition();
    if (missing.length === 0) return;
    if (this.config.groupId) {
      for (const c of await fetchCommitted(this.transport, this.config.groupId, missing)) {
        const p = this.state.get(c.topic, c.partition);
        if (p && p.position === null && c.offset >= 0n) p.position = c.offset;
      }
    }
    await this.resetPositions(this.state.needingPosition());
  }

  private async resetPositions(parts: { topic: string; partition: number; position: bigint | null }[]): Promise<void> {
    if (parts.length === 0) return;
    if (this.config.autoOffsetReset === 'none') {
      const list = parts.map((p) => `${p.topic}-${p.partition}`).join(', ');
      throw new FjordError('OFFSET_OUT_OF_RANGE', `no committed offset for ${list} and auto.offset.reset is none`);
    }
    const offsets = await listOffsets(this.transport, parts, this.config.autoOffsetReset === 'earliest' ? -2n : -1n);
    for (const p of parts) p.position = offsets.get(tpKey(p.topic, p.partition)) ?? 0n;
  }

  /** Sets the next offset poll() returns for a partition. */
  seek(tp: TopicPartition, offset: bigint | number): void {
    const p = this.requireAssigned(tp);
    p.position = BigInt(offset);
    this.dropBuffered((r) => r.topic === tp.topic && r.partition === tp.partition);
  }

  async seekToBeginning(tps: TopicPartition[] = this.assignment()): Promise<void> {
    await this.seekTo(tps, -2n);
  }

  async seekToEnd(tps: TopicPartition[] = this.assignment()): Promise<void> {
    await this.seekTo(tps, -1n);
  }

  private async seekTo(tps: TopicPartition[], timestamp: bigint): Promise<void> {
    if (tps.length === 0) return;
    const offsets = await listOffsets(this.transport, tps, timestamp);
    for (const tp of tps) this.seek(tp, offsets.get(tpKey(tp.topic, tp.partition)) ?? 0n);
  }

  /** The next offset poll() will return for the partition (resolving it if needed). */
  async position(tp: TopicPartition): Promise<bigint> {
    const p = this.requireAssigned(tp);
    if (p.position === null) await this.resolvePositions();
    return p.position!;
  }

  pause(tps: TopicPartition[]): void {
    for (const tp of tps) this.requireAssigned(tp).paused = true;
    this.dropBuffered((r) => tps.some((tp) => tp.topic === r.topic && tp.partition === r.partition));
  }

  resume(tps: TopicPartition[]): void {
    for (const tp of tps) this.requireAssigned(tp).paused = false;
  }

  paused(): TopicPartition[] {
    return this.state.all().filter((p) => p.paused).map(({ topic, partition }) => ({ topic, partition }));
  }

  private requireAssigned(tp: TopicPartition) {
    const p = this.state.get(tp.topic, tp.partition);
    if (!p) throw new FjordError('INVALID_ARGUMENT', `${tp.topic}-${tp.partition} is not assigned to this consumer`);
    return p;
  }

  /** Commits the given offsets, or the current position of every assigned partition. */
  /** Commits positions (or these offsets, each with optional metadata, Kafka's OffsetAndMetadata). */
  async commitSync(offsets?: { topic: string; partition: number; offset: bigint; metadata?: string | null }[]): Promise<void> {
    if (offsets) return this.commit(offsets);
    return this.commitPositions(this.state.assignment());
  }

  /** Like commitSync, but errors go to the callback (or the logger) instead of the caller. */
  commitAsync(offsets?: { topic: string; partition: number; offset: bigint }[], callback?: (err: Error | null) => void): void {
    this.commitSync(offsets).then(
      () => callback?.(null),
      (err: Error) => (callback ? callback(err) : this.logger.warn(`commitAsync failed: ${err.message}`)),
    );
  }

  /** The group's committed offsets for these partitions (-1 where none), with their metadata. */
  async committed(tps: TopicPartition[]): Promise<{ topic: string; partition: number; offset: bigint; metadata: string | null }[]> {
    if (!this.config.groupId) throw new FjordError('INVALID_ARGUMENT', 'committed() needs a groupId');
    return fetchCommitted(this.transport, this.config.groupId, tps);
  }

  private async commitPositions(tps: TopicPartition[]): Promise<void> {
    const offsets = tps
      .map((tp) => ({ ...tp, offset: this.state.get(tp.topic, tp.partition)?.position ?? null }))
      .filter((o): o is { topic: string; partition: number; offset: bigint } => o.offset !== null);
    if (offsets.length > 0) await this.commit(offsets);
  }

  private async commit(offsets: { topic: string; partition: number; offset: bigint; metadata?: string | null }[]): Promise<void> {
    if (!this.config.groupId) throw new FjordError('INVALID_ARGUMENT', 'committing offsets needs a groupId');
    const inGroup = this.state.mode === 'subscribe' && this.member;
    await commitOffsets(this.transport, {
      groupId: this.config.groupId,
      generationId: inGroup ? this.member!.generationId : -1,
      memberId: inGroup ? this.member!.memberId : '',
      groupInstanceId: inGroup ? this.config.groupInstanceId : null,
      offsets,
    });
  }

  private async maybeAutoCommit(): Promise<void> {
    if (!this.config.enableAutoCommit || !this.config.groupId) return;
    const now = this.clock.nowMs();
    if (now - this.lastAutoCommitMs < this.config.autoCommitIntervalMs) return;
    this.lastAutoCommitMs = now;
    await this.commitPositions(this.state.assignment()).catch((err: Error) => this.logger.warn(`auto commit failed: ${err.message}`));
  }

  /** Commits (when auto commit is on), leaves the group and stops heartbeats. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.config.enableAutoCommit && this.config.groupId && this.state.mode !== 'none') {
      await this.commitPositions(this.state.assignment()).catch((err: Error) => this.logger.warn(`commit on close failed: ${err.message}`));
    }
    if (this.state.mode === 'subscribe' && this.member) {
      await this.listener.onPartitionsRevoked?.(this.state.assignment());
      await this.member.leave();
    }
    this.member?.stop();
    this.closed = true;
  }
}
