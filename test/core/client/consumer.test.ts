import { expect } from 'chai';
import { Consumer } from '../../../core/client/consumer.js';
import { EmbeddedTransport } from '../../../core/client/embedded-transport.js';
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
