/**
 * Reads Kafka's message schema files (../shared/kafka-protocol/messages/*.json) into typed
 * objects. The files are JSON with `//` line comments; no string in them contains `//`.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SchemaField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  ignorable?: boolean;
  mapKey?: boolean;
  entityType?: string;
  about?: string;
  flexibleVersions?: string;
  fields?: SchemaField[];
}

export interface SchemaStruct {
  name: string;
  versions: string;
  fields: SchemaField[];
}

export interface MessageSchema {
  apiKey?: number;
  type: 'request' | 'response' | 'header' | 'data';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  deprecatedVersions?: string;
  latestVersionUnstable?: boolean;
  listeners?: string[];
  fields: SchemaField[];
  commonStructs?: SchemaStruct[];
}

/** An inclusive version range; `none` is the empty range [1, 0]. */
export interface VersionRange {
  min: number;
  max: number;
}

export function parseVersions(spec: string): VersionRange {
  if (spec === 'none') return { min: 1, max: 0 };
  if (spec.endsWith('+')) return { min: Number(spec.slice(0, -1)), max: Number.MAX_SAFE_INTEGER };
  const [lo, hi] = spec.split('-');
  return { min: Number(lo), max: Number(hi ?? lo) };
}

export function readSchema(file: string): MessageSchema {
  const text = fs.readFileSync(file, 'utf8');
  const stripped = text
    .split('\n')
    .map((line) => {
      const at = line.indexOf('//');
      return at === -1 ? line : line.slice(0, at);
    })
    .join('\n');
  try {
    return JSON.parse(stripped) as MessageSchema;
  } catch (err) {
    throw new Error(`${file}: not valid JSON after stripping comments: ${(err as Error).message}`);
  }
}

export function readSchemaDir(dir: string): MessageSchema[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readSchema(path.join(dir, name)));
}
