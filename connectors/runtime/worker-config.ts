/**
 * The worker's settings: Kafka Connect's worker config keys with Kafka's defaults, parsed from
 * the string map of `worker.properties`. Keys Connect does not know are kept in `originals`
 * (converters read `key.converter.*`, clients read `producer.*` / `consumer.*`), as Kafka does.
 */
import { FjordError } from '../../core/errors.js';

export const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

export interface WorkerConfig {
  /** bootstrap.servers: absent = the embedded broker on the data dir (Fjord's default). */
  bootstrapServers: string | null;
  /** key.converter / value.converter: class names (defaults: JsonConverter, as Kafka 3.x). */
  keyConverter: string;
  valueConverter: string;
  /** offset.flush.interval.ms: how often source offsets and sink consumer offsets are committed. */
  offsetFlushIntervalMs: number;
  /** offset.flush.timeout.ms: how long a flush may wait for outstanding records. */
  offsetFlushTimeoutMs: number;
  offsetStorageTopic: string;
  offsetStoragePartitions: number;
  configStorageTopic: string;
  statusStorageTopic: string;
  statusStoragePartitions: number;
  /** REST listener: from `listeners` (http://host:port), else rest.host.name / rest.port. Port 0 picks a free port. */
  restHost: string;
  restPort: number;
  /** rest.advertised.host.name / rest.advertised.port: the worker id shown in status. */
  advertisedHost: string | null;
  advertisedPort: number | null;
  /** plugin.path: directories, module files or npm package names. */
  pluginPath: string[];
  /** task.shutdown.graceful.timeout.ms */
  taskShutdownGracefulTimeoutMs: number;
  /** Fjord: records a source task may have sent but not yet acknowledged before poll() waits. */
  taskInflightRecordsMax: number;
  /** Every key as given. */
  originals: Record<string, string>;
}

export const defaultWorkerConfig: Omit<WorkerConfig, 'originals'> = {
  bootstrapServers: null,
  keyConverter: JSON_CONVERTER,
  valueConverter: JSON_CONVERTER,
  offsetFlushIntervalMs: 60000,
  offsetFlushTimeoutMs: 5000,
  offsetStorageTopic: 'connect-offsets',
  offsetStoragePartitions: 25,
  configStorageTopic: 'connect-configs',
  statusStorageTopic: 'connect-status',
  statusStoragePartitions: 5,
  restHost: '',
  restPort: 8083,
  advertisedHost: null,
  advertisedPort: null,
  pluginPath: [],
  taskShutdownGracefulTimeoutMs: 5000,
  taskInflightRecordsMax: 100_000,
};

/** The worker.properties key of each setting (docs/configuration.md is generated from this and the interface). */
export const workerConfigKeys: Record<keyof typeof defaultWorkerConfig, string> = {
  bootstrapServers: 'bootstrap.servers',
  keyConverter: 'key.converter',
  valueConverter: 'value.converter',
  offsetFlushIntervalMs: 'offset.flush.interval.ms',
  offsetFlushTimeoutMs: 'offset.flush.timeout.ms',
  offsetStorageTopic: 'offset.storage.topic',
  offsetStoragePartitions: 'offset.storage.partitions',
  configStorageTopic: 'config.storage.topic',
  statusStorageTopic: 'status.storage.topic',
  statusStoragePartitions: 'status.storage.partitions',
  restHost: 'rest.host.name',
  restPort: 'rest.port',
  advertisedHost: 'rest.advertised.host.name',
  advertisedPort: 'rest.advertised.port',
  pluginPath: 'plugin.path',
  taskShutdownGracefulTimeoutMs: 'task.shutdown.graceful.timeout.ms',
  taskInflightRecordsMax: 'task.inflight.records.max',
};

/** Parses worker properties; `source` names the file in errors. */
export function parseWorkerConfig(props: Record<string, string>, source = 'worker config'): WorkerConfig {
  const int = (key: string, fallback: number, min = 0): number => {
    const text = props[key];
    if (text === undefined) return fallback;
    const n = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new FjordError('CONFIG', `${source}: ${key}=${text}: expected a whole number >= ${min}`);
    return n;
  };
  const str = (key: string, fallback: string): string => {
    const v = props[key]?.trim();
    if (v === '') throw new FjordError('CONFIG', `${source}: ${key} is empty`);
    return v ?? fallback;
  };
  const d = defaultWorkerConfig;
  const K = workerConfigKeys;
  const listener = parseListener(props, source);
  return {
    bootstrapServers: props[K.bootstrapServers]?.trim() || null,
    keyConverter: str(K.keyConverter, d.keyConverter),
    valueConverter: str(K.valueConverter, d.valueConverter),
    offsetFlushIntervalMs: int(K.offsetFlushIntervalMs, d.offsetFlushIntervalMs, 1),
    offsetFlushTimeoutMs: int(K.offsetFlushTimeoutMs, d.offsetFlushTimeoutMs, 1),
    offsetStorageTopic: str(K.offsetStorageTopic, d.offsetStorageTopic),
    offsetStoragePartitions: int(K.offsetStoragePartitions, d.offsetStoragePartitions, 1),
    configStorageTopic: str(K.configStorageTopic, d.configStorageTopic),
    statusStorageTopic: str(K.statusStorageTopic, d.statusStorageTopic),
    statusStoragePartitions: int(K.statusStoragePartitions, d.statusStoragePartitions, 1),
    restHost: listener.host,
    restPort: listener.port,
    advertisedHost: props[K.advertisedHost]?.trim() || null,
    advertisedPort: props[K.advertisedPort] === undefined ? null : int(K.advertisedPort, 0),
    pluginPath: (props[K.pluginPath] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== ''),
    taskShutdownGracefulTimeoutMs: int(K.taskShutdownGracefulTimeoutMs, d.taskShutdownGracefulTimeoutMs),
    taskInflightRecordsMax: int(K.taskInflightRecordsMax, d.taskInflightRecordsMax, 1),
    originals: { ...props },
  };
}

/** `listeners=http://host:port` (the first one; only http), else the deprecated rest.host.name / rest.port. */
function parseListener(props: Record<string, string>, source: string): { host: string; port: number } {
  const listeners = props.listeners?.split(',').map((l) => l.trim()).filter((l) => l !== '');
  if (listeners && listeners.length > 0) {
    const m = /^(https?):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/.exec(listeners[0]);
    if (!m) throw new FjordError('CONFIG', `${source}: listeners=${props.listeners}: expected http://HOST:PORT`);
    if (m[1] === 'https') throw new FjordError('CONFIG', `${source}: listeners=${props.listeners}: https listeners are not supported; use http://`);
    const port = Number(m[3]);
    if (port > 65535) throw new FjordError('CONFIG', `${source}: listeners=${props.listeners}: port ${port} is above 65535`);
    return { host: m[2].replace(/^\[|\]$/g, ''), port };
  }
  const portText = props[workerConfigKeys.restPort];
  let port = defaultWorkerConfig.restPort;
  if (portText !== undefined) {
    port = /^\d+$/.test(portText.trim()) ? Number(portText.trim()) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new FjordError('CONFIG', `${source}: ${workerConfigKeys.restPort}=${portText}: expected a port number in [0, 65535]`);
  }
  return { host: props[workerConfigKeys.restHost]?.trim() ?? '', port };
}

/** Settings under a prefix (`producer.`, `consumer.`, `key.converter.`), prefix removed. */
export function withPrefix(props: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
