/**
 * The broker's local copies of the cluster's topics: created (with the image's configs) when the
 * image has them, grown when partitions are added, re-configured when configs change, and
 * dropped when the image no longer has them under the id this broker knew
 * (`<dataDir>/cluster-topic-ids.json`) — so a deleted and re-created topic starts empty. Topics
 * created before the broker joined a cluster are not in that file and are left alone.
 */
import type { Broker } from '../broker/broker.js';
import { configKey, type ClusterImage } from '../cluster/metadata/cluster-image.js';
import type { Logger } from '../io/logger.js';
import { nodeStorage } from '../io/node-storage.js';

/** Local topic bookkeeping (see the file comment). */
export class LocalTopics {
  private readonly localTopicIds: Map<string, string>;

  constructor(
    private readonly broker: Broker,
    private readonly dataDir: string,
    private readonly logger: Logger,
    /** Called before a topic's logs are deleted (stop fetching, fail waiting produce requests). */
    private readonly beforeDrop: (topic: string, partitions: number) => void,
  ) {
    const saved = nodeStorage.readFile(this.topicIdsPath());
    this.localTopicIds = new Map(Object.entries(saved === null ? {} : (JSON.parse(saved.toString('utf8')) as Record<string, string>)));
  }

  /** Makes the local topic match the image: exists, enough partitions, same configs. */
  ensure(name: string, partitions: number, image: ClusterImage): void {
    const b = this.broker;
    const local = b.topics.get(name);
    const configs = Object.fromEntries(image.configs.get(configKey('topic', name)) ?? new Map<string, string>());
    if (local === undefined) {
      b.createTopic(name, partitions, configs);
      return;
    }
    if (local.partitions < partitions) b.createPartitions(name, partitions);
    if (sameConfigs(local.configs, configs)) return;
    try {
      b.setTopicConfigs(name, configs); // altered through the controller
    } catch (err) {
      this.logger.warn(`cannot apply the configs of topic ${name} from the cluster image: ${(err as Error).message}`);
    }
  }

  private topicIdsPath(): string {
    return `${this.dataDir}/cluster-topic-ids.json`;
  }

  /**
   * Local topics the image no longer has under the same id (deleted through the controller, maybe
   * created again) lose their local logs; the new ones are remembered with their cluster id.
   */
  reconcile(image: ClusterImage): void {
    let changed = false;
    for (const [name, id] of [...this.localTopicIds]) {
      if (image.topicIdsByName.get(name) === id) continue;
      this.drop(name);
      this.localTopicIds.delete(name);
      changed = true;
    }
    for (const [name, id] of image.topicIdsByName) {
      if (this.localTopicIds.has(name)) continue;
      this.localTopicIds.set(name, id);
      changed = true;
    }
    if (changed) nodeStorage.writeFileAtomic(this.topicIdsPath(), JSON.stringify(Object.fromEntries(this.localTopicIds)));
  }

  private drop(name: string): void {
    const b = this.broker;
    const local = b.topics.get(name);
    if (local === undefined || local.internal) return;
    this.beforeDrop(name, local.partitions);
    try {
      b.deleteTopic(name);
      this.logger.info(`deleted the local logs of topic ${name} (deleted in the cluster)`);
    } catch (err) {
      this.logger.warn(`cannot delete the local logs of topic ${name}: ${(err as Error).message}`);
    }
  }
}

/** Whether two config override maps hold the same keys and values. */
export function sameConfigs(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
