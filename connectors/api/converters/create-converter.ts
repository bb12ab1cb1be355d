/**
 * Converters by class name: Kafka's full names (org.apache.kafka.connect.json.JsonConverter) or
 * short names (JsonConverter), plus plugin classes through an optional `load`. The runtime
 * reads `key.converter` and passes `converterProps('key.converter', props)` as the converter's
 * own props (so `key.converter.schemas.enable` arrives as `schemas.enable`).
 */
import { FjordError } from '../../../core/errors.js';
import type { Converter, HeaderConverter } from '../types.js';
import { ByteArrayConverter } from './byte-array-converter.js';
import { JsonConverter } from './json-converter.js';
import {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './number-converters.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';
import { StringConverter } from './string-converter.js';

type Ctor = new () => unknown;

/** Built-in converter classes by Kafka's full class name. */
export const BUILT_IN_CONVERTERS: Readonly<Record<string, Ctor>> = {
  'org.apache.kafka.connect.json.JsonConverter': JsonConverter,
  'org.apache.kafka.connect.storage.StringConverter': StringConverter,
  'org.apache.kafka.connect.converters.ByteArrayConverter': ByteArrayConverter,
  'org.apache.kafka.connect.storage.SimpleHeaderConverter': SimpleHeaderConverter,
  'org.apache.kafka.connect.converters.ShortConverter': ShortConverter,
  'org.apache.kafka.connect.converters.IntegerConverter': IntegerConverter,
  'org.apache.kafka.connect.converters.LongConverter': LongConverter,
  'org.apache.kafka.connect.converters.FloatConverter': FloatConverter,
  'org.apache.kafka.connect.converters.DoubleConverter': DoubleConverter,
  'org.apache.kafka.connect.converters.BooleanConverter': BooleanConverter,
};

const BY_SHORT_NAME = new Map(Object.entries(BUILT_IN_CONVERTERS).map(([full, cls]) => [full.slice(full.lastIndexOf('.') + 1), cls]));

/** Kafka's default header.converter. */
export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

/** Looks a class up: built-ins by full or short name, then `load`. */
function findClass(className: string, load?: (className: string) => unknown): unknown {
  const name = className.trim();
  return BUILT_IN_CONVERTERS[name] ?? BY_SHORT_NAME.get(name) ?? load?.(name);
}

function instantiate(cls: unknown, className: string, configKey: string): unknown {
  if (typeof cls !== 'function') {
    const known = Object.keys(BUILT_IN_CONVERTERS).join(', ');
    throw new FjordError('INVALID_CONFIG', `Invalid value ${className} for configuration ${configKey}: Class ${className} could not be found. Known converters: ${known}`);
  }
  try {
    return new (cls as Ctor)();
  } catch (err) {
    throw new FjordError('INVALID_CONFIG', `Invalid value ${className} for configuration ${configKey}: cannot construct it: ${(err as Error).message}`, { cause: err });
  }
}

function configureOrExplain(configKey: string, className: string, configure: () => void): void {
  try {
    configure();
  } catch (err) {
    throw new FjordError('INVALID_CONFIG', `${configKey}=${className}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A configured key or value converter. `props` are the converter's own (already stripped of
 * `key.converter.`); `configKey` names the setting in errors (default key.converter/value.converter).
 */
export function createConverter(
  className: string,
  props: Record<string, string>,
  isKey: boolean,
  load?: (className: string) => unknown,
  configKey = isKey ? 'key.converter' : 'value.converter',
): Converter {
  const instance = instantiate(findClass(className, load), className, configKey) as Partial<Converter>;
  if (typeof instance.fromConnectData !== 'function' || typeof instance.toConnectData !== 'function' || typeof instance.configure !== 'function') {
    throw new FjordError('INVALID_CONFIG', `Invalid value ${className} for configuration ${configKey}: Class ${className} is not a Converter (needs configure, fromConnectData, toConnectData)`);
  }
  const converter = instance as Converter;
  configureOrExplain(configKey, className, () => converter.configure({ ...props, 'converter.type': isKey ? 'key' : 'value' }, isKey));
  return converter;
}

/** A configured header converter (default: SimpleHeaderConverter). */
export function createHeaderConverter(
  className: string | null,
  props: Record<string, string>,
  load?: (className: string) => unknown,
  configKey = 'header.converter',
): HeaderConverter {
  const name = className ?? DEFAULT_HEADER_CONVERTER;
  const instance = instantiate(findClass(name, load), name, configKey) as Partial<HeaderConverter>;
  if (typeof instance.fromConnectHeader !== 'function' || typeof instance.toConnectHeader !== 'function' || typeof instance.configure !== 'function') {
    throw new FjordError('INVALID_CONFIG', `Invalid value ${name} for configuration ${configKey}: Class ${name} is not a HeaderConverter (needs configure, fromConnectHeader, toConnectHeader)`);
  }
  const converter = instance as HeaderConverter;
  configureOrExplain(configKey, name, () => converter.configure({ ...props, 'converter.type': 'header' }));
  return converter;
}

/** The props under `<prefix>.` with the prefix removed: converterProps('key.converter', all). */
export function converterProps(prefix: string, allProps: Record<string, string>): Record<string, string> {
  const start = prefix.endsWith('.') ? prefix : `${prefix}.`;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(allProps)) {
    if (key.startsWith(start) && key.length > start.length) out[key.slice(start.length)] = value;
  }
  return out;
}
