/**
 * A stream task: one sub-topology on one input partition (Kafka Streams' StreamTask). It owns
 * processor instances and state stores, tracks stream time, runs punctuations and turns consumed
 * records into processor calls. It does no I/O of its own: stores are opened by the caller, sinks
 * write through a RecordCollector, and wall-clock time is read from the clock passed in.
 */
import { FjordError } from '../../errors.js';
import type { Cancellable, PunctuationType } from '../processor/processor.js';
import { then, type MaybePromise, type RecordMetadata, type StreamRecord } from '../processor/record.js';
import type { SinkNode, SourceNode, StoreDef } from '../topology/nodes.js';
import type { SubTopology } from '../topology/topology.js';
import type { StateStore } from '../state/store.js';
import type { ConsumerRecord } from '../../client/record-types.js';
import { FetchedRecordView } from '../../client/fetcher.js';
import { NodeInstance, type RecordReceiver, type TaskServices } from './node-instance.js';
import type { RecordCollector } from './record-collector.js';
import { storeFacade } from './store-facade-factory.js';
import { ForwardCache } from '../dsl/processors/forward-cache.js';

export type DeserializationHandling = 'logAndFail' | 'logAndContinue';

/** A record that arrived after every window it belongs to had closed. */
export interface LateRecord {
  taskId: string;
  processor: string;
  store: string;
  topic: string | null;
  partition: number;
  offset: bigint;
  key: unknown;
  value: unknown;
  timestamp: number;
  streamTimeMs: number;
}

export interface TaskHooks {
  late(record: LateRecord): void;
  /** A record skipped for a reason other than lateness (null key for an aggregation, bad bytes with logAndContinue). */
  dropped(reason: string, where: { taskId: string; processor: string; topic: string | null; partition: number; offset: bigint }): void;
}

export interface StreamTaskOptions {
  applicationId: string;
  subTopology: SubTopology;
  partition: number;
  /** Resolves a source/sink topic name (internal ones get the application id prefix). */
  topicName(topic: string, internal: boolean): string;
  stores: ReadonlyMap<string, StateStore>;
  /** Global stores' typed facades, shared by every task. */
  globalStores: ReadonlyMap<string, unknown>;
  collector: RecordCollector;
  systemTimeMs(): number;
  hooks: TaskHooks;
  deserializationHandling: DeserializationHandling;
  requestCommit(): void;
  /**
   * The bound of each caching aggregation's result cache (`statestore.cache.max.bytes`; 0 forwards
   * every update at once, as the TopologyTestDriver does).
   */
  forwardCacheMaxBytes: number;
}

interface TopicInput {
  source: SourceNode;
  node: NodeInstance;
  /**
   * Whether every child of the source ignores values (count) and its value serde can check
   * bytes: values are then checked, not built, and the raw bytes stand in for them (non-null).
   */
  valueBlind: boolean;
}

interface Punctuation {
  intervalMs: number;
  type: PunctuationType;
  nextMs: number;
  node: NodeInstance;
  punctuator: (ts: number) => MaybePromise;
  cancelled: boolean;
}

export class StreamTask {
  readonly id: string;
  private readonly nodes = new Map<string, NodeInstance>();
  /** Per input topic: its source, the source's node and whether its values are checked, not built (one lookup per record). */
  private readonly inputsByTopic = new Map<string, TopicInput>();
  private readonly facades = new Map<string, unknown>();
  private readonly punctuations: Punctuation[] = [];
  /** Caching aggregations' result caches, in topology order (upstream first). */
  private readonly forwardCaches: { node: NodeInstance; cache: ForwardCache<unknown, unknown> }[] = [];
  /** The current record's value when it is such a stand-in (its bytes, or the fetched record itself), else undefined. */
  private valueStandIn: unknown = undefined;
  private streamTime = -1;
  /** The input record being processed (null in a punctuation); its metadata object is built only when asked for. */
  private current: ConsumerRecord | null = null;
  private currentMetadata: RecordMetadata | null = null;
  /**
   * The last record processed per source topic-partition: the offset to commit is the next one.
   * It is computed at commit, not per record (a BigInt addition per record).
   */
  private readonly offsetEntries = new Map<string, { topic: string; partition: number; last: ConsumerRecord }[]>();
  processedSinceCommit = 0;
  readonly metrics = { processed: 0, late: 0, dropped: 0, punctuations: 0 };

  constructor(private readonly options: StreamTaskOptions) {
    this.id = `${options.subTopology.id}_${options.partition}`;
    this.build();
    for (const def of options.subTopology.nodes) {
      if (def.kind === 'source') for (const t of def.topics) this.inputsByTopic.set(options.topicName(t, def.internal), this.topicInput(def));
    }
  }

  get partition(): number {
    return this.options.partition;
  }

  get subTopologyId(): number {
    return this.options.subTopology.id;
  }

  get streamTimeMs(): number {
    return this.streamTime;
  }

  /** Resumes stream time after a restore (so windows closed before a restart stay closed). */
  restoreStreamTime(streamTimeMs: number): void {
    if (streamTimeMs > this.streamTime) this.streamTime = streamTimeMs;
  }

  /** The typed store a processor or an interactive query reads. */
  store(name: string): unknown {
    const existing = this.facades.get(name) ?? this.options.globalStores.get(name);
    if (existing !== undefined) return existing;
    const inner = this.options.stores.get(name);
    const def = this.options.subTopology.stores.find((s) => s.name === name);
    if (inner === undefined || def === undefined) throw new FjordError('INVALID_ARGUMENT', `task ${this.id} has no state store named ${name}`);
    const facade = storeFacade(def, inner);
    this.facades.set(name, facade);
    return facade;
  }

  storeDefs(): readonly StoreDef[] {
    return this.options.subTopology.stores;
  }

  /** Calls every processor's init, in topology order. */
  async init(): Promise<void> {
    for (const node of this.nodes.values()) await node.init();
  }

  /** Processes one consumed record; the promise (if any) must settle before the next call. */
  process(record: ConsumerRecord): MaybePromise {
    const input = this.inputFor(record.topic);
    const source = input.source;
    this.trackOffset(record);
    this.processedSinceCommit += 1;
    let key: unknown;
    let value: unknown;
    let standIn = false;
    // A fetched record that keeps its key and value as positions in the fetched bytes hands text
    // serdes their text decoded from there, no Buffer view per record (see FetchedRecordView).
    const view = record instanceof FetchedRecordView ? record : null;
    const { keySerde, valueSerde } = source;
    try {
      key = view !== null && keySerde.deserializeText !== undefined ? keySerde.deserializeText(record.topic, view.keyText()) : keySerde.deserialize(record.topic, record.key);
      if (input.valueBlind) {
        // A value that no processor reads is checked, not built: a bad one fails (or is skipped)
        // below as if deserialized. A fetched record's value is checked where it lies and stood
        // in for by the record itself (builtValue builds the real value from it when asked).
        if (view !== null && valueSerde.acceptsAt !== undefined) {
          standIn = view.valueLength >= 0 && valueSerde.acceptsAt(view.data, view.valueStart, view.valueStart + view.valueLength);
          value = standIn ? view : valueSerde.deserialize(record.topic, record.value);
        } else {
          const bytes = record.value;
          standIn = bytes !== null && valueSerde.accepts!(bytes);
          value = standIn ? bytes : valueSerde.deserialize(record.topic, bytes);
        }
      } else {
        value = view !== null && valueSerde.deserializeText !== undefined ? valueSerde.deserializeText(record.topic, view.valueText()) : valueSerde.deserialize(record.topic, record.value);
      }
    } catch (error) {
      if (this.options.deserializationHandling === 'logAndContinue') {
        this.metrics.dropped += 1;
        const where = { taskId: this.id, processor: source.name, topic: record.topic, partition: record.partition, offset: record.offset };
        this.options.hooks.dropped(`cannot deserialize: ${(error as Error).message}`, where);
        return undefined;
      }
      throw new FjordError('CORRUPT_MESSAGE', `task ${this.id}: cannot deserialize the record at ${record.topic}-${record.partition} offset ${record.offset}: ${(error as Error).message}`, { cause: error });
    }
    const timestamp = source.timestampExtractor === undefined
      ? record.timestamp
      : source.timestampExtractor({ key, value, timestamp: record.timestamp, topic: record.topic, partition: record.partition, offset: record.offset }, this.streamTime);
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new FjordError('INVALID_RECORD', `task ${this.id}: record at ${record.topic}-${record.partition} offset ${record.offset} has invalid timestamp ${timestamp}; use a timestampExtractor that returns epoch milliseconds >= 0`);
    }
    if (timestamp > this.streamTime) this.streamTime = timestamp;
    this.metrics.processed += 1;
    this.current = record;
    this.currentMetadata = null;
    this.valueStandIn = standIn ? value : undefined;
    const node = input.node;
    const done = node.receive({ key, value, timestamp, headers: record.headers });
    if (this.punctuations.length === 0) return done;
    return then(done, () => this.punctuateStreamTime());
  }

  /** Kafka's "Exception caught in process": which task and which input record (the runtime wraps with it). */
  processingError(error: unknown, record: ConsumerRecord): FjordError {
    if (error instanceof FjordError && error.message.startsWith('Exception caught in process')) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new FjordError('INVALID_RECORD', `Exception caught in process. taskId=${this.id}, topic=${record.topic}, partition=${record.partition}, offset=${record.offset}: ${message}`, { cause: error });
  }

  /** Input offsets to commit: the next offset per source topic-partition this task has processed. */
  consumedOffsets(): { topic: string; partition: number; offset: bigint }[] {
    const out: { topic: string; partition: number; offset: bigint }[] = [];
    for (const byPartition of this.offsetEntries.values()) {
      for (const entry of byPartition) if (entry !== undefined) out.push({ topic: entry.topic, partition: entry.partition, offset: entry.last.offset + 1n });
    }
    return out;
  }

  /** Remembers the last record per input partition; entries are reused so the hot path allocates nothing. */
  private trackOffset(record: ConsumerRecord): void {
    let byPartition = this.offsetEntries.get(record.topic);
    if (byPartition === undefined) this.offsetEntries.set(record.topic, (byPartition = []));
    const entry = byPartition[record.partition];
    if (entry === undefined) byPartition[record.partition] = { topic: record.topic, partition: record.partition, last: record };
    else entry.last = record;
  }

  /** Runs wall-clock punctuations that are due at `nowMs`. */
  punctuateWallClock(nowMs: number): MaybePromise {
    return this.runDue('WALL_CLOCK_TIME', nowMs);
  }

  private punctuateStreamTime(): MaybePromise {
    if (this.punctuations.length === 0) return undefined;
    return this.runDue('STREAM_TIME', this.streamTime);
  }

  private runDue(type: PunctuationType, timeMs: number): MaybePromise {
    let chain: MaybePromise = undefined;
    for (const p of this.punctuations) {
      if (p.cancelled || p.type !== type || timeMs < p.nextMs) continue;
      // Kafka fires once per call even when several intervals passed, then realigns to the grid.
      p.nextMs += (Math.floor((timeMs - p.nextMs) / p.intervalMs) + 1) * p.intervalMs;
      chain = then(chain, () => {
        this.metrics.punctuations += 1;
        this.current = null;
        this.currentMetadata = null;
        this.valueStandIn = undefined;
        return p.node.run(() => p.punctuator(timeMs));
      });
    }
    return chain;
  }

  /**
   * The first step of a commit: forwards the results caching aggregations hold, then flushes every
   * store's cache to storage and its changelog sink.
   */
  async flushStores(): Promise<void> {
    await this.flushForwardCaches();
    for (const store of this.options.stores.values()) await store.flush();
  }

  /**
   * Forwards every result the caching aggregations hold (Kafka flushes its record caches when it
   * commits), upstream caches first so that what they forward into a downstream one goes out in
   * the same flush. No input record is current meanwhile, as in a punctuation.
   */
  flushForwardCaches(): MaybePromise {
    let chain: MaybePromise = undefined;
    for (const { node, cache } of this.forwardCaches) {
      chain = then(chain, () => {
        if (cache.size === 0) return undefined;
        this.current = null;
        this.currentMetadata = null;
        this.valueStandIn = undefined;
        return node.run(() => cache.flush());
      });
    }
    return chain;
  }

  async close(): Promise<void> {
    for (const node of this.nodes.values()) await node.close();
  }

  private inputFor(topic: string): TopicInput {
    const direct = this.inputsByTopic.get(topic);
    if (direct !== undefined) return direct;
    for (const def of this.options.subTopology.sources) {
      if (def.pattern !== undefined && def.pattern.test(topic)) {
        const input = this.topicInput(def);
        this.inputsByTopic.set(topic, input);
        return input;
      }
    }
    throw new FjordError('INVALID_ARGUMENT', `task ${this.id} has no source for topic ${topic}`);
  }

  private topicInput(source: SourceNode): TopicInput {
    return { source, node: this.nodes.get(source.name)!, valueBlind: ignoresValues(source, this.options.subTopology) };
  }

  /** `value`, built now if it is the current record's stand-in (a late record's report shows the real value). */
  private builtValue(value: unknown): unknown {
    const record = this.current;
    if (this.valueStandIn === undefined || record === null || value !== this.valueStandIn) return value;
    return this.inputFor(record.topic).source.valueSerde.deserialize(record.topic, record.value);
  }

  private recordMetadata(): RecordMetadata | null {
    const record = this.current;
    if (record === null) return null;
    return (this.currentMetadata ??= { topic: record.topic, partition: record.partition, offset: record.offset });
  }

  private services(): TaskServices {
    return {
      applicationId: this.options.applicationId,
      taskId: this.id,
      store: (name) => this.store(name),
      schedule: (intervalMs, type, punctuator, node) => this.schedule(intervalMs, type, punctuator, node),
      recordMetadata: () => this.recordMetadata(),
      streamTimeMs: () => this.streamTime,
      systemTimeMs: () => this.options.systemTimeMs(),
      requestCommit: () => this.options.requestCommit(),
      late: (info) => {
        this.metrics.late += 1;
        this.options.hooks.late({
          taskId: this.id, topic: this.current?.topic ?? null, partition: this.current?.partition ?? this.options.partition,
          offset: this.current?.offset ?? -1n, streamTimeMs: this.streamTime, ...info, value: this.builtValue(info.value),
        });
      },
      forwardCache: (storeName, node, resultKey) => {
        const def = this.options.subTopology.stores.find((s) => s.name === storeName);
        const maxBytes = def?.caching === true ? this.options.forwardCacheMaxBytes : 0;
        const cache = new ForwardCache<unknown, unknown>(maxBytes, resultKey === undefined
          ? (key, _start, value, timestamp, headers) => node.context.forward({ key, value, timestamp, headers })
          : (key, start, value, timestamp, headers) => node.context.forward({ key: resultKey(key, start), value, timestamp, headers }));
        this.forwardCaches.push({ node, cache });
        return cache;
      },
      dropped: (processor, reason) => {
        this.metrics.dropped += 1;
        this.options.hooks.dropped(reason, {
          taskId: this.id, processor, topic: this.current?.topic ?? null, partition: this.current?.partition ?? this.options.partition, offset: this.current?.offset ?? -1n,
        });
      },
    };
  }

  private schedule(intervalMs: number, type: PunctuationType, punctuator: (ts: number) => MaybePromise, node: NodeInstance): Cancellable {
    if (!Number.isSafeInteger(intervalMs) || intervalMs < 1) throw new FjordError('INVALID_ARGUMENT', `punctuation interval must be an integer >= 1 ms, got ${intervalMs}`);
    // Kafka: stream-time punctuations are first due at 0 (the first record fires them), wall-clock ones an interval from now.
    const nextMs = type === 'STREAM_TIME' ? 0 : this.options.systemTimeMs() + intervalMs;
    const p: Punctuation = { intervalMs, type, nextMs, node, punctuator, cancelled: false };
    this.punctuations.push(p);
    return { cancel: () => { p.cancelled = true; } };
  }

  private build(): void {
    const services = this.services();
    const sub = this.options.subTopology;
    const receivers = new Map<string, RecordReceiver>();
    for (const def of sub.nodes) {
      if (def.kind === 'sink') {
        receivers.set(def.name, this.sinkReceiver(def));
        continue;
      }
      const processor = def.kind === 'source' ? passThrough() : def.supplier();
      const stores = def.kind === 'processor' ? def.stores : [];
      const node = new NodeInstance(def.name, def, processor, services, stores);
      this.nodes.set(def.name, node);
      receivers.set(def.name, node);
    }
    for (const def of sub.nodes) {
      if (def.kind === 'sink') continue;
      this.nodes.get(def.name)!.children = def.children.map((c) => receivers.get(c)!);
    }
  }

  private sinkReceiver(def: SinkNode): RecordReceiver {
    const { collector, topicName } = this.options;
    const task = this;
    // A text value goes to the collector as text when both can: the producer encodes it in place.
    // With it goes a text key when the key serde writes text (the producer hashes its bytes only
    // when the topic has several partitions).
    const { keySerde, valueSerde } = def;
    const asText = collector.sendText !== undefined && valueSerde.serializeText !== undefined;
    const keyAsText = asText && keySerde.serializeText !== undefined;
    const fixedTopic = typeof def.topic === 'string' ? topicName(def.topic, def.internal) : null;
    return {
      name: def.name,
      receive(record: StreamRecord<unknown, unknown>): void {
        const topic = fixedTopic ?? (def.topic as Exclude<SinkNode['topic'], string>)(record.key, record.value, { topic: task.current?.topic ?? null, partition: task.options.partition, offset: task.current?.offset ?? -1n });
        const key = keyAsText ? keySerde.serializeText!(topic, record.key) : keySerde.serialize(topic, record.key);
        const value = asText ? valueSerde.serializeText!(topic, record.value) : valueSerde.serialize(topic, record.value);
        const partition = def.partitioner === undefined ? undefined : def.partitioner(topic, record.key, record.value, collector.partitionsFor(topic));
        if (typeof value === 'string') collector.sendText!({ topic, partition, key, value, timestamp: record.timestamp, headers: record.headers });
        else collector.send({ topic, partition, key: typeof key === 'string' ? Buffer.from(key, 'utf8') : key, value, timestamp: record.timestamp, headers: record.headers });
      },
    };
  }
}

/** Whether every child of `source` ignores values and its value serde can check bytes (see ProcessorNode.ignoresValues). */
function ignoresValues(source: SourceNode, sub: SubTopology): boolean {
  if (source.timestampExtractor !== undefined || source.valueSerde.accepts === undefined || source.children.length === 0) return false;
  return source.children.every((name) => {
    const child = sub.nodes.find((n) => n.name === name);
    return child !== undefined && child.kind === 'processor' && child.ignoresValues === true;
  });
}

function passThrough() {
  let ctx: { forward(r: StreamRecord<unknown, unknown>): void };
  return {
    init(context: { forward(r: StreamRecord<unknown, unknown>): void }) {
      ctx = context;
    },
    process(record: StreamRecord<unknown, unknown>) {
      ctx.forward(record);
    },
  };
}
