/**
 * TestRuntime: the SqlRuntime `fjord sql-test` runs the engine on. Topics live in memory as byte
 * records stamped with one global append sequence, so the runner knows the order across topics.
 * A persistent query gets its own TopologyTestDriver; nothing runs until `runQueries()`, which
 * feeds each query (in start order) every record of its source topics it has not seen yet, in
 * append order, and appends what it wrote to the in-memory topics — so a later query consumes an
 * earlier one's output, as in ksqlDB's own test runner. Transient queries and `read` are not
 * supported (a test case asserts on topics, not on push-query rows).
 */
import { FjordError } from '../../core/errors.js';
import type { RecordHeader } from '../../core/protocol/record-batch.js';
import { TopologyTestDriver } from '../../core/streams/runtime/topology-test-driver.js';
import { SqlError } from '../errors.js';
import type { PersistentQuerySpec, QueryHandle, QueryState, SqlRuntime, TopicInfo, TopicRecord } from '../engine/runtime.js';

/** A record as stored: its place in the global append order and which query wrote it (null: produced). */
export interface StoredRecord extends TopicRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly seq: number;
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
  /** Every record with a seq below this has been offered to the query. */
  nextSeq: number;
}

/** `runQueries` gives up after this many passes over the queries that all still consumed something (a cycle). */
export const QUERY_ROUNDS_MAX = 50;
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
    for (const r of records) this.append(target, r, null);
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
    const query: RegisteredQuery = { spec, driver, state: 'RUNNING', nextSeq: 0 };
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
   * Runs every running query until none has records left to consume: each, in start order, gets
   * the records of its source topics it has not seen (in append order) and its output is appended
   * to the topics. Repeats while a pass consumed something, so a query also sees what a query
   * started after it wrote to its sources.
   */
  async runQueries(): Promise<void> {
    this.assertOpen();
    for (let round = 0; round < QUERY_ROUNDS_MAX; round++) {
      let consumed = false;
      for (const q of this.queries) {
        if (q.state === 'RUNNING' && (await this.catchUp(q))) consumed = true;
      }
      if (!consumed) return;
    }
    throw new FjordError('TIMEOUT', `queries were still consuming after ${QUERY_ROUNDS_MAX} rounds: do they feed each other in a cycle? (${this.queryIds().join(', ')})`);
  }

  /** Feeds `q` its unseen source records; true when there was at least one. */
  private async catchUp(q: RegisteredQuery): Promise<boolean> {
    const upTo = this.nextSeq;
    const pending = this.pendingFor(q, upTo);
    q.nextSeq = upTo;
    for (const { topic, record } of pending) {
      try {
        await q.driver.pipe(topic, record.key, record.value, record.timestamp, [...record.headers]);
      } catch (err) {
        this.recordError(q, topic, record.seq, err);
      }
      this.collectOutput(q);
    }
    return pending.length > 0;
  }

  /** Source records of `q` with seq in [q.nextSeq, upTo), merged in append order; not its own output (the driver fed that back already). */
  private pendingFor(q: RegisteredQuery, upTo: number): { topic: string; record: StoredRecord }[] {
    const pending: { topic: string; record: StoredRecord }[] = [];
    for (const topic of new Set(q.spec.sourceTopics)) {
      for (const record of this.topics.get(topic)?.records ?? []) {
        if (record.seq >= q.nextSeq && record.seq < upTo && record.producerQueryId !== q.spec.id) pending.push({ topic, record });
      }
    }
    return pending.sort((a, b) => a.record.seq - b.record.seq);
  }

  private collectOutput(q: RegisteredQuery): void {
    for (const topic of q.driver.producedTopicNames()) {
      const out = q.driver.takeOutput(topic);
      if (out.length === 0) continue;
      // Internal topics (repartition, changelog) and sinks whose topic was deleted appear on first write.
      const target = this.topics.get(topic) ?? this.addTopic(topic, 1, 1, {});
      for (const r of out) this.append(target, { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, partition: r.partition }, q.spec.id);
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

  private append(topic: MemoryTopic, r: TopicRecord, producerQueryId: string | null): void {
    const partition = r.partition ?? 0;
    if (!Number.isInteger(partition) || partition < 0 || partition >= topic.info.partitions) {
      throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${topic.info.name}' has no partition ${partition} (it has ${topic.info.partitions})`);
    }
    const offset = topic.nextOffsets[partition];
    topic.nextOffsets[partition] = offset + 1n;
    const headers: RecordHeader[] = r.headers.map((h) => ({ key: h.key, value: h.value }));
    topic.records.push({ key: r.key, value: r.value, timestamp: r.timestamp, headers, partition, offset, seq: this.nextSeq++, producerQueryId });
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
