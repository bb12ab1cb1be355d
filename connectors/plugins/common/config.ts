/**
 * Parsing a plugin's properties against its ConfigDef, the way Kafka's AbstractConfig does:
 * string values in, typed values out, a missing required key or a malformed value is a
 * `FjordError('CONFIG')` naming the key and the plugin. Keys not in the definition are ignored
 * (Kafka passes the whole connector config to every plugin, so unknown keys are normal).
 */
import type { ConfigDef, ConfigKey, ConfigValue } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';

/** Parsed values keyed by config name. */
export type ParsedConfig = Record<string, ConfigValue>;

/** Parses `props` against `def`; `where` names the plugin in error messages (e.g. `FileStreamSource`). */
export function parsePluginConfig(def: ConfigDef, props: Record<string, string>, where: string): ParsedConfig {
  const out: ParsedConfig = {};
  for (const key of def) {
    const raw = props[key.name];
    let value: ConfigValue;
    if (raw === undefined) {
      if (!('default' in key)) throw configError(where, key.name, 'missing required configuration which has no default value');
      value = key.default ?? null;
    } else {
      value = parseValue(key, raw, where);
    }
    if (key.validator && value !== null) {
      try {
        key.validator(key.name, value);
      } catch (err) {
        if (err instanceof FjordError) throw err;
        throw configError(where, key.name, err instanceof Error ? err.message : String(err));
      }
    }
    out[key.name] = value;
  }
  return out;
}

/** A config error naming the plugin, the key and what is wrong with it. */
export function configError(where: string, key: string, message: string): FjordError {
  return new FjordError('CONFIG', `${where}: invalid configuration "${key}": ${message}`);
}

function parseValue(key: ConfigKey, raw: string, where: string): ConfigValue {
  const text = raw.trim();
  const bad = (what: string) => configError(where, key.name, `value "${raw}" is not ${what}`);
  switch (key.type) {
    case 'string':
    case 'class':
    case 'password':
      return key.type === 'password' ? raw : text;
    case 'int':
    case 'long': {
      if (!/^[+-]?\d+$/.test(text)) throw bad(`a whole number of type ${key.type.toUpperCase()}`);
      const n = Number(text);
      if (key.type === 'int' && (n < -(2 ** 31) || n > 2 ** 31 - 1)) throw bad('within the INT range');
      if (!Number.isSafeInteger(n)) throw bad('a safe integer');
      return n;
    }
    case 'double': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) throw bad('a number of type DOUBLE');
      return n;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw bad('a boolean (true or false)');
      return lower === 'true';
    }
    case 'list':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
  }
}

/** Typed accessors over a ParsedConfig; they assert the type the definition promised. */
export function str(config: ParsedConfig, name: string): string | null {
  const v = config[name];
  if (v !== null && typeof v !== 'string') throw new Error(`assertion failed: config ${name} is not a string`);
  return v;
}

export function num(config: ParsedConfig, name: string): number {
  const v = config[name];
  if (typeof v !== 'number') throw new Error(`assertion failed: config ${name} is not a number`);
  return v;
}

export function bool(config: ParsedConfig, name: string): boolean {
  const v = config[name];
  if (typeof v !== 'boolean') throw new Error(`assertion failed: config ${name} is not a boolean`);
  return v;
}

export function list(config: ParsedConfig, name: string): string[] {
  const v = config[name];
  if (v === null) return [];
  if (!Array.isArray(v)) throw new Error(`assertion failed: config ${name} is not a list`);
  return v;
}

/** Validators (Kafka's ConfigDef.Range / ValidString / NonEmptyString). */
export const atLeast = (min: number) => (name: string, value: ConfigValue) => {
  if (typeof value !== 'number' || value < min) throw new Error(`value ${String(value)} must be at least ${min}`);
};

export const oneOf = (...allowed: string[]) => (name: string, value: ConfigValue) => {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new Error(`value "${String(value)}" must be one of ${allowed.join(', ')}`);
  }
};

export const nonEmpty = (name: string, value: ConfigValue) => {
  if (typeof value !== 'string' || value.trim() === '') throw new Error('value must be a non-empty string');
};
