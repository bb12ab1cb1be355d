/**
 * TestRuntime: the SqlRuntime `fjord sql-test` runs the engine on. Topics live in memory as byte
 * records stamped with one global append sequence and their origin: a test case's input record,
 * a record produced through the runtime (INSERT VALUES), or a query's output. A persistent query
 * gets its own TopologyTestDriver; nothing runs until `runQueries()`, which feeds the queries the
 * way ksqlDB's test runner (TestExecutor) feeds its drivers, one query after another in start
 * order:
 * 1. if some of its source topics have input records: those input records, in file order (other
 *    records on those topics are not fed, as ksqlDB feeds only the provided inputs there);
 * 2. then each other source topic, one whole topic at a time, in the order Java's HashSet of the
 *    topic names iterates: all its records (INSERT VALUES, earlier queries' output).
 * What a query writes is appended to the topics at once, so later queries consume it. Each record
 * is fed to a query at most once, so `runQueries()` may be called again after more input.
 * Transient queries and `read` are not supported (test cases assert on topics).
 */
import { FjordError } from '../../core/errors.js';
import type { RecordHeader } from '../../core/protocol/record-batch.js';
import { TopologyTestDriver } from '../../core/streams/runtime/topology-test-driver.js';
import { SqlError } from '../errors.js';
import { javaHashSetOrder } from './java-hash-order.js';
import type { PersistentQuerySpec, QueryHandle, QueryState, SqlRuntime, TopicInfo, TopicRecord } from '../engine/runtime.js';

/** Where a stored record came from. */
export type RecordOrigin = 'input' | 'produced' | 'query';

/** A record as stored: its place in the global append order, its origin and which query wrote it (null: not a query). */
export interface StoredRecord extends TopicRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly seq: number;
  readonly origin: RecordOrigin;
  readonly producerQueryId: string | null;
}

/** A record a query failed to process: the query drops it and goes on, as ksqlDB logs and continues. */
export interface QueryProcessingError {
  readonly queryId: string;
  readonly topic: string;
  readonly seq: number;
  readonly error: Error;
}

interface MemoryTopic {
  readonly info: TopicInfo;
  readonly config: Readonly<Record<string, string>>;
  readonly records: StoredRecord[];
  readonly nextOffsets: bigint[];
}

interface RegisteredQuery {
  readonly spec: PersistentQuerySpec;
  readonly driver: TopologyTestDriver;
  state: QueryState;
  /** Per source topic: how many of its records (by index) have been considered for this query. */
  readonly consumed: Map<string, number>;
}

/** Processing errors kept for the report; more are counted only. */
export const PROCESSING_ERRORS_MAX = 100;

export class TestRuntime implements SqlRuntime {
  private readonly topics = new Map<string, MemoryTopic>();
  private readonly queries: RegisteredQuery[] = [];
  private readonly commands: string[] = [];
  private nextSeq = 0;
  private closed = false;
  /** Records queries failed on (dropped), first PROCESSING_ERRORS_MAX of them. */
  readonly processingErrors: QueryProcessingError[] = [];
  processingErrorCount = 0;

  async listTopics(): Promise<TopicInfo[]> {
    return [...this.topics.values()].map((t) => t.info);
  }

  async describeTopic(name: string): Promise<TopicInfo | null> {
    return this.topics.get(name)?.info ?? null;
  }

  async createTopic(name: string, partitions: number, replicas: number, config: Record<string, string> = {}): Promise<void> {
    this.assertOpen();
    if (this.topics.has(name)) throw new FjordError('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`);
    if (!Number.isInteger(partitions) || partitions < 1) throw new FjordError('INVALID_PARTITIONS', `topic ${name}: partitions must be a whole number >= 1, got ${partitions}`);
    this.addTopic(name, partitions, replicas, config);
  }

  async deleteTopic(name: string): Promise<void> {
    if (!this.topics.delete(name)) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
  }

  async produce(topic: string, records: readonly TopicRecord[]): Promise<void> {
    this.assertOpen();
    const target = this.topics.get(topic);
    if (target === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `cannot produce to topic '${topic}': it does not exist`);
    for (const r of records) this.append(target, r, 'produced', null);
  }

  /** Appends a test case's input records (fed to queries as ksqlDB's runner feeds provided inputs). */
  async appendInputs(topic: string, records: readonly TopicRecord[]): Promise<void> {
    this.assertOpen();
    const target = this.topics.get(topic);
    if (target === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `cannot append input records to topic '${topic}': it does not exist`);
    for (const r of records) this.append(target, r, 'input', null);
  }

  async read(topic: string): Promise<QueryHandle> {
    throw new SqlError(`reading topic '${topic}' (PRINT, push queries) is not supported by the test runtime`, 'engine');
  }

  async startPersistent(spec: PersistentQuerySpec): Promise<QueryHandle> {
    this.assertOpen();
    if (this.queries.some((q) => q.spec.id === spec.id && q.state !== 'TERMINATED')) {
      throw new FjordError('INVALID_ARGUMENT', `query ${spec.id} is already running in the test runtime`);
    }
    const driver = await TopologyTestDriver.create(spec.topology, { applicationId: spec.applicationId });
    const query: RegisteredQuery = { spec, driver, state: 'RUNNING', consumed: new Map() };
    this.queries.push(query);
    return this.handleFor(query);
  }

  async startTransient(): Promise<QueryHandle> {
    throw new SqlError('transient queries (SELECT ... EMIT CHANGES) are not supported by the test runtime', 'engine');
  }

  async appendCommand(command: string): Promise<void> {
    this.commands.push(command);
  }

  async readCommands(): Promise<string[]> {
    return [...this.commands];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const q of this.queries) if (q.state !== 'TERMINATED') await this.terminate(q);
  }

  /** The records of `topic` in append order (empty when the topic does not exist). */
  records(topic: string): readonly StoredRecord[] {
    return this.topics.get(topic)?.records ?? [];
  }

  /** Ids of the persistent queries started so far, in start order. */
  queryIds(): string[] {
    return this.queries.map((q) => q.spec.id);
  }

  /**
   * Feeds every running query, in start order, the records it has not been fed yet (see the
   * header for the order), appending what it writes. One pass, as ksqlDB's runner: a query does
   * not see what a query started after it writes during the same pass.
   */
  async runQueries(): Promise<void> {
    this.assertOpen();
    const inputTopics = new Set([...this.topics.values()].filter((t) => t.records.some((r) => r.origin === 'input')).map((t) => t.info.name));
    for (const q of this.queries) if (q.state === 'RUNNING') await this.catchUp(q, inputTopics);
  }

  private async catchUp(q: RegisteredQuery, inputTopics: ReadonlySet<string>): Promise<void> {
    const sources = [...new Set(q.spec.sourceTopics)];
    // 1. The provided input records of its input topics, merged in file (append) order.
    const inputs: { topic: string; record: StoredRecord }[] = [];
    for (const topic of sources.filter((t) => inputTopics.has(t))) {
      const records = this.topics.get(topic)?.records ?? [];
      for (let i = q.consumed.get(topic) ?? 0; i < records.length; i++) if (records[i].origin === 'input') inputs.push({ topic, record: records[i] });
      q.consumed.set(topic, records.length);
    }
    inputs.sort((a, b) => a.record.seq - b.record.seq);
    for (const { topic, record } of inputs) await this.feed(q, topic, record);
    // 2. Every other source topic as a whole, in Java HashSet order; what is there now (as kafka.readRecords).
    for (const topic of javaHashSetOrder(sources.filter((t) => !inputTopics.has(t)))) {
      const records = this.topics.get(topic)?.records ?? [];
      const end = records.length;
      for (let i = q.consumed.get(topic) ?? 0; i < end; i++) {
        // Its own output the driver has fed back already.
        if (records[i].producerQueryId !== q.spec.id) await this.feed(q, topic, records[i]);
      }
      q.consumed.set(topic, end);
    }
  }

  private async feed(q: RegisteredQuery, topic: string, record: StoredRecord): Promise<void> {
    try {
      await q.driver.pipe(topic, record.key, record.value, record.timestamp, [...record.headers]);
    } catch (err) {
      this.recordError(q, topic, record.seq, err);
    }
    this.collectOutput(q);
  }

  private collectOutput(q: RegisteredQuery): void {
    for (const topic of q.driver.producedTopicNames()) {
      const out = q.driver.takeOutput(topic);
      if (out.length === 0) continue;
      // Internal topics (repartition, changelog) and sinks whose topic was deleted appear on first write.
      const target = this.topics.get(topic) ?? this.addTopic(topic, 1, 1, {});
      for (const r of out) this.append(target, { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, partition: r.partition }, 'query', q.spec.id);
    }
  }

  private recordError(q: RegisteredQuery, topic: string, seq: number, err: unknown): void {
    this.processingErrorCount++;
    if (this.processingErrors.length < PROCESSING_ERRORS_MAX) {
      this.processingErrors.push({ queryId: q.spec.id, topic, seq, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  private addTopic(name: string, partitions: number, replicas: number, config: Record<string, string>): MemoryTopic {
    const topic: MemoryTopic = { info: { name, partitions, replicas }, config: { ...config }, records: [], nextOffsets: new Array<bigint>(partitions).fill(0n) };
    this.topics.set(name, topic);
    return topic;
  }

  private append(topic: MemoryTopic, r: TopicRecord, origin: RecordOrigin, producerQueryId: string | null): void {
    const partition = r.partition ?? 0;
    if (!Number.isInteger(partition) || partition < 0 || partition >= topic.info.partitions) {
      throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${topic.info.name}' has no partition ${partition} (it has ${topic.info.partitions})`);
    }
    const offset = topic.nextOffsets[partition];
    topic.nextOffsets[partition] = offset + 1n;
    const headers: RecordHeader[] = r.headers.map((h) => ({ key: h.key, value: h.value }));
    topic.records.push({ key: r.key, value: r.value, timestamp: r.timestamp, headers, partition, offset, seq: this.nextSeq++, origin, producerQueryId });
  }

  private handleFor(q: RegisteredQuery): QueryHandle {
    return {
      id: q.spec.id,
      state: () => q.state,
      error: () => null,
      // ksqlDB would have run the query up to now: let every query catch up before it stops consuming.
      pause: async () => {
        if (q.state !== 'RUNNING') return;
        await this.runQueries();
        q.state = 'PAUSED';
      },
      resume: async () => {
        if (q.state === 'PAUSED') q.state = 'RUNNING';
      },
      stop: async () => {
        if (q.state === 'TERMINATED') return;
        if (q.state === 'RUNNING' && !this.closed) await this.runQueries();
        await this.terminate(q);
      },
      store: (name) => {
        try {
          return q.driver.getStateStore(name);
        } catch {
          return null;
        }
      },
    };
  }

  private async terminate(q: RegisteredQuery): Promise<void> {
    q.state = 'TERMINATED';
    await q.driver.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', 'the test runtime is closed');
  }
}
