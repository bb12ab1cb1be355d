/** Kafka's DropHeaders: removes every header whose key is in `headers`. */
import { nonEmptyList } from '../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const DROP_HEADERS_CONFIG: ConfigDef = [
  { name: 'headers', type: 'list', importance: 'high', validator: nonEmptyList, documentation: 'The name of the headers to be removed.' },
];

/** Kafka's DropHeaders. */
export class DropHeaders<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  private names = new Set<string>();

  configure(props: Record<string, string>): void {
    this.names = new Set(parseTransformConfig(DROP_HEADERS_CONFIG, props, 'DropHeaders').headers as string[]);
  }

  config(): ConfigDef {
    return DROP_HEADERS_CONFIG;
  }

  apply(record: R): R {
    return { ...record, headers: record.headers.filter((h) => !this.names.has(h.key)) };
  }
}
