import { expect } from 'chai';
import { restoreStores, type RestoreProgress } from '../../../../core/streams/runtime/changelog-restorer.js';
import { LevelDbKeyValueStore } from '../../../../core/streams/state/leveldb/leveldb-key-value-store.js';
import { openFjord } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('changelog restore progress', () => {
  it('reports after each applied batch and once when the store is done, by offset and records', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'app-p-changelog', numPartitions: 1 }]);
    const producer = fjord.producer({ lingerMs: 5 });
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 12_000; i++) sends.push(producer.send({ topic: 'app-p-changelog', partition: 0, key: `k${i}`, value: 'v' }));
    await Promise.all(sends);
    const store = await LevelDbKeyValueStore.open({ name: 'p', dir: tmpDir() });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    const events: RestoreProgress[] = [];
    const applied = await restoreStores([{ store, topic: 'app-p-changelog', partition: 0, end: 11_500n }], consumer, (_s, _n, p) => events.push(p));
    expect(applied).to.equal(11_500);
    // One batch of 10,000 records, then the end.
    expect(events.map((e) => [e.restoredRecords, e.done])).to.deep.equal([[10_000, false], [11_500, true]]);
    expect(events[1]).to.deep.include({ store: 'p', topic: 'app-p-changelog', partition: 0, startOffset: 0n, position: 11_500n, endOffset: 11_500n });
    expect(events[0].position > 9_999n && events[0].position <= 11_500n).to.equal(true);
    await store.close();
    await consumer.close();
    await producer.close();
    await fjord.close();
  });
});
