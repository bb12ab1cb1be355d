/**
 * One of the worker's internal compacted topics (offsets, configs, status), as Kafka Connect's
 * KafkaBasedLog: created if missing with `cleanup.policy=compact`, read from the beginning to its
 * end when the worker starts, then written through (each write waits for acks=all). One standalone
 * worker is the only writer, so it never needs to tail the topic after start.
 */
import type { Admin } from '../../core/client/admin.js';
import type { Consumer } from '../../core/client/consumer.js';
import type { ConsumerConfig } from '../../core/client/consumer-config.js';
import type { Producer } from '../../core/client/producer.js';
import type { ProducerConfig } from '../../core/client/producer-config.js';
import { tpKey, type ConsumerRecord } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';

/** What the runtime needs from a Fjord (embedded or connected): fresh clients. */
export interface ConnectClients {
  producer(config?: Partial<ProducerConfig>): Producer;
  consumer(config?: Partial<ConsumerConfig>): Consumer;
  admin(clientId?: string): Admin;
}

const READ_POLL_MS = 200;
const READ_TIMEOUT_MS = 60000;

export class InternalTopic {
  private constructor(readonly topic: string, private readonly producer: Producer) {}

  /**
   * Ensures the topic exists (compacted, `partitions` partitions) and returns every record in it,
   * in offset order per partition (partition 0 first, and so on).
   */
  static async open(clients: ConnectClients, topic: string, partitions: number, clientId: string): Promise<{ log: InternalTopic; records: ConsumerRecord[] }> {
    const admin = clients.admin(`${clientId}-admin`);
    const existing = await admin.listTopics({ includeInternal: true });
    if (!existing.includes(topic)) {
      try {
        await admin.createTopics([{ topic, numPartitions: partitions, configs: { 'cleanup.policy': 'compact' } }]);
      } catch (err) {
        if (!(err instanceof FjordError && err.code === 'TOPIC_ALREADY_EXISTS')) throw err;
      }
    }
    const records = await readAll(clients, admin, topic, clientId);
    const producer = clients.producer({ clientId: `${clientId}-producer`, acks: 'all', lingerMs: 0 });
    return { log: new InternalTopic(topic, producer), records };
  }

  /** Writes one record (null value = tombstone) and waits until it is acknowledged. */
  async write(key: string, value: string | null): Promise<void> {
    await this.producer.send({ topic: this.topic, key, value });
  }

  /** Writes records in order and waits for all of them. */
  async writeAll(entries: { key: string; value: string | null }[]): Promise<void> {
    await Promise.all(entries.map((e) => this.producer.send({ topic: this.topic, key: e.key, value: e.value })));
  }

  async close(): Promise<void> {
    await this.producer.close();
  }
}

async function readAll(clients: ConnectClients, admin: Admin, topic: string, clientId: string): Promise<ConsumerRecord[]> {
  const [description] = await admin.describeTopics([topic]);
  const tps = description.partitions.map((p) => ({ topic, partition: p.partition })).sort((a, b) => a.partition - b.partition);
  const ends = await admin.listOffsets(tps, 'latest');
  const consumer = clients.consumer({ clientId: `${clientId}-reader`, autoOffsetReset: 'earliest', enableAutoCommit: false, maxPollRecords: 10000 });
  const byPartition = new Map<number, ConsumerRecord[]>(tps.map((tp) => [tp.partition, []]));
  try {
    consumer.assign(tps);
    await consumer.seekToBeginning(tps);
    const deadline = Date.now() + READ_TIMEOUT_MS;
    for (;;) {
      let behind = false;
      for (const tp of tps) {
        const end = ends.get(tpKey(topic, tp.partition)) ?? 0n;
        if ((await consumer.position(tp)) < end) behind = true;
      }
      if (!behind) break;
      if (Date.now() > deadline) throw new FjordError('TIMEOUT', `reading internal topic '${topic}' to its end took over ${READ_TIMEOUT_MS} ms`);
      for (const r of await consumer.poll(READ_POLL_MS)) byPartition.get(r.partition)!.push(r);
    }
  } finally {
    await consumer.close();
  }
  return tps.flatMap((tp) => byPartition.get(tp.partition)!);
}
