/**
 * TopologyTestDriver: runs a topology without a broker, deterministically. Input topics are piped
 * by the test; records written to topics the topology also reads (repartition topics, through
 * topics) are fed back at once; everything else is captured per output topic. Wall-clock time only
 * moves when the test advances it. Stores live in memory unless `stateDir` is given (LevelDB).
 */
import { join } from 'node:path';
import { FjordError } from '../../errors.js';
import type { ConsumerRecord, RecordHeader } from '../../client/record-types.js';
import type { Serde } from '../serdes/serde.js';
import type { StateStore } from '../state/store.js';
import type { Topology } from '../topology/topology.js';
import type { OutgoingRecord, RecordCollector } from './record-collector.js';
import { openStore } from './store-opener.js';
import { StreamTask, type LateRecord } from './task.js';

export interface TestRecord<K, V> {
  key: K;
  value: V;
  timestamp: number;
  headers: RecordHeader[];
}

export interface TopologyTestDriverOptions {
  applicationId?: string;
  initialWallClockTimeMs?: number;
  /** Use LevelDB stores under this directory instead of memory. */
  stateDir?: string;
}

export class TopologyTestDriver {
  private readonly tasks: StreamTask[] = [];
  private readonly taskByTopic = new Map<string, StreamTask>();
  private readonly outputs = new Map<string, OutgoingRecord[]>();
  private readonly offsets = new Map<string, bigint>();
  private readonly queue: OutgoingRecord[] = [];
  private readonly stores: StateStore[] = [];
  private wallClockMs: number;
  readonly late: LateRecord[] = [];
  readonly dropped: { reason: string; processor: string; topic: string | null; offset: bigint }[] = [];

  private constructor(private readonly topology: Topology, private readonly applicationId: string, wallClockMs: number) {
    this.wallClockMs = wallClockMs;
  }

  static async create(topology: Topology, options: TopologyTestDriverOptions = {}): Promise<TopologyTestDriver> {
    const driver = new TopologyTestDriver(topology, options.applicationId ?? 'test-driver', options.initialWallClockTimeMs ?? 0);
    await driver.init(options.stateDir ?? null);
    return driver;
  }

  private topicName = (topic: string, internal: boolean): string => (internal ? `${this.applicationId}-${topic}` : topic);

  private async init(stateDir: string | null): Promise<void> {
    const collector: RecordCollector = {
      send: (record) => this.collect(record),
      partitionsFor: () => 1,
    };
    const globalFacades = new Map<string, unknown>();
    const subs = this.topology.subTopologies();
    // Global sub-topologies first, so every task can see their stores.
    for (const sub of [...subs.filter((s) => s.global), ...subs.filter((s) => !s.global)]) {
      const stores = new Map<string, StateStore>();
      for (const def of sub.stores) {
        const store = await openStore(def, { taskDir: stateDir === null ? null : join(stateDir, this.applicationId, `${sub.id}_0`) });
        stores.set(def.name, store);
        this.stores.push(store);
      }
      const task = new StreamTask({
        applicationId: this.applicationId, subTopology: sub, partition: 0, topicName: this.topicName, stores, globalStores: globalFacades, collector,
        systemTimeMs: () => this.wallClockMs,
        hooks: {
          late: (r) => this.late.push(r),
          dropped: (reason, where) => this.dropped.push({ reason, processor: where.processor, topic: where.topic, offset: where.offset }),
        },
        deserializationHandling: 'logAndFail',
        requestCommit: () => {},
        // Kafka's driver commits after every record, so its caches forward every update.
        forwardCacheMaxBytes: 0,
      });
      if (sub.global) for (const def of sub.stores) globalFacades.set(def.name, task.store(def.name));
      for (const source of sub.sources) for (const t of source.topics) this.taskByTopic.set(this.topicName(t, source.internal), task);
      this.tasks.push(task);
    }
    for (const task of this.tasks) await task.init();
  }

  createInputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { startTimestampMs?: number; autoAdvanceMs?: number } = {}): TestInputTopic<K, V> {
    return new TestInputTopic(this, topic, keySerde, valueSerde, options.startTimestampMs ?? this.wallClockMs, options.autoAdvanceMs ?? 0);
  }

  createOutputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(this, topic, keySerde, valueSerde);
  }

  /** @internal */
  async pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: RecordHeader[]): Promise<void> {
    await this.deliver({ topic, partition: 0, key, value, timestamp, headers });
    await this.drainQueue();
  }

  /** @internal */
  takeOutput(topic: string): OutgoingRecord[] {
    const list = this.outputs.get(topic) ?? [];
    this.outputs.set(topic, []);
    return list;
  }

  /** @internal */
  peekOutputSize(topic: string): number {
    return this.outputs.get(topic)?.length ?? 0;
  }

  /**
   * What FjordStreams does at a commit, minus the broker: flushes every store (caches to storage,
   * changes to the changelog sinks). Stores that were given a stateDir then hold these writes
   * across a close and reopen.
   */
  async commit(): Promise<void> {
    for (const task of this.tasks) await task.flushStores();
  }

  /** Moves wall-clock time forward and runs the wall-clock punctuations that became due. */
  async advanceWallClockTime(ms: number): Promise<void> {
    this.wallClockMs += ms;
    for (const task of this.tasks) await task.punctuateWallClock(this.wallClockMs);
    await this.drainQueue();
  }

  /** A store by name: the typed view processors use (TimestampedKeyValueStore for DSL tables, ...). */
  getStateStore<S = unknown>(name: string): S {
    for (const task of this.tasks) {
      if (task.storeDefs().some((d) => d.name === name)) return task.store(name) as S;
    }
    throw new FjordError('INVALID_ARGUMENT', `no state store named ${name} in this topology (stores: ${this.topology.allStores().map((s) => s.name).join(', ') || 'none'})`);
  }

  producedTopicNames(): string[] {
    return [...this.outputs.keys()];
  }

  async close(): Promise<void> {
    for (const task of this.tasks) await task.close();
    for (const store of this.stores) await store.close();
  }

  private collect(record: OutgoingRecord): void {
    if (this.taskByTopic.has(record.topic)) this.queue.push(record);
    const list = this.outputs.get(record.topic) ?? [];
    list.push(record);
    this.outputs.set(record.topic, list);
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) await this.deliver(this.queue.shift()!);
  }

  private async deliver(record: OutgoingRecord): Promise<void> {
    const task = this.taskByTopic.get(record.topic) ?? this.patternTask(record.topic);
    if (task === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${record.topic} is not an input of this topology`);
    const offset = this.offsets.get(record.topic) ?? 0n;
    this.offsets.set(record.topic, offset + 1n);
    const consumed: ConsumerRecord = {
      topic: record.topic, partition: 0, offset, timestamp: record.timestamp, timestampType: 'CreateTime',
      key: record.key, value: record.value, headers: [...record.headers],
    };
    await task.process(consumed);
  }

  private patternTask(topic: string): StreamTask | undefined {
    for (const sub of this.topology.subTopologies()) {
      if (sub.sources.some((s) => s.pattern?.test(topic))) {
        const task = this.tasks.find((t) => t.subTopologyId === sub.id);
        if (task !== undefined) this.taskByTopic.set(topic, task);
        return task;
      }
    }
    return undefined;
  }
}

export class TestInputTopic<K, V> {
  private nextTimestampMs: number;
  constructor(private readonly driver: TopologyTestDriver, readonly topic: string, private readonly keySerde: Serde<K>, private readonly valueSerde: Serde<V>, startMs: number, private readonly autoAdvanceMs: number) {
    this.nextTimestampMs = startMs;
  }

  async pipeInput(key: K | null, value: V | null, timestampMs?: number, headers: RecordHeader[] = []): Promise<void> {
    const ts = timestampMs ?? this.nextTimestampMs;
    if (timestampMs === undefined) this.nextTimestampMs += this.autoAdvanceMs;
    await this.driver.pipe(this.topic, this.keySerde.serialize(this.topic, key), this.valueSerde.serialize(this.topic, value), ts, headers);
  }

  async pipeKeyValueList(list: [K | null, V | null][]): Promise<void> {
    for (const [k, v] of list) await this.pipeInput(k, v);
  }

  async pipeRecordList(list: { key?: K | null; value: V | null; timestamp?: number; headers?: RecordHeader[] }[]): Promise<void> {
    for (const r of list) await this.pipeInput(r.key ?? null, r.value, r.timestamp, r.headers);
  }

  /** Raw bytes, for testing how bad input is handled. */
  async pipeRaw(key: Buffer | null, value: Buffer | null, timestampMs: number): Promise<void> {
    await this.driver.pipe(this.topic, key, value, timestampMs, []);
  }
}

export class TestOutputTopic<K, V> {
  constructor(private readonly driver: TopologyTestDriver, readonly topic: string, private readonly keySerde: Serde<K>, private readonly valueSerde: Serde<V>) {}

  readRecordsToList(): TestRecord<K | null, V | null>[] {
    return this.driver.takeOutput(this.topic).map((r) => ({
      key: this.keySerde.deserialize(this.topic, r.key),
      value: this.valueSerde.deserialize(this.topic, r.value),
      timestamp: r.timestamp,
      headers: [...r.headers],
    }));
  }

  readKeyValuesToList(): [K | null, V | null][] {
    return this.readRecordsToList().map((r) => [r.key, r.value]);
  }

  readValuesToList(): (V | null)[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  /** The latest value per key, as Kafka's readKeyValuesToMap (tombstones remove the key). */
  readKeyValuesToMap(): Map<K | null, V | null> {
    const map = new Map<K | null, V | null>();
    for (const [k, v] of this.readKeyValuesToList()) {
      if (v === null) map.delete(k);
      else map.set(k, v);
    }
    return map;
  }

  isEmpty(): boolean {
    return this.driver.peekOutputSize(this.topic) === 0;
  }

  getQueueSize(): number {
    return this.driver.peekOutputSize(this.topic);
  }
}
