import { expect } from 'chai';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { LevelDbKeyValueStore, type LevelDbStoreOptions } from '../../../../../core/streams/state/leveldb/leveldb-key-value-store.js';
import { RecordingSink, TempDirs, b, collect, text } from '../helpers.js';

const dirs = new TempDirs();

/** Reads what LevelDB itself holds, bypassing the store and its cache. */
async function onDisk(dir: string): Promise<string[]> {
  const db = new ClassicLevel<Buffer, Buffer>(join(dir, 'data'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  const out: string[] = [];
  for await (const [key, value] of db.iterator()) out.push(`${key.toString()}=${value.toString()}`);
  await db.close();
  return out;
}

describe('LevelDbKeyValueStore', () => {
  let dir: string;
  const open = (extra: Partial<LevelDbStoreOptions> = {}) => LevelDbKeyValueStore.open({ name: 'kv', dir, ...extra });
  beforeEach(async () => {
    dir = join(await dirs.make(), 'kv');
  });
  afterEach(() => dirs.cleanup());

  describe('write-back cache', () => {
    it('lets reads see writes that are not flushed', async () => {
      const store = await open();
      store.put(b('a'), b('1'));
      expect((await store.get(b('a')))?.toString()).to.equal('1');
      expect(store.batchesWritten).to.equal(0);
      await store.close();
    });

    it('writes all dirty entries in one LevelDB batch on flush', async () => {
      const store = await open();
      for (let i = 0; i < 100; i++) store.put(b(`k${i}`), b(`v${i}`));
      await store.flush();
      expect(store.batchesWritten).to.equal(1);
      await store.close();
    });

    it('does not write at all when flushing a clean cache', async () => {
      const store = await open();
      await store.flush();
      expect(store.batchesWritten).to.equal(0);
      await store.close();
    });

    it('caches a value read from LevelDB so getCached answers it next time', async () => {
      const first = await open();
      first.put(b('a'), b('1'));
      await first.flush();
      await first.close();
      const store = await open();
      expect(store.getCached(b('a'))).to.equal(undefined);
      await store.get(b('a'));
      expect(store.getCached(b('a'))?.toString()).to.equal('1');
      await store.close();
    });

    it('caches a miss as known-absent (null)', async () => {
      const store = await open();
      await store.get(b('nope'));
      expect(store.getCached(b('nope'))).to.equal(null);
      await store.close();
    });

    it('stays within cacheMaxBytes by spilling dirty entries and evicting', async () => {
      const store = await open({ cacheMaxBytes: 4096 });
      for (let i = 0; i < 1000; i++) store.put(b(`key-${i}`), Buffer.alloc(100, i));
      expect(store.cacheSizeBytes).to.be.at.most(4096);
      await store.flush();
      expect(store.batchesWritten).to.be.greaterThan(1);
      await store.close();
    });

    it('evicts clean entries before spilling dirty ones', async () => {
      const store = await open({ cacheMaxBytes: 4096 });
      for (let i = 0; i < 200; i++) await store.get(b(`read-${i}`)); // fills the cache with clean misses
      store.put(b('a'), b('1'));
      expect(store.batchesWritten).to.equal(0);
      expect(store.getCached(b('a'))?.toString()).to.equal('1');
      await store.close();
    });

    it('writes spilled entries to LevelDB by the next flush', async () => {
      const store = await open({ cacheMaxBytes: 2048 });
      for (let i = 0; i < 100; i++) store.put(b(`key-${String(i).padStart(3, '0')}`), b('v'));
      expect(store.spillBacklogEntries).to.be.greaterThan(0);
      await store.flush();
      expect(store.spillBacklogEntries).to.equal(0);
      await store.close();
      expect(await onDisk(dir)).to.have.length(100);
    });

    it('keeps every spilled value readable', async () => {
      const store = await open({ cacheMaxBytes: 4096 });
      for (let i = 0; i < 1000; i++) store.put(b(`key-${i}`), b(`v${i}`));
      const reads = await Promise.all([0, 499, 999].map((i) => store.get(b(`key-${i}`))));
      expect(reads.map((v) => v?.toString())).to.deep.equal(['v0', 'v499', 'v999']);
      expect(await store.approximateNumEntries()).to.equal(1000);
      await store.close();
    });
  });

  describe('changelog', () => {
    it('receives each changed key once per flush with its final value', async () => {
      const sink = new RecordingSink();
      const store = await open({ changelog: sink });
      store.put(b('a'), b('1'));
      store.put(b('a'), b('2'));
      store.put(b('b'), b('1'));
      store.put(b('a'), b('3'));
      await store.flush();
      expect(sink.rendered().sort()).to.deep.equal(['a=3', 'b=1']);
      await store.close();
    });

    it('receives a tombstone for a deleted key', async () => {
      const sink = new RecordingSink();
      const store = await open({ changelog: sink });
      store.put(b('a'), b('1'));
      await store.flush();
      store.delete(b('a'));
      await store.flush();
      expect(sink.rendered()).to.deep.equal(['a=1', 'a=<tombstone>']);
      await store.close();
    });

    it('receives nothing for reads or an unchanged flush', async () => {
      const sink = new RecordingSink();
      const store = await open({ changelog: sink });
      await store.get(b('a'));
      await store.flush();
      expect(sink.records).to.deep.equal([]);
      await store.close();
    });

    it('receives spilled entries at spill time and not again at the next flush', async () => {
      const sink = new RecordingSink();
      const store = await open({ changelog: sink, cacheMaxBytes: 2048 });
      for (let i = 0; i < 200; i++) store.put(b(`key-${i}`), b(`v${i}`));
      await store.flush();
      const keys = sink.records.map((r) => r.key.toString());
      expect(keys).to.have.length(200);
      expect(new Set(keys).size).to.equal(200);
      await store.close();
    });

    it('is not called by restore', async () => {
      const sink = new RecordingSink();
      const store = await open({ changelog: sink });
      await store.restore([{ key: b('a'), value: b('1') }]);
      await store.flush();
      expect(sink.records).to.deep.equal([]);
      await store.close();
    });
  });

  describe('restore', () => {
    it('fills an empty store so reads match the changelog', async () => {
      const store = await open();
      await store.restore([
        { key: b('a'), value: b('1') },
        { key: b('b'), value: b('2') },
        { key: b('a'), value: b('3') },
        { key: b('b'), value: null },
        { key: b('c'), value: b('4') },
      ]);
      expect(text(await collect(store.all()))).to.deep.equal(['a=3', 'c=4']);
      await store.close();
    });

    it('writes straight to LevelDB without a flush', async () => {
      const store = await open();
      await store.restore([{ key: b('a'), value: b('1') }]);
      await store.close();
      expect(await onDisk(dir)).to.deep.equal(['a=1']);
    });

    it('replaces a cached value of a restored key', async () => {
      const store = await open();
      await store.get(b('a')); // caches "absent"
      await store.restore([{ key: b('a'), value: b('1') }]);
      expect((await store.get(b('a')))?.toString()).to.equal('1');
      await store.close();
    });
  });

  describe('durability', () => {
    it('keeps flushed data across close and reopen', async () => {
      const first = await open();
      first.put(b('a'), b('1'));
      await first.flush();
      await first.close();
      const second = await open();
      expect((await second.get(b('a')))?.toString()).to.equal('1');
      await second.close();
    });

    it('does not put unflushed writes in LevelDB (the changelog is the source of truth)', async () => {
      const store = await open();
      store.put(b('flushed'), b('1'));
      await store.flush();
      store.put(b('unflushed'), b('2'));
      await store.close(); // as a crash would: the cache is lost
      expect(await onDisk(dir)).to.deep.equal(['flushed=1']);
    });

    it('writes the checkpoint given to flush and reads it on open', async () => {
      const first = await open();
      expect(first.checkpointedOffsets).to.deep.equal([]);
      first.put(b('a'), b('1'));
      await first.flush([{ topic: 'app-kv-changelog', partition: 3, offset: 42n }]);
      await first.close();
      const second = await open();
      expect(second.checkpointedOffsets).to.deep.equal([{ topic: 'app-kv-changelog', partition: 3, offset: 42n }]);
      await second.close();
    });

    it('removes the checkpoint before writing changes it does not cover, and keeps it for an unchanged flush', async () => {
      const first = await open();
      first.put(b('a'), b('1'));
      await first.flush([{ topic: 'app-kv-changelog', partition: 0, offset: 1n }]);
      await first.flush(); // nothing changed: the checkpoint still describes LevelDB
      await first.close();
      const second = await open();
      expect(second.checkpointedOffsets).to.deep.equal([{ topic: 'app-kv-changelog', partition: 0, offset: 1n }]);
      second.put(b('b'), b('2'));
      await second.flush(); // LevelDB moves past offset 1 before anyone commits: a crash here must not trust it
      await second.close();
      const third = await open();
      expect(third.checkpointedOffsets).to.deep.equal([]);
      await third.close();
    });
  });
});
