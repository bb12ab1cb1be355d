/**
 * The SQL engine's runtime on a real Fjord (embedded on a data dir, or connected to a broker):
 * topics through an admin, INSERT VALUES through a producer, PRINT through a group-less
 * consumer, and every query as a FjordStreams application whose stores live under `stateDir`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Fjord } from '../../core/client/fjord.js';
import type { Producer } from '../../core/client/producer.js';
import { FjordError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/io/logger.js';
import type { FjordStreamsConfig } from '../../core/streams/runtime/fjord-streams.js';
import type { PersistentQuerySpec, QueryHandle, SqlRuntime, TopicInfo, TopicRecord, TransientQuerySpec } from '../engine/runtime.js';
import { CommandTopic, COMMAND_TOPIC } from './command-topic.js';
import { StreamsQuery } from './streams-query.js';
import { startTopicReader, type ReadRecord } from './topic-reader.js';

export interface LiveRuntimeOptions {
  readonly fjord: Fjord;
  /** Where queries keep their state stores, e.g. `<data-dir>/sql-state`. */
  readonly stateDir: string;
  /** commit.interval.ms of every query (ksqlDB's default: 2000). */
  readonly commitIntervalMs?: number;
  /** max.poll.records of every query's consumer (Kafka Streams' default: 1000). */
  readonly maxPollRecords?: number;
  /** Default `_confluent-ksql-default__command_topic`. */
  readonly commandTopic?: string;
  readonly logger?: Logger;
  /** Progress of state stores restoring from their changelogs when queries (re)start. */
  readonly onRestoreProgress?: FjordStreamsConfig['onRestoreProgress'];
}

/** ksqlDB's commit.interval.ms default. */
const defaultCommitIntervalMs = 2000;

export class LiveRuntime implements SqlRuntime {
  private producerValue: Producer | null = null;
  private readonly commands: CommandTopic;
  /** Every query and reader started and not yet stopped, so close() can stop them. */
  private readonly running = new Set<QueryHandle>();
  private readSeq = 0;

  constructor(private readonly options: LiveRuntimeOptions) {
    this.commands = new CommandTopic(options.fjord, () => this.producer(), options.commandTopic ?? COMMAND_TOPIC);
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  private get admin() {
    return this.options.fjord.admin('fjord-sql-admin');
  }

  private producer(): Producer {
    this.producerValue ??= this.options.fjord.producer({ clientId: 'fjord-sql-producer', acks: 'all', lingerMs: 0 });
    return this.producerValue;
  }

  /** User topics (not the broker's own, such as __consumer_offsets), sorted by name. */
  async listTopics(): Promise<TopicInfo[]> {
    const all = await this.admin.describeTopics(null);
    return all.filter((t) => !t.internal).map(toTopicInfo).sort((a, b) => a.name.localeCompare(b.name));
  }

  async describeTopic(name: string): Promise<TopicInfo | null> {
    try {
      const [description] = await this.admin.describeTopics([name]);
      return description === undefined ? null : toTopicInfo(description);
    } catch (error) {
      if (error instanceof FjordError && error.code === 'UNKNOWN_TOPIC_OR_PARTITION') return null;
      throw error;
    }
  }

  async createTopic(name: string, partitions: number, replicas: number, config: Record<string, string> = {}): Promise<void> {
    // ksqlDB's REPLICAS defaults to -1: the broker's default replication factor.
    await this.admin.createTopics([{ topic: name, numPartitions: partitions, ...(replicas > 0 ? { replicationFactor: replicas } : {}), configs: config }]);
  }

  async deleteTopic(name: string): Promise<void> {
    await this.admin.deleteTopics([name]);
  }

  /** Sends the records in order and resolves once the broker has every one of them. */
  async produce(topic: string, records: readonly TopicRecord[]): Promise<void> {
    const producer = this.producer();
    const sends = records.map((r) => producer.send({
      topic, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers.map((h) => ({ key: h.key, value: h.value })),
      ...(r.partition !== undefined ? { partition: r.partition } : {}),
    }));
    await Promise.all(sends);
  }

  async read(topic: string, options: { fromBeginning: boolean }, onRecord: (record: ReadRecord) => void): Promise<QueryHandle> {
    const handle = await startTopicReader(this.options.fjord, `${process.pid}-${++this.readSeq}`, topic, options, onRecord, (h) => this.running.delete(h));
    this.running.add(handle);
    return handle;
  }

  async startPersistent(spec: PersistentQuerySpec): Promise<QueryHandle> {
    const query = await StreamsQuery.start({ ...this.queryOptions(spec), afterStop: async (q) => void this.running.delete(q) });
    this.running.add(query);
    return query;
  }

  /**
   * Starts a push query. Its group starts at the end of each source partition for `latest`
   * (FjordStreams itself always falls back to earliest), and its group, internal topics and
   * state are removed when it stops: nothing of a transient query outlives it.
   */
  async startTransient(spec: TransientQuerySpec): Promise<QueryHandle> {
    if (spec.offsetReset === 'latest' && spec.sourceTopics.length > 0) {
      await this.admin.resetGroupOffsets(spec.applicationId, { to: 'latest' }, { topics: [...spec.sourceTopics] });
    }
    const afterStop = async (q: QueryHandle): Promise<void> => {
      this.running.delete(q);
      // Cancelling a push query must not fail because its leftovers could not be removed.
      await this.removeTraces(spec.applicationId).catch((error: Error) => this.logger.warn(`push query ${spec.id}: could not remove its group, topics or state: ${error.message}`));
    };
    let query: StreamsQuery;
    try {
      query = await StreamsQuery.start({ ...this.queryOptions(spec), afterStop });
    } catch (error) {
      await this.removeTraces(spec.applicationId).catch(() => {}); // the failure to start is the error worth reporting
      throw error;
    }
    this.running.add(query);
    return query;
  }

  private queryOptions(spec: { id: string; applicationId: string; topology: PersistentQuerySpec['topology']; cacheMaxBytes?: number }) {
    return {
      id: spec.id, applicationId: spec.applicationId, topology: spec.topology, fjord: this.options.fjord,
      ...(spec.cacheMaxBytes === undefined ? {} : { cacheMaxBytes: spec.cacheMaxBytes }),
      stateDir: this.options.stateDir, commitIntervalMs: this.options.commitIntervalMs ?? defaultCommitIntervalMs,
      ...(this.options.maxPollRecords === undefined ? {} : { maxPollRecords: this.options.maxPollRecords }),
      logger: this.logger, onRestoreProgress: this.options.onRestoreProgress,
    };
  }

  /** After TERMINATE: the stopped query's internal topics, group and state go (SqlRuntime.removeQueryState). */
  async removeQueryState(applicationId: string): Promise<void> {
    await this.removeTraces(applicationId);
  }

  /** Deletes a stopped application's internal topics, consumer group and state directory. */
  private async removeTraces(applicationId: string): Promise<void> {
    const internal = (await this.admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-`) && (t.endsWith('-changelog') || t.endsWith('-repartition')));
    if (internal.length > 0) await this.admin.deleteTopics(internal);
    await this.admin.deleteGroups([applicationId]).catch((error: unknown) => {
      // A query stopped before its consumer ever joined leaves no group behind.
      if (!(error instanceof FjordError && error.code === 'GROUP_ID_NOT_FOUND')) throw error;
    });
    await fs.rm(path.join(this.options.stateDir, applicationId), { recursive: true, force: true });
  }

  async appendCommand(command: string): Promise<void> {
    await this.commands.append(command);
  }

  async readCommands(): Promise<string[]> {
    return this.commands.readAll();
  }

  /** Stops every query and reader still running and closes the producer; the Fjord stays open (it belongs to the caller). */
  async close(): Promise<void> {
    for (const handle of [...this.running]) await handle.stop().catch(() => {});
    await this.producerValue?.close();
    this.producerValue = null;
  }
}

function toTopicInfo(t: { name: string; partitions: { replicas: number[] }[] }): TopicInfo {
  return { name: t.name, partitions: t.partitions.length, replicas: t.partitions[0]?.replicas.length ?? 0 };
}
