/**
 * Shared config plumbing for transforms and predicates: parse with the transform's class name
 * as `where`, and the common `replace.null.with.default` key.
 */
import { parseConfig } from '../../api/config-def.js';
import type { ConfigDef, ConfigKey, ConfigValue } from '../../api/types.js';

/** Kafka's `replace.null.with.default` (InsertField, ReplaceField, Cast, ... since 3.7). */
export const REPLACE_NULL_WITH_DEFAULT: ConfigKey = {
  name: 'replace.null.with.default', type: 'boolean', default: true, importance: 'medium',
  documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
};

/** Parses a transform's props; problems are a ConfigException naming the transform. */
export function parseTransformConfig(def: ConfigDef, props: Record<string, string>, className: string): Record<string, ConfigValue> {
  return parseConfig(def, props, className);
}
