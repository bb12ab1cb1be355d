/**
 * Kafka's TimestampRouter: the topic becomes `topic.format` with `${topic}` and `${timestamp}`
 * (the record timestamp formatted by `timestamp.format`, SimpleDateFormat in UTC) substituted,
 * e.g. `orders-20240131`. A record without a timestamp is an error.
 */
import { invalidConfig } from '../api/config-def.js';
import { DataException } from '../api/errors.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';
import { SimpleDateFormat } from './util/simple-date-format.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const TIMESTAMP_ROUTER_CONFIG: ConfigDef = [
  { name: 'topic.format', type: 'string', default: '${topic}-${timestamp}', importance: 'high',
    documentation: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.' },
  { name: 'timestamp.format', type: 'string', default: 'yyyyMMdd', importance: 'high',
    documentation: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.' },
];

/** Kafka's TimestampRouter. */
export class TimestampRouter<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  private topicFormat = '${topic}-${timestamp}';
  private timestampFormat = new SimpleDateFormat('yyyyMMdd');

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(TIMESTAMP_ROUTER_CONFIG, props, 'TimestampRouter');
    this.topicFormat = c['topic.format'] as string;
    try {
      this.timestampFormat = new SimpleDateFormat(c['timestamp.format'] as string);
    } catch (err) {
      invalidConfig('timestamp.format', c['timestamp.format'], (err as Error).message);
    }
  }

  config(): ConfigDef {
    return TIMESTAMP_ROUTER_CONFIG;
  }

  apply(record: R): R {
    if (record.timestamp === null) throw new DataException(`Timestamp missing on record: topic ${record.topic}, partition ${record.kafkaPartition}`);
    const formatted = this.timestampFormat.format(new Date(record.timestamp));
    const topic = this.topicFormat.replaceAll('${topic}', record.topic).replaceAll('${timestamp}', formatted);
    return { ...record, topic };
  }
}
