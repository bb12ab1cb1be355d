/** How the StdoutSink prints one record. Pure. */
import type { SinkRecord } from '../../api/types.js';
import { formatValue, toJson } from '../common/format-value.js';
import type { StdoutFormat } from './config.js';

/** One line (without its newline) for `record` in `format`. */
export function formatRecord(record: SinkRecord, format: StdoutFormat): string {
  if (format === 'value') return formatValue(record.value);
  return toJson({
    topic: record.topic,
    partition: record.kafkaPartition,
    offset: record.kafkaOffset,
    timestamp: record.timestamp,
    key: record.key ?? null,
    value: record.value ?? null,
    headers: record.headers.map((h) => ({ key: h.key, value: h.value ?? null })),
  });
}
