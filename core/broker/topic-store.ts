/**
 * The broker's topic metadata: names, ids, partition counts and per-topic config overrides.
 * Kept in `<dataDir>/cluster-metadata.json`, rewritten atomically on every change. (The
 * replicated-cluster issue replaces this file with a Raft-replicated metadata log.)
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FjordError } from '../errors.js';
import type { Storage } from '../io/storage.js';
import { collidesWith, isInternalTopic, validateTopicName } from './topic-names.js';

export interface TopicInfo {
  name: string;
  /** 16 random bytes, base64 in the file (Kafka's Uuid). */
  topicId: Buffer;
  partitions: number;
  /** Config overrides set on this topic (Kafka's "dynamic topic config"); defaults are not stored. */
  configs: Record<string, string>;
  internal: boolean;
}

interface FileFormat {
  version: 1;
  topics: { name: string; topicId: string; partitions: number; configs: Record<string, string> }[];
}

export const TOPIC_STORE_FILE = 'cluster-metadata.json';

export class TopicStore {
  private readonly topics = new Map<string, TopicInfo>();

  private constructor(
    private readonly storage: Storage,
    private readonly file: string,
  ) {}

  static open(storage: Storage, dataDir: string): TopicStore {
    const store = new TopicStore(storage, path.join(dataDir, TOPIC_STORE_FILE));
    const bytes = storage.readFile(store.file);
    if (bytes) store.load(bytes);
    return store;
  }

  private load(bytes: Buffer): void {
    let parsed: FileFormat;
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as FileFormat;
    } catch (err) {
      throw new FjordError('CORRUPT_LOG', `${this.file}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    if (parsed.version !== 1 || !Array.isArray(parsed.topics)) {
      throw new FjordError('CORRUPT_LOG', `${this.file}: unknown format version ${String(parsed.version)}`);
    }
    for (const t of parsed.topics) {
      this.topics.set(t.name, {
        name: t.name,
        topicId: Buffer.from(t.topicId, 'base64'),
        partitions: t.partitions,
        configs: t.configs,
        internal: isInternalTopic(t.name),
      });
    }
  }

  private save(): void {
    const data: FileFormat = {
      version: 1,
      topics: [...this.topics.values()].map((t) => ({
        name: t.name,
        topicId: t.topicId.toString('base64'),
        partitions: t.partitions,
        configs: t.configs,
      })),
    };
    this.storage.writeFileAtomic(this.file, JSON.stringify(data, null, 2));
  }

  get(name: string): TopicInfo | undefined {
    return this.topics.get(name);
  }

  byId(topicId: Buffer): TopicInfo | undefined {
    for (const t of this.topics.values()) if (t.topicId.equals(topicId)) return t;
    return undefined;
  }

  list(): TopicInfo[] {
    return [...this.topics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Checks a new topic against Kafka's rules; throws FjordError with the Kafka error name. */
  validateNew(name: string, partitions: number): void {
    validateTopicName(name);
    if (this.topics.has(name)) throw new FjordError('TOPIC_ALREADY_EXISTS', `topic '${name}' already exists`);
    const clash = [...this.topics.keys()].find((other) => collidesWith(name, other));
    if (clash) {
      throw new FjordError('INVALID_TOPIC_EXCEPTION', `topic '${name}' collides with existing topic '${clash}' ('.' and '_' are interchangeable in metric names)`);
    }
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new FjordError('INVALID_PARTITIONS', `topic '${name}': partitions must be an integer >= 1, got ${partitions}`);
    }
  }

  create(name: string, partitions: number, configs: Record<string, string>): TopicInfo {
    this.validateNew(name, partitions);
    const info: TopicInfo = { name, topicId: randomBytes(16), partitions, configs, internal: isInternalTopic(name) };
    this.topics.set(name, info);
    this.save();
    return info;
  }

  delete(name: string): void {
    this.topics.delete(name);
    this.save();
  }

  setPartitions(name: string, partitions: number): void {
    const info = this.topics.get(name);
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    info.partitions = partitions;
    this.save();
  }

  setConfigs(name: string, configs: Record<string, string>): void {
    const info = this.topics.get(name);
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    info.configs = configs;
    this.save();
  }
}
