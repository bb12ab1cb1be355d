/** Where a task's sinks send records: the runtime's producer, or TopologyTestDriver's capture. */
import type { RecordHeader } from '../../protocol/record-batch.js';

export interface OutgoingRecord {
  topic: string;
  /** undefined = the producer's default partitioner (murmur2 of the key bytes). */
  partition: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: readonly RecordHeader[];
}

export interface RecordCollector {
  send(record: OutgoingRecord): void;
  /** Partition count of an output topic (for custom partitioners); throws when unknown. */
  partitionsFor(topic: string): number;
}
