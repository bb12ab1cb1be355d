/**
 * A connector's config file for `fjord connect standalone`: Kafka's `.properties` (with a
 * `name` key), or `.json` as the REST body `{"name": ..., "config": {...}}` or a flat map.
 * Pure: the caller reads the file. Every error names the file and, where it can, the line.
 */
import { FjordError } from '../../core/errors.js';
import { jsonErrorPosition } from './json-error-position.js';
import { parseProperties } from './properties-file.js';

/** A connector to create: its name and its string config (which also holds `name`). */
export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

/** Parses a connector config file by its extension (`.json`, otherwise `.properties`). */
export function parseConnectorFile(text: string, file: string): ConnectorDefinition {
  const config = file.toLowerCase().endsWith('.json') ? parseJsonConnector(text, file) : parseProperties(text, file);
  const name = config.name;
  if (name === undefined || name.trim() === '') {
    throw new FjordError('CONFIG', `${file}: the connector config has no 'name'`);
  }
  if (config['connector.class'] === undefined) {
    throw new FjordError('CONFIG', `${file}${lineOf(text, 'name')}: connector '${name}' has no 'connector.class'`);
  }
  return { name, config };
}

function parseJsonConnector(text: string, file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FjordError('CONFIG', `${file}${jsonErrorLine(text)}: malformed JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new FjordError('CONFIG', `${file}:1: expected a JSON object`);
  // The REST shape wraps the config; a flat map is the config itself.
  if (isPlainObject(parsed.config)) {
    const config = stringMap(parsed.config, text, file);
    if (typeof parsed.name === 'string') {
      if (config.name !== undefined && config.name !== parsed.name) {
        throw new FjordError('CONFIG', `${file}${lineOf(text, 'name')}: "name" is '${parsed.name}' but config.name is '${config.name}'`);
      }
      config.name = parsed.name;
    }
    return config;
  }
  return stringMap(parsed, text, file);
}

/** Config values are strings in Connect; numbers and booleans are accepted as their text (as Jackson does). */
function stringMap(obj: Record<string, unknown>, text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else throw new FjordError('CONFIG', `${file}${lineOf(text, key)}: config '${key}' must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `:N` for the first line where `"key"` appears, or '' if it cannot be found. */
function lineOf(text: string, key: string): string {
  const at = text.indexOf(`"${key}"`);
  const index = at >= 0 ? at : text.search(new RegExp(`^[ \\t]*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`, 'm'));
  return index < 0 ? '' : `:${lineAt(text, index)}`;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** `:line` of the first invalid character (Node's messages do not always carry a position). */
function jsonErrorLine(text: string): string {
  const at = jsonErrorPosition(text);
  return at < 0 ? '' : `:${lineAt(text, at)}`;
}
