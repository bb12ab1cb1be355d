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

/**
 * An OutgoingRecord whose value is text, written as UTF-8 by whoever encodes the record; so is
 * its key when the key serde writes text too.
 */
export interface OutgoingTextRecord extends Omit<OutgoingRecord, 'key' | 'value'> {
  key: Buffer | string | null;
  value: string;
}

export interface RecordCollector {
  send(record: OutgoingRecord): void;
  /**
   * Optional: `send` with the value as text, for a value serde with `serializeText` (String,
   * Json). The runtime's collector has it (the producer writes the text into its batch, no
   * Buffer per record); a collector without it gets every value as bytes.
   */
  sendText?(record: OutgoingTextRecord): void;
  /** Partition count of an output topic (for custom partitioners); throws when unknown. */
  partitionsFor(topic: string): number;
}
