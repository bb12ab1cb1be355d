import { expect } from 'chai';
import type { Producer } from '../../../core/client/producer.js';
import type { ProducerRecord, RecordMetadata } from '../../../core/client/record-types.js';
import { silentLogger } from '../../../core/io/logger.js';
import { systemTimers } from '../../../core/io/timers.js';
import { SourceTask, type SourceRecord } from '../../../connectors/api/types.js';
import type { OffsetStore } from '../../../connectors/runtime/offset-store.js';
import { SourceTaskRunner } from '../../../connectors/runtime/source-task-runner.js';
import { failFast } from '../../../connectors/runtime/task-stages.js';

/** A task that returns `perPoll` records per poll, counting polls. */
class BurstTask extends SourceTask {
  polls = 0;
  next = 0;
  constructor(private readonly perPoll: number) {
    super();
  }
  version(): string {
    return '1';
  }
  start(): void {}
  async poll(): Promise<SourceRecord[]> {
    this.polls++;
    return Array.from({ length: this.perPoll }, () => {
      const i = this.next++;
      return { topic: 't', kafkaPartition: null, keySchema: null, key: null, valueSchema: null, value: `v${i}`, timestamp: null, headers: [], sourcePartition: { p: 0 }, sourceOffset: { i } };
    });
  }
  stop(): void {}
}

/** A producer whose acknowledgements the test releases by hand (the limit under test is the runner's). */
class HeldProducer {
  readonly pending: { record: ProducerRecord; resolve: (md: RecordMetadata) => void }[] = [];
  send(record: ProducerRecord): Promise<RecordMetadata> {
    return new Promise((resolve) => this.pending.push({ record, resolve }));
  }
  release(n: number): void {
    for (const p of this.pending.splice(0, n)) p.resolve({ topic: p.record.topic, partition: 0, offset: 0n, timestamp: 0 });
  }
  async flush(): Promise<void> {}
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('connectors/runtime SourceTaskRunner', () => {
  it('never has more than task.inflight.records.max records unacknowledged, even within one poll', async () => {
    const task = new BurstTask(7);
    const producer = new HeldProducer();
    const written: unknown[] = [];
    const offsets = { offset: async () => null, write: async (_c: string, e: unknown[]) => void written.push(...e) } as unknown as OffsetStore;
    const runner = new SourceTaskRunner({
      connector: 'c', id: 0, props: {}, timers: systemTimers, logger: silentLogger, onStatus: () => {},
      task, producer: producer as unknown as Producer, offsets, errors: failFast, onTopic: () => {},
      stages: { transform: (r) => r, keyBytes: () => null, valueBytes: (r) => Buffer.from(String(r.value)), headers: () => undefined },
      flushIntervalMs: 60000, flushTimeoutMs: 1000, inflightMax: 5,
    });
    runner.start(false);
    await tick();
    expect(producer.pending).to.have.length(5); // 5 of the first poll's 7
    expect(task.polls).to.equal(1);
    producer.release(3);
    await tick();
    expect(producer.pending).to.have.length(5); // the first poll's last 2, then 3 of the second poll
    expect(task.polls).to.equal(2);
    await runner.flushOffsets();
    expect(written).to.deep.equal([{ partition: { p: 0 }, offset: { i: 2 } }]);
    producer.release(100);
    await tick();
    producer.release(100);
    await runner.stop(1000);
    producer.release(100);
  });

  it('offsets a failed write left behind are written by the next flush', async () => {
    const task = new BurstTask(3);
    const producer = new HeldProducer();
    const written: unknown[] = [];
    let failNext = true;
    const offsets = {
      offset: async () => null,
      write: async (_c: string, e: unknown[]) => {
        if (failNext) {
          failNext = false;
          throw new Error('offsets topic unavailable');
        }
        written.push(...e);
      },
    } as unknown as OffsetStore;
    const runner = new SourceTaskRunner({
      connector: 'c', id: 0, props: {}, timers: systemTimers, logger: silentLogger, onStatus: () => {},
      task, producer: producer as unknown as Producer, offsets, errors: failFast, onTopic: () => {},
      stages: { transform: (r) => r, keyBytes: () => null, valueBytes: (r) => Buffer.from(String(r.value)), headers: () => undefined },
      flushIntervalMs: 60000, flushTimeoutMs: 1000, inflightMax: 3,
    });
    runner.start(false);
    await tick();
    producer.release(3);
    await tick();
    await runner.flushOffsets().then(() => expect.fail('the first write fails'), (err: Error) => expect(err.message).to.equal('offsets topic unavailable'));
    await runner.flushOffsets();
    expect(written).to.deep.equal([{ partition: { p: 0 }, offset: { i: 2 } }]);
    producer.release(100);
    await runner.stop(1000);
    producer.release(100);
  });
});
