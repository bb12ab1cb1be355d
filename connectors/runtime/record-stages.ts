/**
 * The per-record work between a task and Kafka, built from a connector's converters and its
 * transform chain: source records are transformed, then converted to bytes; consumed records are
 * converted to SinkRecords, then transformed; header values go through the header converter.
 */
import type { ConsumerRecord, ProducerRecord } from '../../core/client/record-types.js';
import type { ConnectHeader, ConnectRecord, Converter, HeaderConverter, SinkRecord, SourceRecord } from '../api/types.js';
import type { SinkStages, SourceStages } from './task-stages.js';

/** A built transform chain (transforms with their predicates), applied in order. */
export interface TransformChain {
  apply<R extends ConnectRecord>(record: R): R | null;
}

/** The chain of a connector without `transforms`. */
export const noTransforms: TransformChain = { apply: (record) => record };

/** Converters of one task (Kafka's key.converter, value.converter, header.converter). */
export interface TaskConverters {
  key: Converter;
  value: Converter;
  header: HeaderConverter;
}

export function sourceStages(c: TaskConverters, chain: TransformChain): SourceStages {
  return {
    transform: (record) => chain.apply(record),
    keyBytes: (r) => c.key.fromConnectData(r.topic, r.keySchema, r.key),
    valueBytes: (r) => c.value.fromConnectData(r.topic, r.valueSchema, r.value),
    headers: (r: SourceRecord): ProducerRecord['headers'] =>
      r.headers.length === 0 ? undefined : r.headers.map((h) => ({ key: h.key, value: c.header.fromConnectHeader(r.topic, h.key, h.schema ?? null, h.value) })),
  };
}

export function sinkStages(c: TaskConverters, chain: TransformChain): SinkStages {
  return {
    toSinkRecord(r): SinkRecord {
      const key = c.key.toConnectData(r.topic, r.key);
      const value = c.value.toConnectData(r.topic, r.value);
      const headers = r.headers.length === 0 ? [] : connectHeaders(c.header, r);
      return {
        topic: r.topic,
        kafkaPartition: r.partition,
        kafkaOffset: r.offset,
        keySchema: key.schema,
        key: key.value,
        valueSchema: value.schema,
        value: value.value,
        timestamp: r.timestamp,
        timestampType: r.timestampType,
        headers,
      };
    },
    transform: (record) => chain.apply(record),
  };
}

/** A consumed record's headers through the header converter (a loop: no closure per record). */
function connectHeaders(converter: HeaderConverter, r: ConsumerRecord): ConnectHeader[] {
  const out: ConnectHeader[] = [];
  for (const h of r.headers) {
    const sv = converter.toConnectHeader(r.topic, h.key, h.value);
    out.push({ key: h.key, value: sv.value, schema: sv.schema });
  }
  return out;
}
