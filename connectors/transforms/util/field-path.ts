/**
 * Field references for `field.syntax.version` (Kafka's KIP-821): V1 = the whole string is one
 * field name; V2 = a dotted path into nested structs/objects, with backticks quoting names that
 * contain dots (``a.`b.c`.d``; a doubled backtick inside quotes is a literal backtick).
 */
import { invalidConfig } from '../../api/config-def.js';
import { fieldOf } from '../../api/data/schemas.js';
import type { ConfigKey, Schema } from '../../api/types.js';
import { isPlainObject } from './requirements.js';

/** Kafka's `field.syntax.version` key (V1 | V2). */
export const FIELD_SYNTAX_VERSION: ConfigKey = {
  name: 'field.syntax.version', type: 'string', default: 'V1', importance: 'high',
  validator: (name, value) => {
    if (value !== null && !['V1', 'V2'].includes(String(value).toUpperCase())) invalidConfig(name, value, 'String must be one of (case insensitive): V1, V2');
  },
  documentation: 'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots.',
};

/** Splits a field reference into path steps per the syntax version. */
export function parseFieldPath(ref: string, version: string, configKey: string): string[] {
  if (version.toUpperCase() === 'V1') return [ref];
  const steps: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < ref.length; i++) {
    const c = ref[i];
    if (c === '`') {
      if (quoted && ref[i + 1] === '`') {
        current += '`';
        i++;
      } else quoted = !quoted;
    } else if (c === '.' && !quoted) {
      steps.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) invalidConfig(configKey, ref, 'Unclosed backtick in field path');
  steps.push(current);
  if (steps.some((s) => s === '')) invalidConfig(configKey, ref, 'Empty step in field path');
  return steps;
}

/** Follows a path through nested objects; undefined when a step is missing. */
export function valueAtPath(value: unknown, path: string[]): unknown {
  let v = value;
  for (const step of path) {
    if (!isPlainObject(v) || !Object.hasOwn(v, step)) return undefined;
    v = v[step];
  }
  return v;
}

/** Follows a path through nested struct schemas; undefined when a step is missing. */
export function schemaAtPath(schema: Schema, path: string[]): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const step of path) {
    if (s?.type !== 'struct') return undefined;
    s = fieldOf(s, step)?.schema;
  }
  return s;
}
