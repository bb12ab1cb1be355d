/**
 * Kafka's ConfigDef semantics for string properties: parse by type, apply defaults, run
 * validators, and report problems in Kafka's wording. `parseConfig` is what plugins call in
 * start()/configure(); `validateConfig` builds the body of Kafka Connect's
 * `PUT /connector-plugins/{plugin}/config/validate` answer.
 */
import { FjordError } from '../../core/errors.js';
import type { ConfigDef, ConfigKey, ConfigType, ConfigValue } from './types.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INTEGER_RE = /^[+-]?\d+$/;
const DOUBLE_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$|^[+-]?(NaN|Infinity)$/;

/** Shown instead of a password (Kafka's Password.HIDDEN). */
export const HIDDEN_PASSWORD = '[hidden]';

/** One problem with one key: a bad value (`value` and `reason`) or a missing required key. */
export interface ConfigProblem {
  name: string;
  /** The offending value as shown (passwords hidden); undefined = the key is missing. */
  value?: string;
  reason?: string;
  /** A whole message, for problems Kafka words without the "Invalid value" frame. */
  message?: string;
}

/** Kafka's message for one problem. */
export function problemMessage(p: ConfigProblem): string {
  if (p.message !== undefined) return p.message;
  return p.value === undefined && p.reason === undefined ? missingMessage(p.name) : invalidValueMessage(p.name, p.value, p.reason);
}

/**
 * An invalid configuration: a FjordError INVALID_CONFIG that keeps its problems, so a caller
 * that knows the full key (`transforms.a.field`) can re-prefix them with `prefixed()`.
 */
export class ConfigException extends FjordError {
  constructor(readonly problems: ConfigProblem[], readonly where?: string, options: { cause?: unknown } = {}) {
    super('INVALID_CONFIG', (where ? `${where}: ` : '') + problems.map(problemMessage).join('; '), options);
    this.name = 'ConfigException';
  }

  /** The same problems with `prefix` before every key name, and a new `where`. */
  prefixed(prefix: string, where?: string): ConfigException {
    // A whole-message problem gains its full key in front, so it still says where.
    const moved = this.problems.map((p) => ({
      ...p, name: prefix + p.name, ...(p.message !== undefined ? { message: `${prefix}${p.name}: ${p.message}` } : {}),
    }));
    return new ConfigException(moved, where, { cause: this });
  }
}

/** Throws a ConfigException for one bad value (for checks beyond a ConfigDef's validators). */
export function invalidConfig(name: string, value: unknown, reason: string, where?: string): never {
  throw new ConfigException([{ name, value: displayValue(value), reason }], where);
}

/** Kafka's `Invalid value <v> for configuration <key>: <reason>`. */
export function invalidValueMessage(name: string, value: unknown, reason?: string): string {
  return `Invalid value ${displayValue(value)} for configuration ${name}${reason ? `: ${reason}` : ''}`;
}

/** Kafka's wording for a required key that is absent. */
export function missingMessage(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}

function displayValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/**
 * Parses one string per Kafka's ConfigDef.parseType (values are trimmed first; a list is split
 * on commas with spaces around them dropped, and "" is the empty list). Throws the reason.
 * Longs come back as numbers: config longs (timeouts, sizes) stay far below 2^53.
 */
export function parseConfigValue(type: ConfigType, raw: string): ConfigValue {
  const trimmed = raw.trim();
  switch (type) {
    case 'boolean':
      if (trimmed.toLowerCase() === 'true') return true;
      if (trimmed.toLowerCase() === 'false') return false;
      throw 'Expected value to be either true or false';
    case 'int': {
      const n = INTEGER_RE.test(trimmed) ? Number(trimmed) : NaN;
      if (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX) throw 'Not a number of type INT';
      return n;
    }
    case 'long': {
      if (!INTEGER_RE.test(trimmed)) throw 'Not a number of type LONG';
      const big = BigInt(trimmed);
      if (big < LONG_MIN || big > LONG_MAX) throw 'Not a number of type LONG';
      return Number(big);
    }
    case 'double':
      if (!DOUBLE_RE.test(trimmed)) throw 'Not a number of type DOUBLE';
      return Number(trimmed.replace(/[dDfF]$/, ''));
    case 'list':
      return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
    case 'string':
    case 'class':
    case 'password':
      return trimmed;
  }
}

/** Kafka's ConfigDef.convertToString: how a parsed value is shown (lists comma-joined). */
export function configValueToString(value: ConfigValue | undefined, type: ConfigType): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'password') return HIDDEN_PASSWORD;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function reasonOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return String(thrown);
}

/** Parses and validates one key; returns the value and its problems. */
function parseKey(key: ConfigKey, props: Record<string, string>): { value: ConfigValue; problems: ConfigProblem[] } {
  const raw = props[key.name];
  let value: ConfigValue;
  if (raw !== undefined && raw !== null) {
    try {
      value = parseConfigValue(key.type, String(raw));
    } catch (thrown) {
      const shown = key.type === 'password' ? HIDDEN_PASSWORD : String(raw).trim();
      return { value: null, problems: [{ name: key.name, value: shown, reason: reasonOf(thrown) }] };
    }
  } else if (key.default === undefined) {
    return { value: null, problems: [{ name: key.name }] };
  } else {
    value = key.default;
  }
  if (key.validator) {
    try {
      key.validator(key.name, value);
    } catch (thrown) {
      if (thrown instanceof ConfigException) return { value, problems: thrown.problems };
      const shown = key.type === 'password' ? HIDDEN_PASSWORD : displayValue(value);
      return { value, problems: [{ name: key.name, value: shown, reason: reasonOf(thrown) }] };
    }
  }
  return { value, problems: [] };
}

/**
 * Parses `props` against `def`: every defined key gets its parsed value or default. Keys not in
 * `def` are ignored (Kafka keeps them as "originals"). All problems are collected into one
 * ConfigException (FjordError INVALID_CONFIG) whose message lists each, prefixed by `where`.
 */
export function parseConfig(def: ConfigDef, props: Record<string, string>, where?: string): Record<string, ConfigValue> {
  const values: Record<string, ConfigValue> = {};
  const problems: ConfigProblem[] = [];
  for (const key of def) {
    const parsed = parseKey(key, props);
    values[key.name] = parsed.value;
    problems.push(...parsed.problems);
  }
  if (problems.length > 0) throw new ConfigException(problems, where);
  return values;
}

/** One key's definition as the validate endpoint shows it (Kafka's ConfigKeyInfo). */
export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order: number;
  width: string;
  display_name: string;
  dependents: string[];
}

/** One key's value and problems as the validate endpoint shows them (Kafka's ConfigValueInfo). */
export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

/** One key of the validate answer: its definition and its value. */
export interface ConfigInfo {
  definition: ConfigKeyInfo;
  value: ConfigValueInfo;
}

/** The body of `PUT /connector-plugins/{plugin}/config/validate` (Kafka's ConfigInfos). */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/** Kafka's ConfigKeyInfo for one key. */
export function configKeyInfo(key: ConfigKey): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type.toUpperCase(),
    required: key.default === undefined,
    default_value: key.default === undefined ? null : configValueToString(key.default, key.type),
    importance: key.importance.toUpperCase(),
    documentation: key.documentation,
    group: key.group ?? null,
    order: key.orderInGroup ?? -1,
    width: (key.width ?? 'none').toUpperCase(),
    display_name: key.displayName ?? key.name,
    dependents: key.dependents ?? [],
  };
}

/**
 * Validates without throwing, in the validate endpoint's shape. `extraErrors` adds messages per
 * key (a connector's own validate(), cross-key checks); keys only named there are ignored.
 */
export function validateConfig(
  def: ConfigDef,
  props: Record<string, string>,
  name = '',
  extraErrors: Record<string, string[]> = {},
): ConfigInfos {
  const groups: string[] = [];
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const key of def) {
    if (key.group !== undefined && !groups.includes(key.group)) groups.push(key.group);
    const { value, problems } = parseKey(key, props);
    const errors = problems.map(problemMessage);
    errors.push(...(extraErrors[key.name] ?? []));
    errorCount += errors.length;
    const raw = props[key.name];
    // A bad value is shown as given; a good one as parsed (Kafka's convertToString); never a password.
    const shown = errors.length === 0
      ? configValueToString(value, key.type)
      : key.type === 'password' ? configValueToString(raw ?? null, key.type) : (raw ?? null);
    configs.push({
      definition: configKeyInfo(key),
      value: { name: key.name, value: shown, recommended_values: key.recommendedValues ?? [], errors, visible: true },
    });
  }
  return { name, error_count: errorCount, groups, configs };
}

/**
 * Concatenates definitions. A key defined again replaces the earlier definition in place (so a
 * connector can tighten a common key's validator); Kafka's ConfigDef would refuse the duplicate.
 */
export function mergeConfigDefs(...defs: ConfigDef[]): ConfigDef {
  const merged: ConfigKey[] = [];
  const index = new Map<string, number>();
  for (const def of defs) {
    for (const key of def) {
      const at = index.get(key.name);
      if (at === undefined) {
        index.set(key.name, merged.length);
        merged.push(key);
      } else {
        merged[at] = key;
      }
    }
  }
  return merged;
}
