/** A real broker on a fresh data dir behind a real listener on 127.0.0.1, for the server's tests. */
import { Broker } from '../../../../core/broker/broker.js';
import type { BrokerConfig } from '../../../../core/broker/broker-config.js';
import { BrokerServer } from '../../../../core/broker/server/broker-server.js';
import type { RequestHandler } from '../../../../core/broker/server/request-handler.js';
import type { ServerLimits } from '../../../../core/broker/server/server-limits.js';
import type { Logger } from '../../../../core/io/logger.js';
import { encodeRecordBatch, type RecordInput } from '../../../../core/protocol/record-batch.js';
import type { ProduceRequest } from '../../../../core/protocol/generated/produce.js';
import type { FetchRequest } from '../../../../core/protocol/generated/fetch.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import type { RawClient } from './raw-client.js';

/** Log lines by level, for assertions. */
export interface CapturedLogger extends Logger {
  lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

/** Settings that keep a test broker small and quick. */
export const testBrokerConfig: Partial<BrokerConfig> = { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 };

export interface TestServer {
  server: BrokerServer;
  broker: Broker;
  dataDir: string;
  logger: CapturedLogger;
  close(): Promise<void>;
}

/** Starts a broker on a fresh (or given) data dir, listening on a free loopback port. */
export async function startTestServer(options: { dataDir?: string; limits?: Partial<ServerLimits> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tmpDir('fjord-server-test-');
  const logger = captureLogger();
  let broker: Broker | null = null;
  const server = await BrokerServer.start({
    host: '127.0.0.1',
    port: 0,
    logger,
    limits: options.limits,
    broker: async (endpoint) => (broker = await Broker.open({ dataDir, endpoint, config: testBrokerConfig, logger, keepRestoredGroupMembers: true })),
  });
  return {
    server, broker: broker!, dataDir, logger,
    close: async () => {
      await server.close();
      await broker!.close();
    },
  };
}

/** A server in front of a hand-written handler (to control when and how requests complete). */
export async function startFakeServer(handler: RequestHandler, limits?: Partial<ServerLimits>): Promise<{ server: BrokerServer; logger: CapturedLogger }> {
  const logger = captureLogger();
  const server = await BrokerServer.start({ host: '127.0.0.1', port: 0, logger, limits, broker: handler });
  return { server, logger };
}

/** One record batch of `count` small records with values `${prefix}-${i}`. */
export function batchOf(count: number, prefix = 'v', valueBytes = 0): Promise<Buffer> {
  const records: RecordInput[] = [];
  for (let i = 0; i < count; i++) {
    const value = valueBytes > 0 ? Buffer.alloc(valueBytes, i % 256) : Buffer.from(`${prefix}-${i}`);
    records.push({ key: Buffer.from(`k${i}`), value });
  }
  return encodeRecordBatch(records, { nowMs: 1_700_000_000_000 });
}

/** A Produce request of one batch to one partition. */
export function produceBody(topic: string, partition: number, records: Buffer, acks = 1): ProduceRequest {
  return { transactionalId: null, acks, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: partition, records }] }] };
}

/** A sessionless Fetch of one partition. */
export function fetchBody(topic: string, partition: number, fetchOffset: bigint, options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number } = {}): FetchRequest {
  return {
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, fetchOffset, partitionMaxBytes: options.maxBytes ?? 50 * 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1n }] }],
    forgottenTopicsData: [],
    rackId: '',
  };
}

/** Creates topics with CreateTopics v4 through `client`, failing on any error code. */
export async function createTopic(client: RawClient, name: string, partitions = 1): Promise<void> {
  const res = await client.request(19, 4, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
  if (res.topics[0].errorCode !== 0) throw new Error(`create ${name}: error ${res.topics[0].errorCode} ${res.topics[0].errorMessage ?? ''}`);
}

/** Polls `check` every few ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
