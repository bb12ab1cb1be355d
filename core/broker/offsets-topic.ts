/**
 * `__consumer_offsets`: the compacted internal topic holding committed offsets and group
 * metadata. Records for one group always go to partition offsetsPartitionFor(group), so its
 * history is ordered; on start every partition is replayed into the group coordinator.
 */
import { offsetsPartitionFor, type GroupCoordinator, type OffsetsTopicRecord } from '../group/group-coordinator.js';
import type { LogManager } from '../log/log-manager.js';
import { decodeRecordBatches, encodeRecordBatch } from '../protocol/record-batch.js';
import type { PartitionLog } from '../log/partition-log.js';
import { CONSUMER_OFFSETS_TOPIC } from './topic-names.js';

const REPLAY_READ_BYTES = 4 * 1024 * 1024;

export class OffsetsTopic {
  constructor(
    private readonly partitionLog: (topic: string, partition: number) => PartitionLog | undefined,
    readonly numPartitions: number,
  ) {}

  /** Appends a group's records (in the page cache) before the caller answers the request. */
  async append(groupId: string, records: OffsetsTopicRecord[], nowMs: number): Promise<void> {
    if (records.length === 0) return;
    const partition = offsetsPartitionFor(groupId, this.numPartitions);
    const log = this.partitionLog(CONSUMER_OFFSETS_TOPIC, partition);
    if (!log) throw new Error(`assertion failed: ${CONSUMER_OFFSETS_TOPIC}-${partition} is missing`);
    const batch = await encodeRecordBatch(
      records.map((r) => ({ key: r.key, value: r.value, timestamp: nowMs })),
      { compression: 'none', nowMs },
    );
    log.append(batch);
  }

  /** Feeds every record of every partition to the coordinator, oldest first. Returns the count. */
  async replayInto(groups: GroupCoordinator): Promise<number> {
    let count = 0;
    for (let p = 0; p < this.numPartitions; p++) {
      const log = this.partitionLog(CONSUMER_OFFSETS_TOPIC, p);
      if (!log) continue;
      let offset = log.logStartOffset;
      while (offset < log.logEndOffset) {
        const { bytes } = log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true });
        if (bytes.length === 0) break;
        for (const batch of await decodeRecordBatches(bytes)) {
          if (batch.isControl) {
            offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
            continue;
          }
          for (const record of batch.records) {
            if (record.offset < offset || !record.key) continue;
            groups.loadRecord(record.key, record.value);
            count++;
          }
          offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
        }
      }
    }
    return count;
  }
}

export function offsetsTopicConfigs(segmentBytes: number): Record<string, string> {
  return { 'cleanup.policy': 'compact', 'segment.bytes': String(segmentBytes), 'compression.type': 'producer' };
}
