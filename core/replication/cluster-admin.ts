/**
 * The admin requests a cluster broker forwards to the active controller — CreateTopics (also
 * auto-creation), CreatePartitions, DeleteTopics, IncrementalAlterConfigs — each answered once
 * this broker's own image shows the result, and the producer id blocks InitProducerId hands out.
 */
import type { Broker } from '../broker/broker.js';
import type { ClusterRefusal } from '../broker/cluster-hooks.js';
import type { ClusterImage } from '../cluster/metadata/cluster-image.js';
import type { ControllerClient } from '../cluster/node/controller-client.js';
import { FjordError } from '../errors.js';
import type { Logger } from '../io/logger.js';
import { errorCode } from '../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import { createTopicsThroughController, kafkaCodeOf } from './create-topics.js';
import { sameConfigs } from './local-topics.js';
import { topicByName } from './metadata-view.js';

/** What the admin side needs from its broker. */
export interface ClusterAdminDeps {
  readonly brokerId: number;
  readonly brokerEpoch: () => number;
  readonly broker: Broker;
  readonly controller: ControllerClient;
  /** The committed image this broker acts on. */
  readonly image: () => ClusterImage;
  readonly defaultReplicationFactor: number;
  readonly logger: Logger;
}

/** Admin requests through the controller (see the file comment). */
export class ClusterAdmin {
  private readonly autoCreating = new Map<string, Promise<void>>();
  /** The rest of the producer id block the controller gave this broker: [next, end). */
  private producerIds = { next: 0, end: 0 };
  private producerIdBlock: Promise<void> | null = null;

  constructor(private readonly deps: ClusterAdminDeps) {}

  /** Creates a topic Metadata asked for (once at a time per name). */
  autoCreate(name: string): Promise<void> {
    const running = this.autoCreating.get(name);
    if (running !== undefined) return running;
    const live = [...this.deps.image().brokers.values()].filter((x) => !x.fenced).length;
    const req = { topics: [{ name, numPartitions: -1, replicationFactor: Math.max(1, Math.min(this.deps.defaultReplicationFactor, live)), assignments: [], configs: [] }], timeoutMs: 30000, validateOnly: false };
    const done = this.createTopics(req as unknown as CreateTopicsRequest)
      .then((r) => { if (r.topics[0]?.errorCode === 0) this.deps.logger.info(`auto-created topic ${name}`); })
      .finally(() => this.autoCreating.delete(name));
    this.autoCreating.set(name, done);
    return done;
  }

  createTopics(req: CreateTopicsRequest): Promise<CreateTopicsResponse> {
    return createTopicsThroughController({
      controller: this.deps.controller,
      image: () => this.deps.image(),
      numPartitions: this.deps.broker.config.numPartitions,
      defaultReplicationFactor: this.deps.defaultReplicationFactor,
      timeoutMs: Math.max(1000, Math.min(req.timeoutMs > 0 ? req.timeoutMs : 30000, 30000)),
    }, req);
  }

  async createPartitions(topic: string, count: number): Promise<void> {
    await this.deps.controller.call('createPartitions', { topic, count }, 30000);
    const endMs = Date.now() + 30000; // answered once this broker has them, so its Metadata shows them
    while (Date.now() < endMs && (topicByName(this.deps.image(), topic)?.partitions.size ?? 0) < count) await new Promise((r) => setTimeout(r, 10));
  }

  async deleteTopics(names: string[]): Promise<(ClusterRefusal | null)[]> {
    try {
      const { results } = await this.deps.controller.call<{ results: { name: string; error?: { code: string; message: string } }[] }>('deleteTopics', { names }, 30000);
      const endMs = Date.now() + 30000; // answered once this broker dropped them too
      const gone = results.filter((r) => r.error === undefined).map((r) => r.name);
      while (Date.now() < endMs && gone.some((n) => this.deps.image().topicIdsByName.has(n))) await new Promise((r) => setTimeout(r, 10));
      return results.map((r) => (r.error === undefined ? null : { errorCode: kafkaCodeOf(r.error.code), message: r.error.message }));
    } catch (err) {
      const code = err instanceof FjordError ? kafkaCodeOf(err.code) : errorCode('UNKNOWN_SERVER_ERROR');
      return names.map(() => ({ errorCode: code, message: (err as Error).message }));
    }
  }


  async alterTopicConfigs(topic: string, before: Record<string, string>, after: Record<string, string>): Promise<void> {
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (before[name] === after[name]) continue;
      await this.deps.controller.call('alterConfig', { resourceType: 'topic', resourceName: topic, name, value: after[name] ?? null }, 30000);
    }
    const endMs = Date.now() + 30000; // answered once this broker applies it, so a DescribeConfigs here sees it
    while (Date.now() < endMs && !sameConfigs(this.deps.broker.topics.get(topic)?.configs ?? {}, after)) await new Promise((r) => setTimeout(r, 10));
  }


  allocateProducerId(): Promise<bigint> {
    if (this.producerIds.next < this.producerIds.end) return Promise.resolve(BigInt(this.producerIds.next++));
    this.producerIdBlock ??= this.deps.controller
      .call<{ firstProducerId: number; count: number }>('allocateProducerIds', { brokerId: this.deps.brokerId, brokerEpoch: this.deps.brokerEpoch() }, 10000)
      .then((block) => {
        this.producerIds = { next: block.firstProducerId, end: block.firstProducerId + block.count };
      })
      .finally(() => (this.producerIdBlock = null));
    return this.producerIdBlock.then(() => this.allocateProducerId());
  }
}
