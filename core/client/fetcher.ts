/**
 * Turns positions into one Fetch request and its response into ConsumerRecords: decodes each
 * batch, skips records before the position (a batch may start earlier) and control batches.
 */
import { decodeRecordBatches, type AnyRecordMaker, type PositionMaker, type RecordHeader } from '../protocol/record-batch.js';
import type { FetchResponse } from '../protocol/generated/fetch.js';
import type { ConsumerConfig } from './consumer-config.js';
import type { ConsumerRecord } from './record-types.js';
import type { PartitionState } from './subscription-state.js';
import type { Transport } from './transport.js';

export interface PartitionFetch {
  topic: string;
  partition: number;
  errorCode: number;
  records: ConsumerRecord[];
  /** Offset after the last batch seen (even when it held only skipped records). */
  nextOffset: bigint;
  highWatermark: bigint;
}

export async function fetchOnce(transport: Transport, config: ConsumerConfig, partitions: PartitionState[], maxWaitMs: number): Promise<PartitionFetch[]> {
  const byTopic = new Map<string, PartitionState[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  const res = await transport.request('Fetch', {
    replicaId: -1,
    maxWaitMs,
    minBytes: config.fetchMinBytes,
    maxBytes: config.fetchMaxBytes,
    isolationLevel: config.isolationLevel === 'read_committed' ? 1 : 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [...byTopic].map(([topic, ps]) => ({
      topic,
      topicId: Buffer.alloc(16),
      partitions: ps.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.position!, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: config.maxPartitionFetchBytes })),
    })),
    forgottenTopicsData: [],
    rackId: '',
  });
  if (!res) throw new Error('assertion failed: Fetch got no response');
  return decodeResponse(res, partitions, config.fetchedRecordViews);
}

async function decodeResponse(res: FetchResponse, requested: PartitionState[], views: boolean): Promise<PartitionFetch[]> {
  const out: PartitionFetch[] = [];
  for (const t of res.responses) {
    const topic = t.topic ?? '';
    for (const p of t.partitions) {
      const position = requested.find((r) => r.topic === topic && r.partition === p.partitionIndex)?.position ?? 0n;
      const fetched: PartitionFetch = { topic, partition: p.partitionIndex, errorCode: p.errorCode, records: [], nextOffset: position, highWatermark: p.highWatermark };
      if (p.errorCode === 0 && p.records && p.records.length > 0) await decodeInto(fetched, p.records, position, views);
      out.push(fetched);
    }
  }
  return out;
}

/**
 * A fetched record. Built with `new`, not as an object literal, on purpose: V8 tracks the
 * survival of literals per allocation site and, when a poll's worth of records outlives a young
 * collection (as it does while the application works through them), starts allocating that
 * site's objects straight in the old generation. Every record of every later fetch then needed a
 * full collection to die, and the views and offsets they hold were promoted with them:
 * `embedded.consume` ran at about half speed in those runs (about half of all runs).
 */
class FetchedRecord implements ConsumerRecord {
  constructor(
    public topic: string,
    public partition: number,
    public offset: bigint,
    public timestamp: number,
    public timestampType: 'CreateTime' | 'LogAppendTime',
    public key: Buffer | null,
    public value: Buffer | null,
    public headers: RecordHeader[],
  ) {}
}

/**
 * A fetched record that keeps where its key and value lie in the fetched bytes and builds the
 * views (and the BigInt offset) only when they are read (consumer config `fetchedRecordViews`):
 * Fjord Streams decodes most keys and values as text straight from the bytes, so a poll of
 * thousands of records makes no view, BigInt or copy of them at all. Built with `new`, as
 * FetchedRecord (see there).
 */
export class FetchedRecordView implements ConsumerRecord {
  timestampType: 'CreateTime' | 'LogAppendTime' = 'CreateTime';
  constructor(
    public topic: string,
    public partition: number,
    /** The records section the key and value lie in. */
    readonly data: Buffer,
    private readonly baseOffset: bigint,
    private readonly offsetDelta: number,
    public timestamp: number,
    readonly keyStart: number,
    /** -1 for a null key. */
    readonly keyLength: number,
    readonly valueStart: number,
    /** -1 for a null value. */
    readonly valueLength: number,
    public headers: RecordHeader[],
  ) {}

  get offset(): bigint {
    return this.baseOffset + BigInt(this.offsetDelta);
  }

  /** A view of the key bytes (a new view per read). */
  get key(): Buffer | null {
    return this.viewOf(this.keyStart, this.keyLength);
  }

  /** A view of the value bytes (a new view per read). */
  get value(): Buffer | null {
    return this.viewOf(this.valueStart, this.valueLength);
  }

  /** The key's bytes decoded as UTF-8 (`key.toString('utf8')`) without a view; null for a null key. */
  keyText(): string | null {
    return this.textOf(this.keyStart, this.keyLength);
  }

  /** The value's bytes decoded as UTF-8 without a view; null for a null value. */
  valueText(): string | null {
    return this.textOf(this.valueStart, this.valueLength);
  }

  private viewOf(start: number, length: number): Buffer | null {
    return length < 0 ? null : this.data.subarray(start, start + length);
  }

  private textOf(start: number, length: number): string | null {
    return length < 0 ? null : this.data.toString('utf8', start, start + length);
  }
}

async function decodeInto(fetched: PartitionFetch, bytes: Buffer, position: bigint, views: boolean): Promise<void> {
  const { topic, partition } = fetched;
  const make: AnyRecordMaker<ConsumerRecord> = views
    ? ({
        atPositions: (data, baseOffset, offsetDelta, timestamp, keyStart, keyLength, valueStart, valueLength, headers) =>
          new FetchedRecordView(topic, partition, data, baseOffset, offsetDelta, timestamp, keyStart, keyLength, valueStart, valueLength, headers),
      } satisfies PositionMaker<ConsumerRecord>)
    : (offset, timestamp, key, value, headers) => new FetchedRecord(topic, partition, offset, timestamp, 'CreateTime', key, value, headers);
  for (const batch of await decodeRecordBatches(bytes, make)) {
    const end = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (end > fetched.nextOffset) fetched.nextOffset = end;
    if (batch.isControl) continue;
    const logAppendTime = batch.timestampType === 'LogAppendTime';
    // Only a batch that starts before the position holds records the consumer has already seen.
    const skipping = batch.baseOffset < position;
    for (const r of batch.records) {
      if (skipping && r.offset < position) continue;
      if (logAppendTime) r.timestampType = 'LogAppendTime';
      fetched.records.push(r);
    }
  }
}
