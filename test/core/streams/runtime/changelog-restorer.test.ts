import { expect } from 'chai';
import { restoreStores } from '../../../../core/streams/runtime/changelog-restorer.js';
import { decodeCommitMetadata, encodeCommitMetadata, newestCommitMetadata } from '../../../../core/streams/runtime/commit-metadata.js';
import { LevelDbKeyValueStore } from '../../../../core/streams/state/leveldb/leveldb-key-value-store.js';
import { openFjord } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('changelog restore up to the last commit', () => {
  it('applies changelog records below the committed end and ignores those of an unfinished commit', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'app-s-changelog', numPartitions: 1, configs: { 'cleanup.policy': 'compact' } }]);
    const producer = fjord.producer();
    for (let i = 0; i < 25; i++) await producer.send({ topic: 'app-s-changelog', partition: 0, key: `k${i % 5}`, value: `v${i}` });
    await producer.flush();
    const store = await LevelDbKeyValueStore.open({ name: 's', dir: tmpDir() });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    // The last commit ended at offset 20: offsets 20..24 were written by a commit that crashed.
    const applied = await restoreStores([{ store, topic: 'app-s-changelog', partition: 0, end: 20n }], consumer);
    expect(applied).to.equal(20);
    expect((await store.get(Buffer.from('k4')))?.toString()).to.equal('v19');
    expect((await store.get(Buffer.from('k0')))?.toString()).to.equal('v15');
    await store.close();
    await consumer.close();
    await producer.close();
    await fjord.close();
  });

  it('wipes a store whose checkpoint lies past the committed end and replays from the start', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'app-t-changelog', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (let i = 0; i < 4; i++) await producer.send({ topic: 'app-t-changelog', partition: 0, key: `k${i}`, value: 'x' });
    await producer.flush();
    const dir = tmpDir();
    const first = await LevelDbKeyValueStore.open({ name: 't', dir });
    first.put(Buffer.from('stale'), Buffer.from('ahead of the commit'));
    await first.flush([{ topic: 'app-t-changelog', partition: 0, offset: 9n }]);
    await first.close();
    const store = await LevelDbKeyValueStore.open({ name: 't', dir });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    expect(await restoreStores([{ store, topic: 'app-t-changelog', partition: 0, end: 4n }], consumer)).to.equal(4);
    expect(await store.get(Buffer.from('stale'))).to.equal(null);
    expect(await store.approximateNumEntries()).to.equal(4);
    await store.close();
    await consumer.close();
    await producer.close();
    await fjord.close();
  });

  it('encodes commit metadata and picks the newest commit of a task', () => {
    const a = encodeCommitMetadata({ seq: 3, streamTimeMs: 100, changelogEnds: { 'x:0': '7' } });
    const b = encodeCommitMetadata({ seq: 4, streamTimeMs: 150, changelogEnds: { 'x:0': '9' } });
    expect(decodeCommitMetadata(a)).to.deep.equal({ seq: 3, streamTimeMs: 100, changelogEnds: { 'x:0': '7' } });
    expect(newestCommitMetadata([a, null, b, 'not json'])?.seq).to.equal(4);
    expect(decodeCommitMetadata('{"other":"tool"}')).to.equal(null);
    expect(newestCommitMetadata([null, ''])).to.equal(null);
  });
});
