/** The client's view of topics and partition counts, refreshed from Metadata requests. */
import { FjordError, kafkaError } from '../errors.js';
import type { Transport } from './transport.js';

export interface TopicPartitions {
  name: string;
  partitions: number;
  internal: boolean;
}

export class MetadataCache {
  private readonly topics = new Map<string, TopicPartitions>();
  private readonly lookups = new Map<string, Promise<number>>();

  constructor(
    private readonly transport: Transport,
    private readonly allowAutoTopicCreation: boolean,
  ) {}

  /** Cached partition count, or undefined when the topic was never looked up. */
  partitionCount(topic: string): number | undefined {
    return this.topics.get(topic)?.partitions;
  }

  /** Looks topics up (creating them when allowed and the broker auto-creates); throws for unknown ones. */
  async refresh(topics: string[] | null): Promise<TopicPartitions[]> {
    const res = await this.transport.request('Metadata', {
      topics: topics === null ? null : topics.map((name) => ({ name, topicId: Buffer.alloc(16) })),
      allowAutoTopicCreation: this.allowAutoTopicCreation,
      includeTopicAuthorizedOperations: false,
    });
    if (!res) throw new Error('assertion failed: Metadata got no response');
    const out: TopicPartitions[] = [];
    for (const t of res.topics) {
      const name = t.name ?? '';
      if (t.errorCode !== 0) {
        this.topics.delete(name);
        throw kafkaError(t.errorCode, `topic '${name}' (${this.transport.description})`);
      }
      const info = { name, partitions: t.partitions.length, internal: t.isInternal ?? false };
      this.topics.set(name, info);
      out.push(info);
    }
    return out;
  }

  /** The partition count of a topic, looking it up once however many callers ask at the same time. */
  partitionsFor(topic: string): Promise<number> {
    const cached = this.partitionCount(topic);
    if (cached !== undefined) return Promise.resolve(cached);
    let lookup = this.lookups.get(topic);
    if (!lookup) {
      lookup = this.refresh([topic]).then(([info]) => {
        if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${topic}' does not exist (${this.transport.description})`);
        return info.partitions;
      });
      const done = lookup;
      this.lookups.set(topic, done);
      void done.then(
        () => this.lookups.delete(topic),
        () => this.lookups.delete(topic),
      );
    }
    return lookup;
  }

  forget(topic: string): void {
    this.topics.delete(topic);
  }
}
