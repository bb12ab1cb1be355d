/** Topic config overrides as Kafka's config APIs present them: every key, its value and its source. */
import { LOG_CONFIG_DEFINITIONS, LogConfig, parseTopicConfig, type ConfigType } from '../../log/log-config.js';

/** Kafka's DescribeConfigs ConfigSource values. */
export const CONFIG_SOURCE = { DYNAMIC_TOPIC_CONFIG: 1, DEFAULT_CONFIG: 5 } as const;

/** Kafka's DescribeConfigs ConfigType values. */
const CONFIG_TYPE: Record<ConfigType, number> = { boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7 };

export interface ConfigEntry {
  name: string;
  value: string;
  source: number;
  configType: number;
  documentation: string;
}

/** Validates overrides (unknown keys, bad values → FjordError INVALID_CONFIG) and returns the full config. */
export function parseTopicOverrides(overrides: Record<string, string>): LogConfig {
  return parseTopicConfig(overrides);
}

/** Every topic config key with its effective value, overrides first marked as dynamic topic config. */
export function configEntriesOf(overrides: Record<string, string>): ConfigEntry[] {
  return LOG_CONFIG_DEFINITIONS.map((d) => ({
    name: d.name,
    value: overrides[d.name] ?? d.default,
    source: d.name in overrides ? CONFIG_SOURCE.DYNAMIC_TOPIC_CONFIG : CONFIG_SOURCE.DEFAULT_CONFIG,
    configType: CONFIG_TYPE[d.type],
    documentation: d.documentation,
  }));
}
