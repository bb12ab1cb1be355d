/**
 * The limits of the TCP server, named after the Kafka broker settings they mirror. Each bounds
 * memory or file descriptors that a client could otherwise make the broker spend without end.
 */
import { FjordError } from '../../errors.js';

/** Limits of the Kafka-protocol listener. */
export interface ServerLimits {
  /**
   * socket.request.max.bytes: the largest request frame (its size prefix) accepted. A larger
   * declared size closes the connection before any memory is reserved for the frame.
   */
  requestBytesMax: number;
  /**
   * queued.max.request.bytes, per connection: bytes of requests read but not yet answered plus
   * bytes of responses waiting for the socket. At or above it the server stops reading the
   * connection until responses drain. One request is always admitted when nothing is in flight,
   * so a request up to requestBytesMax still gets through.
   */
  inFlightBytesMax: number;
  /** queued.max.requests, per connection: requests read whose responses are not yet written. */
  inFlightRequestsMax: number;
  /** max.connections: connections accepted at once; further ones are closed at once with a log line. */
  connectionsMax: number;
}

/** Kafka's defaults where Kafka has one (socket.request.max.bytes, max.connections). */
export const defaultServerLimits: ServerLimits = {
  requestBytesMax: 104857600,
  inFlightBytesMax: 104857600,
  inFlightRequestsMax: 1000,
  connectionsMax: 2147483647,
};

/** The server.properties-style names of the limits, as `fjord broker --config` takes them. */
export const serverLimitKeys: Record<keyof ServerLimits, string> = {
  requestBytesMax: 'socket.request.max.bytes',
  inFlightBytesMax: 'queued.max.request.bytes',
  inFlightRequestsMax: 'queued.max.requests',
  connectionsMax: 'max.connections',
};

/** Whether `key` names a server limit (so a caller can split broker settings from listener ones). */
export function isServerLimitKey(key: string): boolean {
  return Object.values(serverLimitKeys).includes(key);
}

/** Parses `key=value` limits by their Kafka names; unknown keys and non-positive values are errors. */
export function parseServerLimits(entries: Record<string, string>, base: ServerLimits = defaultServerLimits): ServerLimits {
  const byKey = new Map(Object.entries(serverLimitKeys).map(([field, key]) => [key, field as keyof ServerLimits]));
  const limits: ServerLimits = { ...base };
  for (const [key, raw] of Object.entries(entries)) {
    const field = byKey.get(key);
    if (!field) throw new FjordError('CONFIG', `unknown listener config key '${key}'; known keys: ${[...byKey.keys()].join(', ')}`);
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new FjordError('CONFIG', `listener config ${key}=${raw}: expected a positive integer`);
    limits[field] = n;
  }
  checkServerLimits(limits);
  return limits;
}

/** Rejects limits no server could run with. */
export function checkServerLimits(limits: ServerLimits): void {
  for (const [field, key] of Object.entries(serverLimitKeys) as [keyof ServerLimits, string][]) {
    const n = limits[field];
    if (!Number.isSafeInteger(n) || n < 1) throw new FjordError('CONFIG', `${key} must be a positive integer, got ${n}`);
  }
}
