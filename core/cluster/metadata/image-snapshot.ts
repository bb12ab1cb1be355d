/**
 * Snapshots of a ClusterImage. Like KRaft, a snapshot is the list of records that rebuilds the
 * image from empty, so restoring is just `applyRecords` and needs no second format.
 */
import { EMPTY_IMAGE, type ClusterImage } from './cluster-image.js';
import { applyRecords } from './apply.js';
import { decodeRecords, encodeRecords, type MetadataRecord, type ConfigResourceType } from './records.js';

/** The records that rebuild `image` from an empty image. */
export function imageRecords(image: ClusterImage): MetadataRecord[] {
  const records: MetadataRecord[] = [];
  for (const b of image.brokers.values()) records.push({ type: 'RegisterBrokerRecord', ...b });
  for (const t of image.topicsById.values()) {
    records.push({ type: 'TopicRecord', name: t.name, topicId: t.topicId });
    for (const [partitionId, p] of t.partitions) records.push({ type: 'PartitionRecord', partitionId, topicId: t.topicId, ...p });
  }
  for (const [key, values] of image.configs) {
    const split = key.indexOf(':');
    const resourceType = key.slice(0, split) as ConfigResourceType;
    const resourceName = key.slice(split + 1);
    for (const [name, value] of values) records.push({ type: 'ConfigRecord', resourceType, resourceName, name, value });
  }
  // Who got the last block does not matter for a rebuild: only where the next one starts.
  if ((image.nextProducerId ?? 0) > 0) records.push({ type: 'ProducerIdsRecord', brokerId: -1, brokerEpoch: -1, nextProducerId: image.nextProducerId! });
  return records;
}

/** Snapshot bytes for Raft: the image as a record batch. */
export function encodeImageSnapshot(image: ClusterImage): Uint8Array {
  return encodeRecords(imageRecords(image));
}

/** Rebuilds an image from snapshot bytes; an empty snapshot is the empty image. */
export function restoreImageSnapshot(bytes: Uint8Array): ClusterImage {
  if (bytes.length === 0) return EMPTY_IMAGE;
  return applyRecords(EMPTY_IMAGE, decodeRecords(bytes, 'snapshot'));
}
