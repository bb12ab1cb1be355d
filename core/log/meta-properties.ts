/**
 * `meta.properties`, the identity of a data directory, in Kafka's (KRaft) Java-properties
 * format: `version=1`, `node.id`, `cluster.id`. The cluster id is generated once, when the
 * directory is first used, and kept for ever after.
 */
import { randomBytes } from 'node:crypto';
import type { Storage } from '../io/storage.js';
import { FjordError } from '../errors.js';

/** The file name inside the data directory. */
export const META_PROPERTIES_FILE = 'meta.properties';

/** What meta.properties holds. */
export interface MetaProperties {
  version: number;
  nodeId: number;
  clusterId: string;
}

/** A new cluster id as Kafka makes them: 16 random bytes, URL-safe base64 without padding (22 chars). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Parses Java-properties text (`key=value` lines, `#` comments). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.search(/[=:]/);
    if (eq < 0) out.set(line, '');
    else out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

/** Renders meta.properties. */
export function formatMetaProperties(meta: MetaProperties, nowMs: number): string {
  return `#\n#${new Date(nowMs).toUTCString()}\nnode.id=${meta.nodeId}\nversion=${meta.version}\ncluster.id=${meta.clusterId}\n`;
}

/**
 * Reads `path`, or creates it for `nodeId` with a new cluster id. Throws INVALID_ARGUMENT if
 * the directory belongs to another node, CORRUPT_LOG if the file cannot be understood.
 */
export function loadOrCreateMetaProperties(
  storage: Storage,
  path: string,
  nodeId: number,
  nowMs: number,
  makeClusterId: () => string = newClusterId,
): MetaProperties {
  const data = storage.readFile(path);
  if (data === null) {
    const meta = { version: 1, nodeId, clusterId: makeClusterId() };
    storage.writeFileAtomic(path, formatMetaProperties(meta, nowMs));
    return meta;
  }
  const props = parseProperties(data.toString('utf8'));
  const version = Number(props.get('version'));
  const storedNode = Number(props.get('node.id'));
  const clusterId = props.get('cluster.id');
  if (version !== 1 || !Number.isInteger(storedNode) || clusterId === undefined || clusterId === '') {
    throw new FjordError('CORRUPT_LOG', `${path}: expected version=1, node.id and cluster.id, found ${JSON.stringify(Object.fromEntries(props))}`);
  }
  if (storedNode !== nodeId) {
    throw new FjordError('INVALID_ARGUMENT', `${path}: the data directory belongs to node.id ${storedNode}, not ${nodeId}`);
  }
  return { version, nodeId, clusterId };
}
