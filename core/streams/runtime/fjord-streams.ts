/**
 * FjordStreams: runs a topology as a member of the consumer group `applicationId` (Kafka Streams'
 * KafkaStreams). Partitions are assigned by the group (range assignor, so partition p of
 * co-partitioned topics lands on one instance); each (sub-topology, partition) is a task with its
 * own stores under `<stateDir>/<applicationId>/<taskId>/`, restored from changelog topics.
 *
 * The poll loop is an RxJS pipeline: each iteration pulls one bounded batch (`maxPollRecords`),
 * runs it through the tasks, fires wall-clock punctuations and commits when due; the next poll
 * starts only after that, so nothing is buffered without bound.
 *
 * Commit (every `commitIntervalMs`, on revoke and on close): flush stores (changes go to the
 * changelogs), append a commit marker per changelog partition, flush the producer, commit input
 * offsets, write checkpoints. At-least-once for outputs; state is exact (see commit-marker.ts).
 */
import { join } from 'node:path';
import { Subject, defer, lastValueFrom, of, repeat, takeWhile, type Observable, type Subscription } from 'rxjs';
import { processInOrder } from './process-in-order.js';
import { orderForTasks } from './record-order.js';
import { FjordError } from '../../errors.js';
import { Fjord } from '../../client/fjord.js';
import type { Consumer } from '../../client/consumer.js';
import type { Producer } from '../../client/producer.js';
import type { ConsumerRecord, ProducerRecord, TopicPartition } from '../../client/record-types.js';
import { silentLogger, type Logger } from '../../io/logger.js';
import { systemClock, type Clock } from '../../io/clock.js';
import type { StateStore } from '../state/store.js';
import type { MaybePromise } from '../processor/record.js';
import type { SubTopology, Topology } from '../topology/topology.js';
import { changelogKey, encodeCommitMetadata, newestCommitMetadata } from './commit-metadata.js';
import { changelogTopicName, internalTopicName, planTopics, type TopicPlan } from './internal-topics.js';
import { restoreStores, type RestoreProgress } from './changelog-restorer.js';
import type { OutgoingRecord, OutgoingTextRecord, RecordCollector } from './record-collector.js';
import { openStore } from './store-opener.js';
import { StreamTask, type DeserializationHandling, type LateRecord } from './task.js';
import { GlobalStores } from './global-stores.js';
import { ChangelogWriter } from './changelog-writer.js';
import { QueryableStore } from './queryable-store.js';
import { CACHE_MAX_BYTES_DEFAULT } from '../state/leveldb/leveldb-key-value-store.js';

export type StreamsState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'ERROR';

export interface FjordStreamsConfig {
  /** application.id: the consumer group and the prefix of internal topics. */
  applicationId: string;
  /** bootstrap.servers of a Kafka-protocol cluster (Fjord or Apache Kafka). */
  bootstrap?: string;
  /** An open Fjord (embedded or connected) to run on; it is not closed by close(). */
  embedded?: Fjord;
  /** state.dir (default ./.fjord-streams). */
  stateDir?: string;
  /** processing.guarantee: at_least_once (exactly_once_v2 arrives with transactions). */
  processingGuarantee?: 'at_least_once';
  /** commit.interval.ms (default 30000, as Kafka for at-least-once). */
  commitIntervalMs?: number;
  /** max.poll.records: the bound on one batch (default 1000). */
  maxPollRecords?: number;
  /**
   * statestore.cache.max.bytes per store (default 10 MiB): bounds each LevelDB store's write-back
   * cache and each caching aggregation's result cache. 0 forwards every aggregation update at once.
   */
  cacheMaxBytes?: number;
  /** default.deserialization.exception.handler: logAndFail (default) or logAndContinue. */
  deserializationExceptionHandler?: DeserializationHandling;
  /** session.timeout.ms of the group member (default 45000). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  logger?: Logger;
  clock?: Clock;
  /** Called as state stores restore from their changelogs (after each batch, and when a store is done). */
  onRestoreProgress?: (progress: RestoreProgress & { taskId: string }) => void;
}

interface RunningTask {
  task: StreamTask;
  stores: Map<string, StateStore>;
  changelogs: Map<string, { topic: string; partition: number }>;
  /** One per logged store: sends its changelog records, counts the unacknowledged ones. */
  changelogWriters: ChangelogWriter[];
  /** Next offset of each changelog partition after the sends so far (by changelogKey). */
  changelogEnds: Map<string, bigint>;
  inputs: TopicPartition[];
  seq: number;
}

/** Defaults of the FjordStreamsConfig options that have one (docs/configuration.md is generated from this). */
export const FJORD_STREAMS_DEFAULTS = {
  stateDir: './.fjord-streams', commitIntervalMs: 30_000, maxPollRecords: 1000, deserializationExceptionHandler: 'logAndFail',
} as const satisfies Partial<FjordStreamsConfig>;

const POLL_MS = 100;

export class FjordStreams {
  private readonly config: Required<Pick<FjordStreamsConfig, 'applicationId' | 'stateDir' | 'commitIntervalMs' | 'maxPollRecords' | 'deserializationExceptionHandler'>> & FjordStreamsConfig;
  private fjord: Fjord | null = null;
  private ownsFjord = false;
  private producer: Producer | null = null;
  private consumer: Consumer | null = null;
  private restoreConsumer: Consumer | null = null;
  private globals: GlobalStores | null = null;
  private plan: TopicPlan | null = null;
  private readonly tasks = new Map<string, RunningTask>();
  /** The task of each input partition: topic → partition → task (no per-record key strings). */
  private readonly taskByInput = new Map<string, (RunningTask | undefined)[]>();
  private readonly partitionCounts = new Map<string, number>();
  private readonly sendFailureHandlers = new Map<string, (error: Error) => void>();
  private subscription: Subscription | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  /** The loop turn running now: unsubscribing does not stop a promise, so close() awaits it. */
  private inFlight: Promise<void> | null = null;
  private lastCommitMs = 0;
  private commitRequested = false;
  private failure: Error | null = null;
  private stateValue: StreamsState = 'CREATED';
  private readonly lateSubject = new Subject<LateRecord>();
  private readonly stateSubject = new Subject<StreamsState>();
  private readonly logger: Logger;
  private readonly clock: Clock;
  /** Records that arrived after every window they belong to had closed (never dropped silently). */
  readonly late$: Observable<LateRecord> = this.lateSubject.asObservable();
  readonly state$: Observable<StreamsState> = this.stateSubject.asObservable();
  /** Counters: input records processed, late and dropped records, commits, restored changelog entries, records sent to sink and repartition topics. */
  readonly metrics = { processed: 0, late: 0, dropped: 0, commits: 0, restoredRecords: 0, sent: 0 };

  constructor(private readonly topology: Topology, config: FjordStreamsConfig) {
    if (!config.applicationId || !/^[a-zA-Z0-9._-]+$/.test(config.applicationId)) {
      throw new FjordError('CONFIG', `applicationId must be a non-empty string of letters, digits, '.', '_' and '-', got '${config.applicationId}'`);
    }
    if (config.bootstrap === undefined && config.embedded === undefined) throw new FjordError('CONFIG', 'FjordStreams needs bootstrap (a broker address) or embedded (an open Fjord)');
    if (config.processingGuarantee !== undefined && config.processingGuarantee !== 'at_least_once') {
      throw new FjordError('CONFIG', `processingGuarantee ${String(config.processingGuarantee)} is not supported yet: use at_least_once`);
    }
    this.config = { ...FJORD_STREAMS_DEFAULTS, ...config };
    this.logger = config.logger ?? silentLogger;
    this.clock = config.clock ?? systemClock;
  }

  get state(): StreamsState {
    return this.stateValue;
  }

  /** The error that stopped the application (state ERROR), if any. */
  get error(): Error | null {
    return this.failure;
  }

  /** Task ids this instance runs now, e.g. `0_1`. */
  activeTasks(): string[] {
    return [...this.tasks.keys()].sort();
  }

  async start(): Promise<void> {
    if (this.stateValue !== 'CREATED') throw new FjordError('INVALID_ARGUMENT', `start() in state ${this.stateValue}: a FjordStreams instance starts once`);
    this.setState('REBALANCING');
    try {
      this.fjord = this.config.embedded ?? (await Fjord.connect({ bootstrap: this.config.bootstrap!, clientId: this.config.applicationId }));
      this.ownsFjord = this.config.embedded === undefined;
      await this.prepareTopics();
      this.producer = this.fjord.producer({ clientId: `${this.config.applicationId}-producer`, acks: 'all', lingerMs: 5 });
      await this.learnOutputTopics();
      this.restoreConsumer = this.fjord.consumer({ clientId: `${this.config.applicationId}-restore-consumer`, autoOffsetReset: 'earliest', maxPollRecords: 10_000 });
      this.globals = await GlobalStores.open(this.topology, this.fjord, join(this.config.stateDir, this.config.applicationId, 'global'), this.config.applicationId, this.logger, this.clock);
      this.consumer = this.fjord.consumer({
        clientId: `${this.config.applicationId}-consumer`, groupId: this.config.applicationId, autoOffsetReset: 'earliest', enableAutoCommit: false,
        partitionAssignmentStrategy: ['range'], maxPollRecords: this.config.maxPollRecords,
        // Records read their key and value from the fetched bytes, as text for text serdes (task.ts).
        fetchedRecordViews: true,
        ...(this.config.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: this.config.sessionTimeoutMs } : {}),
        ...(this.config.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: this.config.heartbeatIntervalMs } : {}),
      });
      this.consumer.subscribe(this.plan!.sourceTopics, {
        onPartitionsRevoked: (tps) => this.revoke(tps),
        onPartitionsAssigned: (tps) => this.assign(tps),
      });
    } catch (error) {
      await this.shutdownClients();
      this.setState('ERROR');
      throw error;
    }
    this.lastCommitMs = this.clock.nowMs();
    this.runLoop();
  }

  /** Resolves once this instance has joined the group and processes its tasks. */
  async waitUntilRunning(timeoutMs = 30_000): Promise<void> {
    const deadline = this.clock.nowMs() + timeoutMs;
    while (this.stateValue !== 'RUNNING') {
      if (this.stateValue === 'ERROR') throw this.failure ?? new FjordError('INVALID_ARGUMENT', 'FjordStreams failed');
      if (this.clock.nowMs() > deadline) throw new FjordError('TIMEOUT', `FjordStreams ${this.config.applicationId} did not reach RUNNING within ${timeoutMs} ms (state ${this.stateValue})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** A read-only view of a store across this instance's tasks (interactive queries). */
  store<K = unknown, V = unknown>(name: string): QueryableStore<K, V> {
    const def = this.topology.allStores().find((s) => s.name === name);
    if (def === undefined) throw new FjordError('INVALID_ARGUMENT', `no state store named ${name} (stores: ${this.topology.allStores().map((s) => s.name).join(', ') || 'none'})`);
    return new QueryableStore<K, V>(def, () => {
      if (def.global !== undefined) return this.globals?.facade(name) === undefined ? [] : [this.globals.facade(name)];
      return [...this.tasks.values()].filter((t) => t.stores.has(name)).map((t) => t.task.store(name));
    });
  }

  /** Stops processing, commits, closes tasks and leaves the group. */
  async close(): Promise<void> {
    if (this.stateValue === 'NOT_RUNNING') return;
    const failed = this.stateValue === 'ERROR';
    this.setState('PENDING_SHUTDOWN');
    this.subscription?.unsubscribe();
    await this.loopDone;
    await this.inFlight?.catch(() => {});
    try {
      if (!failed && this.failure === null) await this.commitAll(true);
    } finally {
      for (const id of [...this.tasks.keys()]) await this.closeTask(id);
      await this.globals?.close();
      await this.shutdownClients();
      this.setState(this.failure === null ? 'NOT_RUNNING' : 'ERROR');
      this.lateSubject.complete();
      this.stateSubject.complete();
    }
  }

  private setState(state: StreamsState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.stateSubject.next(state);
  }

  private async shutdownClients(): Promise<void> {
    await this.consumer?.close().catch(() => {});
    await this.restoreConsumer?.close().catch(() => {});
    await this.producer?.close().catch(() => {});
    if (this.ownsFjord) await this.fjord?.close().catch(() => {});
  }

  private async prepareTopics(): Promise<void> {
    const admin = this.fjord!.admin(`${this.config.applicationId}-admin`);
    const existing = new Map<string, number>();
    for (const t of await admin.describeTopics(null)) existing.set(t.name, t.partitions.length);
    this.plan = planTopics(this.topology, this.config.applicationId, (topic) => existing.get(topic), [...existing.keys()]);
    const missing = [...this.plan.repartitionTopics, ...this.plan.changelogTopics].filter((t) => {
      const have = existing.get(t.name);
      if (have !== undefined && have !== t.partitions) {
        throw new FjordError('INVALID_ARGUMENT', `internal topic ${t.name} has ${have} partitions but the topology needs ${t.partitions}; the input topics changed size — reset the application (delete its internal topics)`);
      }
      return have === undefined;
    });
    if (missing.length > 0) {
      await admin.createTopics(missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, configs: t.configs }))).catch((error: FjordError) => {
        if (error.code !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
    }
    for (const [name, n] of existing) this.partitionCounts.set(name, n);
    for (const t of missing) this.partitionCounts.set(t.name, t.partitions);
  }

  /**
   * Has the producer look up every topic the application writes (sink, repartition and changelog
   * topics) before the first record: a send to a topic the producer does not know waits for its
   * metadata holding a copy of the record, and a task's first cache spill is tens of thousands of
   * changelog sends at once. A topic that cannot be looked up now is left to the first send to
   * it, which reports the problem as before.
   */
  private async learnOutputTopics(): Promise<void> {
    const topics = new Set<string>(this.plan!.changelogTopics.map((t) => t.name));
    for (const sub of this.topology.subTopologies()) {
      for (const node of sub.nodes) if (node.kind === 'sink' && typeof node.topic === 'string') topics.add(node.topic);
    }
    await Promise.all([...topics].map((topic) => this.producer!.partitionsFor(topic).catch(() => undefined)));
  }

  private runLoop(): void {
    let resolveDone!: () => void;
    this.loopDone = new Promise((r) => (resolveDone = r));
    this.subscription = defer(() => (this.inFlight = this.iteration()))
      .pipe(repeat(), takeWhile(() => this.stateValue === 'RUNNING' || this.stateValue === 'REBALANCING'))
      .subscribe({
        error: (error: Error) => {
          this.fail(error);
          resolveDone();
        },
        complete: () => resolveDone(),
      });
    this.subscription.add(() => resolveDone());
  }

  /** One loop turn: poll a bounded batch, process it, punctuate, commit when due. */
  private async iteration(): Promise<void> {
    const records = await this.consumer!.poll(POLL_MS);
    if (this.stateValue === 'REBALANCING' && this.failure === null) this.setState('RUNNING');
    await this.processBatch(records);
    // A poll answered from buffered or embedded data never waits on I/O, so without this the loop
    // would run on microtasks alone: timers (the producer's linger, heartbeats, the commit check
    // of other applications in this process) and sockets would starve until the backlog is gone.
    if (records.length > 0) await yieldToEventLoop();
    const now = this.clock.nowMs();
    for (const t of this.tasks.values()) await t.task.punctuateWallClock(now);
    await this.globals?.poll();
    if (this.commitRequested || now - this.lastCommitMs >= this.config.commitIntervalMs) await this.commitAll(false);
  }

  /** Carries the batch's records through RxJS to their tasks, in order (see process-in-order.ts). */
  private async processBatch(records: ConsumerRecord[]): Promise<void> {
    if (records.length === 0) return;
    const ordered = orderForTasks(records, (r) => this.taskFor(r.topic, r.partition));
    await lastValueFrom(of(ordered).pipe(processInOrder(this.handleRecord)), { defaultValue: undefined });
  }

  private taskFor(topic: string, partition: number): RunningTask | undefined {
    return this.taskByInput.get(topic)?.[partition];
  }

  /** processRecord, bound once (not a closure per batch). */
  private readonly handleRecord = (record: ConsumerRecord): MaybePromise => this.processRecord(record);

  private processRecord(record: ConsumerRecord): MaybePromise {
    const running = this.taskFor(record.topic, record.partition);
    if (running === undefined) return undefined; // revoked while buffered
    this.metrics.processed += 1;
    let done: MaybePromise;
    try {
      done = running.task.process(record);
    } catch (error) {
      throw running.task.processingError(error, record);
    }
    return done === undefined ? undefined : done.catch((error: unknown) => Promise.reject(running.task.processingError(error, record)));
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.logger.error(`streams ${this.config.applicationId} failed: ${error.message}`);
    this.setState('ERROR');
  }

  private subTopologyOf(topic: string): SubTopology | undefined {
    return this.topology.subTopologies().find((s) => !s.global && s.sources.some((src) =>
      (src.pattern !== undefined && src.pattern.test(topic)) || src.topics.some((t) => (src.internal ? internalTopicName(this.config.applicationId, t) : t) === topic)));
  }

  private async assign(tps: TopicPartition[]): Promise<void> {
    this.setState('REBALANCING');
    for (const tp of tps) {
      const sub = this.subTopologyOf(tp.topic);
      if (sub === undefined) continue;
      const id = `${sub.id}_${tp.partition}`;
      let running = this.tasks.get(id);
      if (running === undefined) {
        running = await this.createTask(sub, tp.partition);
        this.tasks.set(id, running);
      }
      running.inputs.push(tp);
      let byPartition = this.taskByInput.get(tp.topic);
      if (byPartition === undefined) this.taskByInput.set(tp.topic, (byPartition = []));
      byPartition[tp.partition] = running;
    }
  }

  private async revoke(tps: TopicPartition[]): Promise<void> {
    const affected = new Set<string>();
    for (const tp of tps) {
      const running = this.taskFor(tp.topic, tp.partition);
      if (running !== undefined) affected.add(running.task.id);
    }
    if (affected.size === 0) return;
    if (this.failure === null) await this.commitAll(true);
    for (const id of affected) await this.closeTask(id);
  }

  private async createTask(sub: SubTopology, partition: number): Promise<RunningTask> {
    const appId = this.config.applicationId;
    const taskId = `${sub.id}_${partition}`;
    const taskDir = join(this.config.stateDir, appId, taskId);
    const stores = new Map<string, StateStore>();
    const changelogs = new Map<string, { topic: string; partition: number }>();
    const running: Partial<RunningTask> = { stores, changelogs, changelogWriters: [], changelogEnds: new Map(), inputs: [] };
    for (const def of sub.stores) {
      const topic = changelogTopicName(appId, def.name);
      let sink: { record(key: Buffer, value: Buffer | null): void } | undefined;
      if (def.logging) {
        const writer = new ChangelogWriter(() => this.producer!, topic, partition, changelogKey(topic, partition), running.changelogEnds!, (error) =>
          this.fail(new FjordError('KAFKA_STORAGE_ERROR', `changelog ${topic}-${partition}: ${error.message}`, { cause: error })));
        running.changelogWriters!.push(writer);
        sink = { record: (key, value) => writer.send(key, value) };
      }
      stores.set(def.name, await openStore(def, { taskDir, changelog: sink, cacheMaxBytes: this.config.cacheMaxBytes }));
      if (def.logging) changelogs.set(def.name, { topic, partition });
    }
    // The last commit's metadata says where each changelog ended; input resumes at its offsets.
    const inputs = this.plan!.sourceTopics.filter((t) => this.subTopologyOf(t) === sub).map((topic) => ({ topic, partition }));
    const committed = await this.consumer!.committed(inputs);
    const metadata = newestCommitMetadata(committed.map((c) => c.metadata));
    running.seq = metadata?.seq ?? 0;
    const toRestore = [...changelogs].map(([name, c]) => {
      const end = BigInt(metadata?.changelogEnds[changelogKey(c.topic, c.partition)] ?? '0');
      running.changelogEnds!.set(changelogKey(c.topic, c.partition), end);
      return { store: stores.get(name)!, topic: c.topic, partition: c.partition, end };
    });
    this.metrics.restoredRecords += await restoreStores(toRestore, this.restoreConsumer!, (store, n, progress) => {
      this.logger.info(`task ${taskId}: restored ${n} records into ${store}`);
      this.config.onRestoreProgress?.({ ...progress, taskId });
    });
    const collector: RecordCollector = {
      send: (r) => this.sendOutput(r),
      sendText: (r) => this.sendOutput(r),
      partitionsFor: (topic) => {
        const n = this.partitionCounts.get(topic);
        if (n === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `output topic ${topic} does not exist (a custom partitioner needs its partition count); create it first`);
        return n;
      },
    };
    const task = new StreamTask({
      applicationId: appId, subTopology: sub, partition,
      topicName: (t, internal) => (internal ? internalTopicName(appId, t) : t),
      stores, globalStores: this.globals!.facades(), collector,
      systemTimeMs: () => this.clock.nowMs(),
      hooks: {
        late: (r) => {
          this.metrics.late += 1;
          this.lateSubject.next(r);
        },
        dropped: (reason, where) => {
          this.metrics.dropped += 1;
          this.logger.warn(`task ${where.taskId}: dropped record at ${where.topic}-${where.partition} offset ${where.offset} in ${where.processor}: ${reason}`);
        },
      },
      deserializationHandling: this.config.deserializationExceptionHandler,
      requestCommit: () => (this.commitRequested = true),
      forwardCacheMaxBytes: this.config.cacheMaxBytes ?? CACHE_MAX_BYTES_DEFAULT,
    });
    if (metadata !== null) task.restoreStreamTime(metadata.streamTimeMs);
    await task.init();
    running.task = task;
    return running as RunningTask;
  }

  private sendOutput(record: OutgoingRecord | OutgoingTextRecord): void {
    this.metrics.sent += 1;
    // An outgoing record has a ProducerRecord's fields: it goes as it is (the producer copies what it keeps).
    this.producer!.sendReportingFailure(record as ProducerRecord, this.sendFailureHandler(record.topic));
  }

  /** One failure handler per output topic, made once rather than per record. */
  private sendFailureHandler(topic: string): (error: Error) => void {
    let handler = this.sendFailureHandlers.get(topic);
    if (handler === undefined) {
      handler = (error: Error) => this.fail(new FjordError('KAFKA_STORAGE_ERROR', `sending to ${topic}: ${error.message}`, { cause: error }));
      this.sendFailureHandlers.set(topic, handler);
    }
    return handler;
  }

  /** Commit: stores → changelogs → producer flush → input offsets with changelog ends → checkpoints. */
  private async commitAll(force: boolean): Promise<void> {
    this.commitRequested = false;
    this.lastCommitMs = this.clock.nowMs();
    const committing = [...this.tasks.values()].filter((t) => force || t.task.processedSinceCommit > 0);
    if (committing.length === 0 || this.producer === null) return;
    for (const running of committing) await running.task.flushStores();
    await this.producer.flush();
    for (const running of committing) for (const writer of running.changelogWriters) writer.recordEnd();
    if (this.failure !== null) throw this.failure;
    const offsets = committing.flatMap((running) => {
      running.seq += 1;
      const metadata = encodeCommitMetadata({ seq: running.seq, streamTimeMs: running.task.streamTimeMs, changelogEnds: Object.fromEntries([...running.changelogEnds].map(([k, v]) => [k, v.toString()])) });
      return running.task.consumedOffsets().map((o) => ({ ...o, metadata }));
    });
    if (offsets.length > 0) await this.consumer!.commitSync(offsets);
    for (const running of committing) {
      for (const [storeName, c] of running.changelogs) {
        const end = running.changelogEnds.get(changelogKey(c.topic, c.partition)) ?? 0n;
        await running.stores.get(storeName)!.flush([{ topic: c.topic, partition: c.partition, offset: end }]);
      }
      running.task.processedSinceCommit = 0;
    }
    this.metrics.commits += 1;
  }

  private async closeTask(id: string): Promise<void> {
    const running = this.tasks.get(id);
    if (running === undefined) return;
    this.tasks.delete(id);
    for (const tp of running.inputs) {
      const byPartition = this.taskByInput.get(tp.topic);
      if (byPartition !== undefined) byPartition[tp.partition] = undefined;
    }
    await running.task.close().catch(() => {});
    for (const store of running.stores.values()) await store.close().catch(() => {});
  }
}

/** Resolves after the event loop has run its timers and I/O callbacks once. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
