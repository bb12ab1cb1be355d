/** Kafka's TopicNameMatches predicate: true when the whole topic name matches `pattern`. */
import { all, nonEmptyString, nonNull, validRegex } from '../../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Predicate } from '../../api/types.js';
import { wholeMatchRegex } from '../util/java-regex.js';
import { parseTransformConfig } from '../util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const TOPIC_NAME_MATCHES_CONFIG: ConfigDef = [
  { name: 'pattern', type: 'string', importance: 'medium', validator: all(nonNull, nonEmptyString, validRegex),
    documentation: 'A Java regular expression for matching against the name of a record\'s topic.' },
];

/** Kafka's TopicNameMatches predicate. */
export class TopicNameMatches<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  private pattern = /^$/;

  configure(props: Record<string, string>): void {
    this.pattern = wholeMatchRegex(parseTransformConfig(TOPIC_NAME_MATCHES_CONFIG, props, 'TopicNameMatches').pattern as string, 'pattern');
  }

  config(): ConfigDef {
    return TOPIC_NAME_MATCHES_CONFIG;
  }

  test(record: R): boolean {
    return record.topic !== null && this.pattern.test(record.topic);
  }
}
