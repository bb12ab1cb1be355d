import { expect } from 'chai';
import { join } from 'node:path';
import type { BytesStore } from '../../../../core/streams/state/bytes-store.js';
import { LevelDbKeyValueStore } from '../../../../core/streams/state/leveldb/leveldb-key-value-store.js';
import { InMemoryKeyValueStore } from '../../../../core/streams/state/memory/in-memory-key-value-store.js';
import { TempDirs, b, collect, text } from './helpers.js';

const dirs = new TempDirs();
const implementations: { name: string; open: () => Promise<BytesStore> }[] = [
  { name: 'LevelDbKeyValueStore', open: async () => LevelDbKeyValueStore.open({ name: 'kv', dir: join(await dirs.make(), 'kv') }) },
  { name: 'InMemoryKeyValueStore', open: async () => new InMemoryKeyValueStore({ name: 'kv' }) },
];

for (const impl of implementations) {
  describe(`KeyValueStore contract: ${impl.name}`, () => {
    let store: BytesStore;
    beforeEach(async () => {
      store = await impl.open();
    });
    afterEach(async () => {
      await store.close();
      await dirs.cleanup();
    });

    it('returns null for a key never written', async () => {
      expect(await store.get(b('missing'))).to.equal(null);
    });

    it('returns the last value put for a key', async () => {
      store.put(b('a'), b('1'));
      store.put(b('a'), b('2'));
      expect((await store.get(b('a')))?.toString()).to.equal('2');
    });

    it('returns the value after a flush too', async () => {
      store.put(b('a'), b('1'));
      await store.flush();
      expect((await store.get(b('a')))?.toString()).to.equal('1');
    });

    it('forgets a deleted key, before and after flush', async () => {
      store.put(b('a'), b('1'));
      await store.flush();
      store.delete(b('a'));
      expect(await store.get(b('a'))).to.equal(null);
      await store.flush();
      expect(await store.get(b('a'))).to.equal(null);
    });

    it('treats a null put as a delete', async () => {
      store.put(b('a'), b('1'));
      store.put(b('a'), null);
      expect(await store.get(b('a'))).to.equal(null);
    });

    it('puts every entry of putAll', async () => {
      store.putAll([{ key: b('a'), value: b('1') }, { key: b('b'), value: b('2') }]);
      expect(text(await collect(store.all()))).to.deep.equal(['a=1', 'b=2']);
    });

    it('ranges inclusively in byte order over flushed and unflushed entries', async () => {
      store.put(b('d'), b('4'));
      store.put(b('b'), b('2'));
      await store.flush();
      store.put(b('c'), b('3'));
      store.put(b('a'), b('1'));
      store.put(b('e'), b('5'));
      expect(text(await collect(store.range(b('b'), b('d'))))).to.deep.equal(['b=2', 'c=3', 'd=4']);
    });

    it('hides flushed entries deleted since the flush from range and all', async () => {
      store.put(b('a'), b('1'));
      store.put(b('b'), b('2'));
      await store.flush();
      store.delete(b('a'));
      expect(text(await collect(store.all()))).to.deep.equal(['b=2']);
    });

    it('shows an unflushed overwrite of a flushed key in all', async () => {
      store.put(b('a'), b('1'));
      await store.flush();
      store.put(b('a'), b('9'));
      expect(text(await collect(store.all()))).to.deep.equal(['a=9']);
    });

    it('orders keys by unsigned bytes', async () => {
      store.put(Buffer.from([0xff]), b('hi'));
      store.put(Buffer.from([0x01]), b('lo'));
      const keys = (await collect(store.all())).map((e) => e.key[0]);
      expect(keys).to.deep.equal([0x01, 0xff]);
    });

    it('counts entries', async () => {
      store.put(b('a'), b('1'));
      store.put(b('b'), b('2'));
      await store.flush();
      store.put(b('c'), b('3'));
      store.delete(b('a'));
      expect(await store.approximateNumEntries()).to.equal(2);
    });

    it('answers getCached synchronously for a key just put', () => {
      store.put(b('a'), b('1'));
      expect(store.getCached(b('a'))?.toString()).to.equal('1');
    });

    it('rejects use after close', async () => {
      await store.close();
      expect(() => store.put(b('a'), b('1'))).to.throw(/closed/);
    });
  });
}
