/**
 * Kafka's RegexRouter: when the whole topic matches `regex`, the topic becomes `replacement`
 * (Java syntax: `$1`, `${name}`, `\$`); otherwise the record is unchanged.
 */
import { validRegex } from '../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';
import { javaReplacement, wholeMatchRegex } from './util/java-regex.js';
import { parseTransformConfig } from './util/transform-config.js';

/** Config keys, defaults and docs (Kafka's ConfigDef for this class). */
export const REGEX_ROUTER_CONFIG: ConfigDef = [
  { name: 'regex', type: 'string', importance: 'high', validator: validRegex, documentation: 'Regular expression to use for matching.' },
  { name: 'replacement', type: 'string', importance: 'high', documentation: 'Replacement string.' },
];

/** Kafka's RegexRouter. */
export class RegexRouter<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  private regex = /^$/;
  private replacement = '';

  configure(props: Record<string, string>): void {
    const c = parseTransformConfig(REGEX_ROUTER_CONFIG, props, 'RegexRouter');
    this.regex = wholeMatchRegex(c.regex as string, 'regex');
    this.replacement = javaReplacement(c.replacement as string, 'replacement');
  }

  config(): ConfigDef {
    return REGEX_ROUTER_CONFIG;
  }

  apply(record: R): R {
    if (!this.regex.test(record.topic)) return record;
    return { ...record, topic: record.topic.replace(this.regex, this.replacement) };
  }
}
