/**
 * The command topic: ksqlDB's log of every statement that changed the catalog. One partition
 * (so the order is total) kept forever (retention.ms -1); replaying it on start re-creates the
 * streams, tables and persistent queries.
 */
import type { Fjord } from '../../core/client/fjord.js';
import type { Producer } from '../../core/client/producer.js';
import { FjordError } from '../../core/errors.js';

/** ksqlDB's name for the command topic of the default service id. */
export const COMMAND_TOPIC = '_confluent-ksql-default__command_topic';

/** Longest single poll while reading the command topic back. */
const pollMsMax = 200;
/** How long reading the command topic may take before it is reported as stuck. */
const readTimeoutMs = 30_000;

export class CommandTopic {
  private ready: Promise<void> | null = null;

  constructor(private readonly fjord: Fjord, private readonly producer: () => Producer, private readonly topic = COMMAND_TOPIC) {}

  /** Creates the topic on first use (1 partition, kept forever); an existing one is used as it is. */
  ensure(): Promise<void> {
    this.ready ??= this.create().catch((error: unknown) => {
      this.ready = null; // let a later call try again
      throw error;
    });
    return this.ready;
  }

  private async create(): Promise<void> {
    const admin = this.fjord.admin('fjord-sql-admin');
    const existing = await admin.listTopics({ includeInternal: true });
    if (existing.includes(this.topic)) return;
    await admin.createTopics([{ topic: this.topic, numPartitions: 1, configs: { 'retention.ms': '-1' } }]).catch((error: unknown) => {
      if (!(error instanceof FjordError && error.code === 'TOPIC_ALREADY_EXISTS')) throw error;
    });
  }

  /** Appends one command and waits until the broker has it. */
  async append(command: string): Promise<void> {
    await this.ensure();
    await this.producer().send({ topic: this.topic, partition: 0, key: null, value: command });
  }

  /** Every command appended so far, oldest first. */
  async readAll(): Promise<string[]> {
    await this.ensure();
    const tp = { topic: this.topic, partition: 0 };
    const end = (await this.fjord.admin('fjord-sql-admin').listOffsets([tp], 'latest')).values().next().value ?? 0n;
    const consumer = this.fjord.consumer({ clientId: 'fjord-sql-command-reader', groupId: null, enableAutoCommit: false, autoOffsetReset: 'earliest' });
    const commands: string[] = [];
    try {
      consumer.assign([tp]);
      await consumer.seekToBeginning([tp]);
      const deadline = Date.now() + readTimeoutMs;
      while ((await consumer.position(tp)) < end) {
        if (Date.now() > deadline) throw new FjordError('TIMEOUT', `reading the command topic ${this.topic} took over ${readTimeoutMs} ms (at offset ${await consumer.position(tp)} of ${end})`);
        for (const r of await consumer.poll(pollMsMax)) if (r.value !== null) commands.push(r.value.toString('utf8'));
      }
    } finally {
      await consumer.close();
    }
    return commands;
  }
}
