/** Kafka's HasHeaderKey predicate: true when the record has at least one header named `name`. */
import { all, nonEmptyString, nonNull } from '../../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Predicate } from '../../api/types.js';
import { parseTransformConfig } from '../util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const HAS_HEADER_KEY_CONFIG: ConfigDef = [
  { name: 'name', type: 'string', importance: 'medium', validator: all(nonNull, nonEmptyString), documentation: 'The header name.' },
];

/** Kafka's HasHeaderKey predicate. */
export class HasHeaderKey<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  private name = '';

  configure(props: Record<string, string>): void {
    this.name = parseTransformConfig(HAS_HEADER_KEY_CONFIG, props, 'HasHeaderKey').name as string;
  }

  config(): ConfigDef {
    return HAS_HEADER_KEY_CONFIG;
  }

  test(record: R): boolean {
    return record.headers.some((h) => h.key === this.name);
  }
}
