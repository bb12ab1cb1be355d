/** Hand-made Connect records for transform tests. */
import type { ConnectRecord, SinkRecord, SourceRecord } from '../../../connectors/api/types.js';

export function sinkRecord(fields: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'orders', kafkaPartition: 3, kafkaOffset: 42n, timestampType: 'CreateTime',
    keySchema: null, key: null, valueSchema: null, value: null, timestamp: 1_700_000_000_000, headers: [],
    ...fields,
  };
}

export function sourceRecord(fields: Partial<SourceRecord> = {}): SourceRecord {
  return {
    topic: 'orders', kafkaPartition: null, keySchema: null, key: null, valueSchema: null, value: null,
    timestamp: 1_700_000_000_000, headers: [], sourcePartition: { file: 'a.txt' }, sourceOffset: { position: 7 },
    ...fields,
  };
}

/** configure() then return the transform, for one-liners. */
export function configured<T extends { configure(p: Record<string, string>): void }>(t: T, props: Record<string, string> = {}): T {
  t.configure(props);
  return t;
}

export type { ConnectRecord };
