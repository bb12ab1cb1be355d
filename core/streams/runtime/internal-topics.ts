/**
 * Plans the topics an application needs before it starts: checks that the inputs of each
 * sub-topology are co-partitioned (same partition count, so partition p of each lands in one
 * task), derives repartition topic sizes from their writers' inputs, and sizes changelog topics
 * to the tasks of the store's sub-topology. Pure: the partition counts of existing topics are
 * passed in.
 */
import { FjordError } from '../../errors.js';
import type { Topology, SubTopology } from '../topology/topology.js';

export interface PlannedTopic {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface TopicPlan {
  /** Partition count (= task count) per local sub-topology id. */
  tasksPerSubTopology: Map<number, number>;
  repartitionTopics: PlannedTopic[];
  changelogTopics: PlannedTopic[];
  /** Every topic the main consumer subscribes to (resolved names). */
  sourceTopics: string[];
}

export function internalTopicName(applicationId: string, topic: string): string {
  return `${applicationId}-${topic}`;
}

export function changelogTopicName(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

/**
 * `partitionsOf(topic)` returns an external topic's partition count, or undefined when it does not
 * exist. Pattern sources read the existing topics that match when the application starts.
 */
export function planTopics(topology: Topology, applicationId: string, partitionsOf: (topic: string) => number | undefined, existingTopics: readonly string[] = []): TopicPlan {
  const topicsOf = (source: SubTopology['sources'][number]): string[] => {
    if (source.pattern === undefined) return source.topics;
    // Pattern sources read the topics matching when the application starts.
    const matched = existingTopics.filter((t) => source.pattern!.test(t) && !t.startsWith(`${applicationId}-`)).sort();
    if (matched.length === 0) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `source ${source.name}: no existing topic matches /${source.pattern.source}/; create one before starting the application`);
    return matched;
  };
  const subs = topology.subTopologies().filter((s) => !s.global);
  const repartitionSize = new Map<string, number>();
  const tasks = new Map<number, number>();
  const writerOf = new Map<string, SubTopology>();
  for (const sub of subs) {
    for (const node of sub.nodes) if (node.kind === 'sink' && node.internal && typeof node.topic === 'string') writerOf.set(node.topic, sub);
  }
  const resolving = new Set<number>();
  /**
   * A sub-topology with external inputs has their partition count, and the repartition topics it
   * reads get that count too (so a re-keyed join side is co-partitioned with the other side, as
   * Kafka ensures). One reading only repartition topics takes the largest count among their
   * writers; writers already being resolved (a cycle, e.g. a foreign-key join's two topics) are skipped.
   */
  const sizeOf = (sub: SubTopology): number | undefined => {
    const known = tasks.get(sub.id);
    if (known !== undefined) return known;
    if (resolving.has(sub.id)) return undefined;
    resolving.add(sub.id);
    const counts: { topic: string; partitions: number }[] = [];
    const internalTopics: string[] = [];
    for (const source of sub.sources) {
      for (const topic of topicsOf(source)) {
        if (source.internal) {
          internalTopics.push(topic);
          continue;
        }
        const n = partitionsOf(topic);
        if (n === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `source topic ${topic} does not exist; create it before starting the application (sub-topology ${sub.id}, source ${source.name})`);
        counts.push({ topic, partitions: n });
      }
    }
    let n = counts[0]?.partitions;
    if (n === undefined) {
      const declared = internalTopics.map((t) => topology.repartitionTopics.get(t)?.partitions ?? null).filter((d): d is number => d !== null);
      const fromWriters = internalTopics.map((t) => writerOf.get(t)).filter((w): w is SubTopology => w !== undefined).map((w) => sizeOf(w)).filter((x): x is number => x !== undefined);
      n = declared[0] ?? (fromWriters.length > 0 ? Math.max(...fromWriters) : undefined);
    }
    resolving.delete(sub.id);
    if (n === undefined) return undefined;
    for (const topic of internalTopics) {
      const size = topology.repartitionTopics.get(topic)?.partitions ?? repartitionSize.get(topic) ?? n;
      repartitionSize.set(topic, size);
      counts.push({ topic: internalTopicName(applicationId, topic), partitions: size });
    }
    const distinct = new Set(counts.map((c) => c.partitions));
    if (distinct.size > 1) {
      throw new FjordError('INVALID_ARGUMENT', `topics ${counts.map((c) => `${c.topic} (${c.partitions} partitions)`).join(', ')} are read by one sub-topology (${sub.id}) ` +
        'and must be co-partitioned: a join or a shared store needs partition p of each topic in the same task. ' +
        'Give them the same number of partitions, or repartition one side (KStream.repartition({numberOfPartitions})).');
    }
    tasks.set(sub.id, n);
    return n;
  };
  for (const sub of subs) {
    if (sizeOf(sub) === undefined) throw new FjordError('INVALID_ARGUMENT', `sub-topology ${sub.id} reads only repartition topics whose writers have no input topics; cannot size its tasks`);
  }
  const repartitionTopics = [...repartitionSize].map(([topic, partitions]) => ({
    name: internalTopicName(applicationId, topic), partitions, configs: { 'cleanup.policy': 'delete' },
  }));
  const changelogTopics: PlannedTopic[] = [];
  for (const sub of subs) {
    for (const store of sub.stores) {
      if (!store.logging || store.global !== undefined) continue;
      changelogTopics.push({ name: changelogTopicName(applicationId, store.name), partitions: tasks.get(sub.id)!, configs: store.changelogConfig });
    }
  }
  const sourceTopics = subs.flatMap((s) => s.sources.flatMap((src) => topicsOf(src).map((t) => (src.internal ? internalTopicName(applicationId, t) : t))));
  return { tasksPerSubTopology: tasks, repartitionTopics, changelogTopics, sourceTopics: [...new Set(sourceTopics)] };
}
