/**
 * The broker: a data directory of partition logs, topic metadata, the group coordinator and the
 * offsets topic, answering Kafka API requests given as decoded objects. Transport-free: the
 * embedded client calls `handle` in-process; the TCP server (wire-protocol issue) will decode
 * frames and call the same method.
 */
import { FjordError } from '../errors.js';
import { acquireDirLock, type DirLock } from '../io/dir-lock.js';
import { systemClock, type Clock } from '../io/clock.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { nodeStorage } from '../io/node-storage.js';
import type { Storage } from '../io/storage.js';
import { systemTimers, type TimerHandle, type Timers } from '../io/timers.js';
import { GroupCoordinator } from '../group/group-coordinator.js';
import { parseTopicConfig } from '../log/log-config.js';
import { LogManager } from '../log/log-manager.js';
import type { PartitionLog } from '../log/partition-log.js';
import { supportedApis, type ApiName, type RequestOf, type ResponseOf } from './apis.js';
import { AppendWaiters } from './append-waiters.js';
import { defaultBrokerConfig, type BrokerConfig } from './broker-config.js';
import type { ClusterHooks } from './cluster-hooks.js';
import type { BrokerState, Endpoint, RequestContext } from './broker-state.js';
import { handlers } from './dispatch.js';
import { OffsetsTopic, offsetsTopicConfigs } from './offsets-topic.js';
import { ProducerStateManager } from './producer-state/producer-state-manager.js';
import { CONSUMER_OFFSETS_TOPIC } from './topic-names.js';
import { TopicStore, type TopicInfo } from './topic-store.js';

export interface BrokerOptions {
  dataDir: string;
  config?: Partial<BrokerConfig>;
  /** Address this broker gives clients in Metadata/FindCoordinator (the embedded one has none). */
  endpoint?: Endpoint;
  /**
   * Keep group members restored from __consumer_offsets until their sessions end, as Kafka does
   * (their clients may reconnect). Default false: without a network listener every client of the
   * previous process died with it, so restored members are removed at once.
   */
  keepRestoredGroupMembers?: boolean;
  /** Who holds the data-dir lock, shown to a second process that tries to open it. */
  lockOwner?: string;
  storage?: Storage;
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
}

export class Broker implements BrokerState {
  readonly appendWaiters: AppendWaiters;
  readonly offsetsTopic: OffsetsTopic;
  private groupTimer: TimerHandle | null = null;
  private groupTimerAtMs = Infinity;
  private housekeepingTimer: TimerHandle | null = null;
  private closed = false;
  /** Set by the cluster runtime (core/replication) when this broker joins a replicated cluster. */
  cluster: ClusterHooks | null = null;

  private constructor(
    readonly config: BrokerConfig,
    readonly endpoint: Endpoint,
    readonly clock: Clock,
    readonly timers: Timers,
    readonly logger: Logger,
    readonly topics: TopicStore,
    readonly logs: LogManager,
    readonly groups: GroupCoordinator,
    readonly producerStates: ProducerStateManager,
    private readonly lock: DirLock | null,
  ) {
    this.appendWaiters = new AppendWaiters(timers);
    this.offsetsTopic = new OffsetsTopic((t, p) => this.partitionLog(t, p), config.offsetsTopicNumPartitions);
  }

  get clusterId(): string {
    return this.logs.clusterId;
  }

  /** Opens (creating if needed) a data directory: locks it, recovers logs, replays group offsets. */
  static async open(options: BrokerOptions): Promise<Broker> {
    const config = { ...defaultBrokerConfig, ...options.config };
    const storage = options.storage ?? nodeStorage;
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    storage.mkdirp(options.dataDir);
    const lock = storage === nodeStorage ? acquireDirLock(options.dataDir, { owner: options.lockOwner ?? `fjord (pid ${process.pid})` }) : null;
    const stale = lock?.tookOverStaleFrom;
    if (stale) logger.warn(`took over the stale lock of ${options.dataDir} (holder pid ${stale.holder?.pid ?? 'unknown'}: ${stale.reason})`);
    try {
      const topics = TopicStore.open(storage, options.dataDir);
      const logs = LogManager.open(options.dataDir, { storage, clock, logger: (line: string, level?: 'info' | 'warn') => (level === 'info' ? logger.info(line) : logger.warn(line)) }, {
        nodeId: config.nodeId,
        configFor: (topic) => parseTopicConfig(topics.get(topic)?.configs ?? {}),
        retentionCheckIntervalMs: config.logRetentionCheckIntervalMs,
        // Compaction of a large log yields between steps so requests keep being served.
        pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
      });
      const groups = new GroupCoordinator(config, clock);
      const producerStates = ProducerStateManager.open({
        storage,
        dataDir: options.dataDir,
        clock,
        logger,
        producerIdExpirationMs: config.producerIdExpirationMs,
        producerIdExpirationCheckIntervalMs: config.producerIdExpirationCheckIntervalMs,
      });
      const endpoint = options.endpoint ?? { host: 'embedded', port: 0 };
      const broker = new Broker(config, endpoint, clock, options.timers ?? systemTimers, logger, topics, logs, groups, producerStates, lock);
      await broker.start(options.keepRestoredGroupMembers ?? false);
      return broker;
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  private async start(keepRestoredGroupMembers: boolean): Promise<void> {
    for (const t of this.topics.list()) this.openPartitionLogs(t, 0);
    if (!this.topics.get(CONSUMER_OFFSETS_TOPIC)) {
      this.createTopic(CONSUMER_OFFSETS_TOPIC, this.config.offsetsTopicNumPartitions, offsetsTopicConfigs(this.config.offsetsTopicSegmentBytes));
    }
    const replayed = await this.offsetsTopic.replayInto(this.groups);
    if (replayed > 0) this.logger.info(`loaded ${replayed} record(s) from ${CONSUMER_OFFSETS_TOPIC}`);
    if (!keepRestoredGroupMembers) this.groups.expireAllMembers();
    this.afterGroupChange();
    this.scheduleHousekeeping();
  }

  /** Answers one request. Null means "no response" (Produce with acks=0). */
  async handle<K extends ApiName>(api: K, request: RequestOf<K>, ctx: RequestContext): Promise<ResponseOf<K> | null> {
    if (this.closed) throw new FjordError('CLOSED', 'the broker is closed');
    const range = supportedApis[api];
    if (ctx.apiVersion < range.minVersion || ctx.apiVersion > range.maxVersion) {
      throw new FjordError('UNSUPPORTED_VERSION', `${api} v${ctx.apiVersion} is not supported (supported: v${range.minVersion}-v${range.maxVersion})`);
    }
    const handler = handlers[api] as (b: BrokerState, r: RequestOf<K>, c: RequestContext) => ResponseOf<K> | null | Promise<ResponseOf<K> | null>;
    return handler(this, request, ctx);
  }

  partitionLog(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(topic, partition);
  }

  createTopic(name: string, partitions: number, configs: Record<string, string>): TopicInfo {
    parseTopicConfig(configs);
    const info = this.topics.create(name, partitions, configs);
    this.openPartitionLogs(info, 0);
    return info;
  }

  deleteTopic(name: string): void {
    this.producerStates.dropTopic(name);
    this.logs.deleteTopic(name);
    this.topics.delete(name);
  }

  createPartitions(name: string, count: number): void {
    const info = this.topics.get(name);
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    const from = info.partitions;
    this.topics.setPartitions(name, count);
    this.openPartitionLogs(info, from);
  }

  setTopicConfigs(name: string, configs: Record<string, string>): void {
    const config = parseTopicConfig(configs);
    this.topics.setConfigs(name, configs);
    const info = this.topics.get(name)!;
    for (let p = 0; p < info.partitions; p++) this.partitionLog(name, p)?.updateConfig(config);
  }

  private openPartitionLogs(info: TopicInfo, fromPartition: number): void {
    const config = parseTopicConfig(info.configs);
    for (let p = fromPartition; p < info.partitions; p++) this.logs.getOrCreate(info.name, p, config);
  }

  afterGroupChange(): void {
    this.persistGroupRecords();
    this.scheduleGroupTick();
  }

  private persistGroupRecords(): void {
    const records = this.groups.drainRecords();
    if (records.length === 0) return;
    const byGroup = new Map<string, typeof records>();
    for (const r of records) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
    for (const [group, list] of byGroup) {
      this.offsetsTopic.append(group, list, this.clock.nowMs()).catch((err: Error) => this.logger.error(`persisting group '${group}' to __consumer_offsets failed: ${err.message}`));
    }
  }

  private scheduleGroupTick(): void {
    if (this.closed) return;
    const deadline = this.groups.nextDeadlineMs();
    if (deadline === null || deadline >= this.groupTimerAtMs) return;
    if (this.groupTimer) this.timers.clearTimeout(this.groupTimer);
    this.groupTimerAtMs = deadline;
    this.groupTimer = this.timers.setTimeout(() => {
      this.groupTimer = null;
      this.groupTimerAtMs = Infinity;
      this.groups.tick();
      this.afterGroupChange();
    }, Math.max(0, deadline - this.clock.nowMs()));
    // Not unref'd: a parked JoinGroup may be waiting on this timer and nothing else keeps the process alive.
  }

  private scheduleHousekeeping(): void {
    // Flush by flush.ms and retention/compaction run from here; a short period keeps flush.ms honest.
    const periodMs = Math.min(this.config.logRetentionCheckIntervalMs, 1000);
    this.housekeepingTimer = this.timers.setTimeout(() => {
      if (this.closed) return;
      this.producerStates.tick(this.clock.nowMs());
      // tick() never rejects: a failed compaction is logged by the log manager and retried later.
      void this.logs.tick(this.clock.nowMs()).finally(() => this.scheduleHousekeeping());
    }, periodMs);
    this.housekeepingTimer.unref?.();
  }

  /** Flushes every log, writes the recovery checkpoints and releases the data dir. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.groupTimer) this.timers.clearTimeout(this.groupTimer);
    if (this.housekeepingTimer) this.timers.clearTimeout(this.housekeepingTimer);
    this.appendWaiters.wakeAll();
    // Woken long-poll Fetches read their logs in the microtasks that follow: let them finish first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Snapshots at the log ends make the next open's producer state a file read, not a log scan.
    this.producerStates.close();
    this.logs.close();
    this.lock?.release();
  }
}

