/**
 * kafkajs 2.2.4 against a Fjord broker: a client with small retries, snappy/lz4/zstd codecs
 * registered through kafkajs' `CompressionCodecs` plugin slots (implemented with Fjord's own
 * core/protocol/compression.ts; gzip is kafkajs' built-in, wrapped only to count its use), and
 * helpers to produce and to read a topic back.
 */
import kafkajs, { type Admin, type Consumer, type IHeaders, type Kafka as KafkaClient, type Producer } from 'kafkajs';
import { compress, decompress, type CompressionType } from '../../../core/protocol/compression.js';
import { waitUntil } from './child-run.js';
import type { Header, ReadRecord, TestRecord } from './records.js';

const { Kafka, CompressionCodecs, CompressionTypes, logLevel } = kafkajs;

export { CompressionTypes };

type Codec = 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** How often each codec compressed and decompressed in this process: proves batches really were compressed. */
export const codecCalls: Record<Codec, { compress: number; decompress: number }> = {
  gzip: { compress: 0, decompress: 0 },
  snappy: { compress: 0, decompress: 0 },
  lz4: { compress: 0, decompress: 0 },
  zstd: { compress: 0, decompress: 0 },
};

export const kafkajsCompression: Record<Codec, kafkajs.CompressionTypes> = {
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

function fjordCodec(type: CompressionType & Codec): () => KafkajsCodec {
  return () => ({
    async compress(encoder) {
      codecCalls[type].compress++;
      return compress(type, encoder.buffer);
    },
    async decompress(buffer) {
      codecCalls[type].decompress++;
      return decompress(type, buffer);
    },
  });
}

let codecsRegistered = false;

/** Installs the codecs into kafkajs' plugin slots (once per process). */
export function registerCodecs(): void {
  if (codecsRegistered) return;
  codecsRegistered = true;
  const builtinGzip = CompressionCodecs[CompressionTypes.GZIP] as () => KafkajsCodec;
  CompressionCodecs[CompressionTypes.GZIP] = () => {
    const gzip = builtinGzip();
    return {
      compress: (encoder: { buffer: Buffer }) => ((codecCalls.gzip.compress++), gzip.compress(encoder)),
      decompress: (buffer: Buffer) => ((codecCalls.gzip.decompress++), gzip.decompress(buffer)),
    };
  };
  CompressionCodecs[CompressionTypes.Snappy] = fjordCodec('snappy');
  CompressionCodecs[CompressionTypes.LZ4] = fjordCodec('lz4');
  CompressionCodecs[CompressionTypes.ZSTD] = fjordCodec('zstd');
}

/** Client retries: few and short, so a broker bug fails a test in seconds rather than minutes. */
export const kafkajsRetry = { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 };

/** A kafkajs client for `bootstrap`. FJORD_TP_DEBUG=1 turns on kafkajs' DEBUG log. */
export function kafkajsClient(bootstrap: string, clientId = 'fjord-third-party'): KafkaClient {
  registerCodecs();
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: process.env.FJORD_TP_DEBUG === '1' ? logLevel.DEBUG : logLevel.NOTHING,
    retry: kafkajsRetry,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
  });
}

/** Group settings for quick joins and heartbeats. */
export const kafkajsGroupSettings = {
  sessionTimeout: 6000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 300,
  maxWaitTimeInMs: 100,
  retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
};

/** kafkajs' header object: duplicate names become arrays, in order. */
export function kafkajsHeaders(headers: readonly Header[]): IHeaders {
  const out: Record<string, Buffer[]> = {};
  for (const [k, v] of headers) (out[k] ??= []).push(v);
  return Object.fromEntries(Object.entries(out).map(([k, vs]) => [k, vs.length === 1 ? vs[0]! : vs]));
}

function headersFromKafkajs(headers: IHeaders | undefined): Header[] {
  const out: Header[] = [];
  for (const [k, v] of Object.entries(headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined) out.push([k, Buffer.isBuffer(one) ? one : Buffer.from(one)]);
    }
  }
  return out;
}

export interface KafkajsProduceOptions {
  compression?: Codec;
  acks?: number;
  idempotent?: boolean;
}

/** Sends `records` in one `send` call (one batch per partition) and disconnects. */
export async function kafkajsProduce(kafka: KafkaClient, topic: string, records: readonly TestRecord[], options: KafkajsProduceOptions = {}): Promise<void> {
  const producer = kafka.producer({ idempotent: options.idempotent ?? false, ...(options.idempotent ? { maxInFlightRequests: 1 } : {}), allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await sendRecords(producer, topic, records, options);
  } finally {
    await producer.disconnect();
  }
}

export async function sendRecords(producer: Producer, topic: string, records: readonly TestRecord[], options: KafkajsProduceOptions = {}): Promise<void> {
  await producer.send({
    topic,
    acks: options.acks ?? -1,
    ...(options.compression ? { compression: kafkajsCompression[options.compression] } : {}),
    messages: records.map((r) => ({ key: r.key, value: r.value, headers: kafkajsHeaders(r.headers) })),
  });
}

/** A record read by kafkajs, with its batch's producer fields. */
export interface KafkajsRead extends ReadRecord {
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
}

interface BatchContext {
  producerId: string | number;
  producerEpoch: number;
  firstSequence: number;
}

export function readFromKafkajs(partition: number, message: kafkajs.KafkaMessage): KafkajsRead {
  const batch = (message as unknown as { batchContext: BatchContext }).batchContext;
  return {
    partition,
    offset: Number(message.offset),
    key: message.key,
    value: message.value ?? Buffer.alloc(0),
    headers: headersFromKafkajs(message.headers),
    producerId: String(batch.producerId),
    producerEpoch: batch.producerEpoch,
    firstSequence: batch.firstSequence,
  };
}

/**
 * Reads `topic` from the beginning with a throwaway group until `count` records arrived, plus a
 * short settle so duplicates would show up, then disconnects.
 */
export async function kafkajsConsumeAll(kafka: KafkaClient, topic: string, count: number, timeoutMs = 20_000): Promise<KafkajsRead[]> {
  const consumer = kafka.consumer({ groupId: `tp-reader-${Math.random().toString(36).slice(2, 10)}`, ...kafkajsGroupSettings });
  const out: KafkajsRead[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => void out.push(readFromKafkajs(partition, message)) });
    await waitUntil(`kafkajs to read ${count} records of ${topic}`, () => out.length >= count, timeoutMs, () => `read ${out.length}`);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** Creates a topic with kafkajs' admin (the suites' common setup), waiting for leaders. */
export async function createTopic(bootstrap: string, topic: string, numPartitions: number): Promise<void> {
  const admin = kafkajsClient(bootstrap, 'fjord-third-party-setup').admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true, timeout: 10_000 });
    if (!created) throw new Error(`topic ${topic} already existed`);
  } finally {
    await admin.disconnect();
  }
}

export type { Admin, Consumer, KafkaClient, Producer };
