/**
 * `applyRecord`: the metadata state machine. A pure function from (image, record) to a new image;
 * every controller replays the same records in the same order and so holds the same image.
 * A record that does not fit the image (a partition of an unknown topic, a stale broker epoch)
 * is a bug in whoever wrote it, so it throws INVALID_RECORD naming the record.
 */
import { FjordError } from '../../errors.js';
import { type ClusterImage, type PartitionState, type TopicImage, configKey } from './cluster-image.js';
import { NO_LEADER_CHANGE, type MetadataRecord, type PartitionChangeRecord } from './records.js';

function invalid(record: MetadataRecord, why: string): never {
  throw new FjordError('INVALID_RECORD', `metadata ${record.type} ${JSON.stringify(record)}: ${why}`);
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): Map<K, V> {
  const copy = new Map(map);
  if (value === undefined) copy.delete(key);
  else copy.set(key, value);
  return copy;
}

/** Applies a batch (one Raft entry) in order. */
export function applyRecords(image: ClusterImage, records: readonly MetadataRecord[]): ClusterImage {
  let next = image;
  for (const r of records) next = applyRecord(next, r);
  return next;
}

/** The metadata state machine: the image after `record`. */
export function applyRecord(image: ClusterImage, record: MetadataRecord): ClusterImage {
  switch (record.type) {
    case 'RegisterBrokerRecord': {
      const old = image.brokers.get(record.brokerId);
      if (old !== undefined && record.brokerEpoch <= old.brokerEpoch) invalid(record, `broker epoch must exceed ${old.brokerEpoch}`);
      const { type: _type, ...registration } = record;
      return { ...image, brokers: withEntry(image.brokers, record.brokerId, registration) };
    }
    case 'UnregisterBrokerRecord': {
      const old = image.brokers.get(record.brokerId);
      if (old === undefined || old.brokerEpoch !== record.brokerEpoch) invalid(record, 'no such broker registration');
      return { ...image, brokers: withEntry(image.brokers, record.brokerId, undefined) };
    }
    case 'FenceBrokerRecord':
    case 'UnfenceBrokerRecord': {
      const old = image.brokers.get(record.id);
      if (old === undefined || old.brokerEpoch !== record.epoch) invalid(record, 'no such broker registration');
      const fenced = record.type === 'FenceBrokerRecord';
      return { ...image, brokers: withEntry(image.brokers, record.id, { ...old, fenced }) };
    }
    case 'TopicRecord': {
      if (image.topicIdsByName.has(record.name)) invalid(record, 'topic name already exists');
      if (image.topicsById.has(record.topicId)) invalid(record, 'topic id already exists');
      const topic: TopicImage = { name: record.name, topicId: record.topicId, partitions: new Map() };
      return {
        ...image,
        topicsById: withEntry(image.topicsById, record.topicId, topic),
        topicIdsByName: withEntry(image.topicIdsByName, record.name, record.topicId),
      };
    }
    case 'RemoveTopicRecord': {
      const topic = image.topicsById.get(record.topicId) ?? invalid(record, 'unknown topic id');
      return {
        ...image,
        topicsById: withEntry(image.topicsById, record.topicId, undefined),
        topicIdsByName: withEntry(image.topicIdsByName, topic.name, undefined),
        configs: withEntry(image.configs, configKey('topic', topic.name), undefined),
      };
    }
    case 'PartitionRecord': {
      const topic = image.topicsById.get(record.topicId) ?? invalid(record, 'unknown topic id');
      if (topic.partitions.has(record.partitionId)) invalid(record, 'partition already exists');
      const { replicas, isr, leader, leaderEpoch, partitionEpoch } = record;
      return withPartition(image, topic, record.partitionId, { replicas, isr, leader, leaderEpoch, partitionEpoch });
    }
    case 'PartitionChangeRecord':
      return applyPartitionChange(image, record);
    case 'ProducerIdsRecord': {
      if (record.nextProducerId <= (image.nextProducerId ?? 0)) invalid(record, `next producer id must exceed ${image.nextProducerId ?? 0}`);
      return { ...image, nextProducerId: record.nextProducerId };
    }
    case 'ConfigRecord': {
      const key = configKey(record.resourceType, record.resourceName);
      const values = withEntry(image.configs.get(key) ?? new Map<string, string>(), record.name, record.value ?? undefined);
      return { ...image, configs: withEntry(image.configs, key, values.size === 0 ? undefined : values) };
    }
  }
}

/** Leader changes bump the leader epoch; every change bumps the partition epoch (as KRaft does). */
function applyPartitionChange(image: ClusterImage, record: PartitionChangeRecord): ClusterImage {
  const topic = image.topicsById.get(record.topicId) ?? invalid(record, 'unknown topic id');
  const old = topic.partitions.get(record.partitionId) ?? invalid(record, 'unknown partition');
  const leaderChanged = record.leader !== NO_LEADER_CHANGE && record.leader !== old.leader;
  const next: PartitionState = {
    replicas: record.replicas ?? old.replicas,
    isr: record.isr ?? old.isr,
    leader: leaderChanged ? record.leader : old.leader,
    leaderEpoch: leaderChanged ? old.leaderEpoch + 1 : old.leaderEpoch,
    partitionEpoch: old.partitionEpoch + 1,
  };
  return withPartition(image, topic, record.partitionId, next);
}

function withPartition(image: ClusterImage, topic: TopicImage, partitionId: number, state: PartitionState): ClusterImage {
  const updated: TopicImage = { ...topic, partitions: withEntry(topic.partitions, partitionId, state) };
  return { ...image, topicsById: withEntry(image.topicsById, topic.topicId, updated) };
}
