/** The records users send and receive. */
import type { RecordHeader } from '../protocol/record-batch.js';

export type { RecordHeader };

/** Keys, values and header values may be given as strings (UTF-8) or bytes. */
export type Bytes = Buffer | string;

export interface ProducerRecord {
  topic: string;
  key?: Bytes | null;
  /** null is a tombstone. */
  value: Bytes | null;
  headers?: { key: string; value: Bytes | null }[] | Record<string, Bytes>;
  /** CreateTime in ms; defaults to now. */
  timestamp?: number;
  /** Explicit partition; otherwise Kafka's default partitioner decides. */
  partition?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  /** -1 with acks=0, which learns nothing back. */
  offset: bigint;
  timestamp: number;
}

export interface ConsumerRecord {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export function toBuffer(value: Bytes | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

export function toHeaders(headers: ProducerRecord['headers']): RecordHeader[] | undefined {
  if (!headers) return undefined;
  if (Array.isArray(headers)) return headers.map((h) => ({ key: h.key, value: toBuffer(h.value) }));
  return Object.entries(headers).map(([key, value]) => ({ key, value: toBuffer(value) }));
}

/** The map key of a topic-partition (the one shared definition, under the clients' name). */
export { topicPartitionKey as tpKey } from '../topic-partition.js';
