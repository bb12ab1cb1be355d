import { expect } from 'chai';
import { Consumer } from '../../../core/client/consumer.js';
import { EmbeddedTransport } from '../../../core/client/embedded-transport.js';
import { FetchedRecordView } from '../../../core/client/fetcher.js';
import * as fjordApi from '../../../core/index.js';
import type { Transport } from '../../../core/client/transport.js';
import { openFjord, pollUntil } from '../../helpers/embedded.js';

describe('consumer', () => {
  it('treats a retriable Fetch error as no data this round instead of failing the poll', async () => {
    const { fjord, dataDir } = await openFjord();
    try {
      await Promise.all(['a', 'b', 'c'].map((value) => fjord.producer().send({ topic: 'moving', value })));
      const inner = new EmbeddedTransport(fjord.broker!, 'c', dataDir);
      let failures = 0;
      const flaky = {
        description: inner.description,
        close: () => inner.close(),
        async request(api: string, req: unknown) {
          const res = await inner.request(api as 'Fetch', req as never);
          if (api === 'Fetch' && failures === 0 && res) {
            failures++;
            for (const t of res.responses) for (const p of t.partitions) Object.assign(p, { errorCode: 6, records: Buffer.alloc(0) });
          }
          return res;
        },
      } as unknown as Transport;
      const consumer = new Consumer(flaky, { autoOffsetReset: 'earliest' });
      consumer.assign([{ topic: 'moving', partition: 0 }]);
      // The first Fetch answers NOT_LEADER_OR_FOLLOWER: no exception, the poll simply fetches again.
      const records = await pollUntil(() => consumer.poll(200), 3);
      expect(failures).to.equal(1);
      expect(records.map((r) => r.value?.toString())).to.deep.equal(['a', 'b', 'c']);
    } finally {
      await fjord.close();
    }
  });
});

describe('consumer with fetchedRecordViews (what Fjord Streams polls)', () => {
  it('reads back what a plain consumer reads: offsets, timestamps, keys, values, nulls, headers, compressed batches, a seek into a batch', async () => {
    const { fjord } = await openFjord();
    try {
      await fjord.admin().createTopics([{ topic: 'v', numPartitions: 2 }]);
      for (const compressionType of ['none', 'gzip'] as const) {
        const producer = fjord.producer({ lingerMs: 5, compressionType });
        for (let i = 0; i < 40; i++) {
          producer.sendReportingFailure({
            topic: 'v', partition: i % 2,
            key: i % 7 === 0 ? null : `k${i} ü`,
            value: i % 5 === 0 ? null : Buffer.from(`{"i":${i},"s":"é"}`),
            timestamp: 1_700_000_000_000 + i,
            headers: i % 3 === 0 ? [{ key: 'h', value: `${i}` }, { key: 'n', value: null }] : [],
          }, (e) => expect.fail(e.message));
        }
        await producer.close();
      }
      const read = async (fetchedRecordViews: boolean, from: bigint) => {
        const consumer = fjord.consumer({ autoOffsetReset: 'earliest', fetchedRecordViews });
        consumer.assign([{ topic: 'v', partition: 0 }, { topic: 'v', partition: 1 }]);
        consumer.seek({ topic: 'v', partition: 1 }, from);
        const records = await pollUntil(() => consumer.poll(100), 80 - Number(from));
        await consumer.close();
        return records;
      };
      for (const from of [0n, 13n]) {
        const plain = await read(false, from);
        const views = await read(true, from);
        const fields = (r: (typeof plain)[number]) => ({ topic: r.topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType, key: r.key, value: r.value, headers: r.headers });
        expect(views.map(fields)).to.deep.equal(plain.map(fields));
        expect(views.filter((r) => r.partition === 1)[0]!.offset).to.equal(from);
        for (const r of views) {
          const view = r as FetchedRecordView;
          expect(view).to.be.instanceOf(fjordApi.FetchedRecordView); // what `import { FetchedRecordView } from 'fjord'` gives
          expect([view.keyText(), view.valueText()]).to.deep.equal([r.key?.toString('utf8') ?? null, r.value?.toString('utf8') ?? null]);
        }
      }
    } finally {
      await fjord.close();
    }
  });
});
