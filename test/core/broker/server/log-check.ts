/** Re-reads every batch of a data dir's partition logs, checking CRCs and offsets: "no log is corrupted". */
import { expect } from 'chai';
import { Broker } from '../../../../core/broker/broker.js';
import type { BrokerConfig } from '../../../../core/broker/broker-config.js';
import { decodeRecordBatches } from '../../../../core/protocol/record-batch.js';
import { captureLogger, testBrokerConfig } from './test-server.js';

/** Log end offset per `topic-partition` of an open broker. */
export function logEnds(broker: Broker): Map<string, bigint> {
  return new Map(broker.logs.list().map((m) => [`${m.topic}-${m.partition}`, m.log.logEndOffset]));
}

/**
 * Opens `dataDir` again and checks that it was closed cleanly (nothing re-validated past the
 * recovery points, nothing truncated), that every log ends where `expectedEnds` says, and that
 * every batch reads back with a valid CRC and contiguous offsets.
 */
export async function expectCleanReopen(dataDir: string, expectedEnds: Map<string, bigint>, config: Partial<BrokerConfig> = {}): Promise<void> {
  const logger = captureLogger();
  const broker = await Broker.open({ dataDir, config: { ...testBrokerConfig, ...config }, logger });
  try {
    const damage = logger.lines.filter((l) => /truncat|corrupt|rebuilding|removing/i.test(l));
    expect(damage, 'recovery had to repair the logs').to.deep.equal([]);
    const opened = logger.lines.filter((l) => /: opened \d+ segments/.test(l));
    expect(opened.length).to.equal(expectedEnds.size);
    for (const line of opened) expect(line, 'a clean close leaves nothing to re-validate').to.match(/re-validated 0 bytes/);
    expect(logEnds(broker)).to.deep.equal(expectedEnds);
    for (const { topic, partition, log } of broker.logs.list()) {
      let offset = log.logStartOffset;
      while (offset < log.logEndOffset) {
        const { bytes, nextOffset } = log.read(offset, 1 << 20, { minOneBatch: true });
        const batches = await decodeRecordBatches(bytes); // validates every CRC
        expect(batches.length, `${topic}-${partition}@${offset}`).to.be.greaterThan(0);
        for (const b of batches) {
          expect(b.baseOffset, `${topic}-${partition} batches are contiguous`).to.equal(offset);
          offset = b.baseOffset + BigInt(b.lastOffsetDelta) + 1n;
        }
        expect(offset).to.equal(nextOffset);
      }
    }
  } finally {
    await broker.close();
  }
}
