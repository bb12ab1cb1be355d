/**
 * Config helpers for the built-in plugins: parsing goes through the API's `parseConfig` (Kafka's
 * ConfigDef semantics and wording, errors are FjordError INVALID_CONFIG naming the key); checks
 * that span keys use `configError` for the same wording; typed accessors read parsed values.
 */
import type { ConfigDef, ConfigValue } from '../../api/types.js';
import { invalidValueMessage, parseConfig } from '../../api/config-def.js';
import { FjordError } from '../../../core/errors.js';

/** Parsed values keyed by config name. */
export type ParsedConfig = Record<string, ConfigValue>;

/** Parses `props` against `def`; `where` names the plugin in error messages (e.g. `FileStreamSourceTask`). */
export function parsePluginConfig(def: ConfigDef, props: Record<string, string>, where: string): ParsedConfig {
  return parseConfig(def, props, where);
}

/** A config error that names the one key it is about (for a connector's validate()). */
export class KeyedConfigError extends FjordError {
  constructor(readonly configKey: string, message: string) {
    super('INVALID_CONFIG', message);
  }
}

/** Kafka's `Invalid value <v> for configuration <key>: <reason>`, prefixed by the plugin. */
export function configError(where: string, key: string, value: unknown, reason: string): KeyedConfigError {
  return new KeyedConfigError(key, `${where}: ${invalidValueMessage(key, value, reason)}`);
}

/**
 * For Connector.validate(): runs a settings parser and returns the error of a check between keys
 * under its key. Errors of single keys are left out: the runtime reports those from config().
 */
export function crossKeyErrors(parse: () => unknown): Record<string, string[]> {
  try {
    parse();
    return {};
  } catch (err) {
    return err instanceof KeyedConfigError ? { [err.configKey]: [err.message] } : {};
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

export function numOrNull(config: ParsedConfig, name: string): number | null {
  const v = config[name];
  if (v !== null && typeof v !== 'number') throw new Error(`assertion failed: config ${name} is not a number`);
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
