/**
 * Settings of the kafka (TCP) transport: Kafka's client config keys in camelCase with Kafka's
 * defaults, plus the named limits Fjord adds so that no queue or buffer grows without bound.
 */
import { FjordError } from '../../errors.js';
import { supportedApis, type ApiName } from '../../broker/apis.js';
import { clientRange } from './version-table.js';

/** One `host:port` a client can dial. */
export interface BrokerAddress {
  host: string;
  port: number;
}

export interface KafkaTransportConfig {
  /** bootstrap.servers: where to find the cluster; any one reachable address is enough. */
  bootstrap: BrokerAddress[];
  /** client.id, sent in every request header. */
  clientId: string;
  /** request.timeout.ms: how long one in-flight request may wait for its response. */
  requestTimeoutMs: number;
  /** max.in.flight.requests.per.connection: requests written but not yet answered, per broker. */
  maxInFlightRequestsPerConnection: number;
  /** Requests waiting behind the in-flight window, per broker; further callers wait for a slot. */
  queuedRequestsMax: number;
  /** reconnect.backoff.ms: wait before reconnecting after a failed or lost connection. */
  reconnectBackoffMs: number;
  /** reconnect.backoff.max.ms: the backoff doubles per consecutive failure up to this. */
  reconnectBackoffMaxMs: number;
  /** socket.connection.setup.timeout.ms: how long a TCP connect plus ApiVersions may take. */
  connectionSetupTimeoutMs: number;
  /** retries: how often the transport itself retries a request that is safe to repeat. */
  retries: number;
  /** retry.backoff.ms: first wait between those retries (doubling, capped at retryBackoffMaxMs). */
  retryBackoffMs: number;
  /** retry.backoff.max.ms */
  retryBackoffMaxMs: number;
  /** default.api.timeout.ms: time budget of one request() call including its retries. */
  defaultApiTimeoutMs: number;
  /** metadata.max.age.ms: routing metadata older than this is refreshed before use. */
  metadataMaxAgeMs: number;
  /** receive.message.max.bytes (librdkafka's name): a larger response frame closes the connection. */
  receiveMessageMaxBytes: number;
  /**
   * Highest version to speak per API, below what both sides advertise: a workaround for a broker
   * that advertises a version it encodes wrongly (librdkafka 2.0's mock cluster writes
   * ListOffsets v4+ LeaderEpoch as an int64, so it needs `{ ListOffsets: 3 }`).
   */
  apiVersionsMax: Partial<Record<ApiName, number>>;
}

export const defaultKafkaTransportConfig: Omit<KafkaTransportConfig, 'bootstrap'> = {
  clientId: 'fjord',
  requestTimeoutMs: 30000,
  maxInFlightRequestsPerConnection: 5,
  queuedRequestsMax: 1000,
  reconnectBackoffMs: 50,
  reconnectBackoffMaxMs: 1000,
  connectionSetupTimeoutMs: 10000,
  retries: 10,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1000,
  defaultApiTimeoutMs: 60000,
  metadataMaxAgeMs: 300000,
  receiveMessageMaxBytes: 100_000_000,
  apiVersionsMax: {},
};

const POSITIVE_KEYS = ['requestTimeoutMs', 'maxInFlightRequestsPerConnection', 'queuedRequestsMax', 'connectionSetupTimeoutMs', 'defaultApiTimeoutMs', 'receiveMessageMaxBytes'] as const;
const NON_NEGATIVE_KEYS = ['reconnectBackoffMs', 'reconnectBackoffMaxMs', 'retries', 'retryBackoffMs', 'retryBackoffMaxMs', 'metadataMaxAgeMs'] as const;

/** Fills defaults and checks every number, naming the first bad setting. */
export function resolveKafkaTransportConfig(partial: Partial<KafkaTransportConfig> & { bootstrap: BrokerAddress[] }): KafkaTransportConfig {
  const config: KafkaTransportConfig = { ...defaultKafkaTransportConfig, ...partial };
  if (config.bootstrap.length === 0) throw new FjordError('CONFIG', 'kafka transport: bootstrap lists no broker address');
  for (const key of POSITIVE_KEYS) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new FjordError('CONFIG', `kafka transport config ${key}=${config[key]}: expected an integer >= 1`);
  }
  for (const key of NON_NEGATIVE_KEYS) {
    if (!Number.isFinite(config[key]) || config[key] < 0) throw new FjordError('CONFIG', `kafka transport config ${key}=${config[key]}: expected a number >= 0`);
  }
  for (const [api, max] of Object.entries(config.apiVersionsMax)) {
    if (!(api in supportedApis)) throw new FjordError('CONFIG', `kafka transport config apiVersionsMax: unknown API '${api}'`);
    const range = clientRange(api as ApiName);
    if (!Number.isInteger(max) || max < range.min) throw new FjordError('CONFIG', `kafka transport config apiVersionsMax.${api}=${max}: expected an integer >= ${range.min} (Fjord speaks ${range.min}-${range.max})`);
  }
  return config;
}

/**
 * Parses `host:port[,host:port]` (bootstrap.servers). IPv6 hosts are written in brackets,
 * `[::1]:9092`, as Kafka's tools expect.
 */
export function parseBootstrap(text: string): BrokerAddress[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new FjordError('INVALID_ARGUMENT', `bootstrap '${text}': expected host:port[,host:port]`);
  return items.map((item) => parseAddress(item));
}

function parseAddress(item: string): BrokerAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(item);
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new FjordError('INVALID_ARGUMENT', `bootstrap address '${item}': expected host:port with a port in [1, 65535]`);
  }
  return { host: match[1] ?? match[2], port };
}

/** `host:port`, bracketing IPv6 hosts. */
export function formatAddress(a: BrokerAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
