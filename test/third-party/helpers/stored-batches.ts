/**
 * The record batches a broker stored for a topic, read straight from its segment files
 * (`<data dir>/<topic>-<partition>/*.log`, RecordBatch v2 bytes as appended). A client's own
 * view cannot show whether its batches were compressed or carried a producer id, the log can.
 */
import fs from 'node:fs';
import { expect } from 'chai';
import path from 'node:path';
import {
  ATTR_COMPRESSION_MASK, batchAttributes, batchBaseOffset, batchBaseSequence, batchProducerEpoch, batchProducerId, batchRecordCount,
} from '../../../core/protocol/batch-header.js';
import { compressionTypeForId, type CompressionType } from '../../../core/protocol/compression.js';
import { forEachBatch } from '../../../core/protocol/record-batch.js';

export interface StoredBatch {
  partition: number;
  baseOffset: bigint;
  compression: CompressionType;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function storedBatches(dataDir: string, topic: string): StoredBatch[] {
  const batches: StoredBatch[] = [];
  const dirPattern = new RegExp(`^${topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  for (const entry of fs.readdirSync(dataDir)) {
    const m = dirPattern.exec(entry);
    if (!m) continue;
    const partition = Number(m[1]);
    const dir = path.join(dataDir, entry);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort()) {
      const buf = fs.readFileSync(path.join(dir, file));
      forEachBatch(buf, (at) => {
        batches.push({
          partition,
          baseOffset: batchBaseOffset(buf, at),
          compression: compressionTypeForId(batchAttributes(buf, at) & ATTR_COMPRESSION_MASK),
          producerId: batchProducerId(buf, at),
          producerEpoch: batchProducerEpoch(buf, at),
          baseSequence: batchBaseSequence(buf, at),
          recordCount: batchRecordCount(buf, at),
        });
      });
    }
  }
  return batches.sort((a, b) => a.partition - b.partition || Number(a.baseOffset - b.baseOffset));
}

/** The set of codecs a topic's batches use. */
export function storedCodecs(dataDir: string, topic: string): Set<CompressionType> {
  return new Set(storedBatches(dataDir, topic).map((b) => b.compression));
}

/** Checks each partition's stored batches carry one producer id and epoch, sequences from 0 without gaps. */
export function expectIdempotentBatches(dataDir: string, topic: string, producerIdsRead: readonly (string | bigint)[] = []): void {
  const batches = storedBatches(dataDir, topic);
  expect(batches.length, 'stored batches').to.be.greaterThan(0);
  const producerIds = new Set(batches.map((b) => b.producerId));
  expect(producerIds.size, 'one producer id').to.equal(1);
  expect([...producerIds][0]! >= 0n, 'a producer id was assigned').to.equal(true);
  for (const b of batches) expect(b.producerEpoch, 'producer epoch').to.be.at.least(0);
  const next = new Map<number, number>();
  for (const b of batches) {
    expect(b.baseSequence, `partition ${b.partition} batch at ${b.baseOffset}: base sequence`).to.equal(next.get(b.partition) ?? 0);
    next.set(b.partition, b.baseSequence + b.recordCount);
  }
  // A reader that reports producer ids saw the same producer fields the log holds.
  for (const id of producerIdsRead) expect(BigInt(id), 'producer id seen by the reader').to.equal([...producerIds][0]);
}
