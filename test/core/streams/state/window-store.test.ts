import { expect } from 'chai';
import { join } from 'node:path';
import { openLevelDbWindowStore } from '../../../../core/streams/state/leveldb/leveldb-window-store.js';
import { createInMemoryWindowStore } from '../../../../core/streams/state/memory/in-memory-window-store.js';
import { windowKey } from '../../../../core/streams/state/key-schema.js';
import type { SegmentedWindowStore } from '../../../../core/streams/state/segmented-window-store.js';
import type { ChangelogSink, WindowedValue } from '../../../../core/streams/state/store.js';
import { RecordingSink, TempDirs, b, collect } from './helpers.js';

const dirs = new TempDirs();
// Retention 100 ms in 50 ms segments: small numbers keep the expected windows readable.
const options = { name: 'win', retentionMs: 100, segmentIntervalMs: 50 };
const implementations: { name: string; open: (changelog?: ChangelogSink) => Promise<SegmentedWindowStore> }[] = [
  { name: 'LevelDB', open: async (changelog) => openLevelDbWindowStore({ ...options, changelog, dir: join(await dirs.make(), 'win') }) },
  { name: 'in-memory', open: (changelog) => createInMemoryWindowStore({ ...options, changelog }) },
];

function render(windows: WindowedValue[]): string[] {
  return windows.map((w) => `${w.key.toString()}@${w.windowStartMs}=${w.value.toString()}`);
}

for (const impl of implementations) {
  describe(`WindowStore contract: ${impl.name}`, () => {
    let store: SegmentedWindowStore;
    beforeEach(async () => {
      store = await impl.open();
    });
    afterEach(async () => {
      await store.close();
      await dirs.cleanup();
    });

    it('fetches the windows of one key whose start lies in [timeFrom, timeTo]', async () => {
      for (const start of [0, 10, 60, 70]) store.put(b('k'), b(`v${start}`), start);
      store.put(b('other'), b('x'), 10);
      expect(render(await collect(store.fetch(b('k'), 10, 60)))).to.deep.equal(['k@10=v10', 'k@60=v60']);
    });

    it('does not mix in a longer key that starts with the fetched key', async () => {
      store.put(b('k'), b('1'), 5);
      store.put(b('kk'), b('2'), 5);
      expect(render(await collect(store.fetch(b('k'), 0, 10)))).to.deep.equal(['k@5=1']);
    });

    it('fetches windows of every key in a time range with fetchAll', async () => {
      store.put(b('a'), b('1'), 10);
      store.put(b('b'), b('2'), 20);
      store.put(b('c'), b('3'), 55);
      expect(render(await collect(store.fetchAll(15, 60)))).to.deep.equal(['b@20=2', 'c@55=3']);
    });

    it('fetches one window exactly, cached and after flush', async () => {
      store.put(b('k'), b('1'), 40);
      expect(store.fetchCached(b('k'), 40)?.toString()).to.equal('1');
      await store.flush();
      expect((await store.fetchWindow(b('k'), 40))?.toString()).to.equal('1');
      expect(await store.fetchWindow(b('k'), 41)).to.equal(null);
    });

    it('deletes a window on a null put', async () => {
      store.put(b('k'), b('1'), 40);
      await store.flush();
      store.put(b('k'), null, 40);
      expect(await collect(store.fetch(b('k'), 0, 100))).to.deep.equal([]);
    });

    it('stops returning windows older than stream time minus retention', async () => {
      store.put(b('k'), b('old'), 0);
      store.put(b('k'), b('mid'), 60);
      store.put(b('k'), b('new'), 150); // oldest live start = 150 - 100 + 1 = 51
      await store.flush();
      expect(render(await collect(store.fetch(b('k'), 0, 200)))).to.deep.equal(['k@60=mid', 'k@150=new']);
      expect(render(await collect(store.fetchAll(0, 200)))).to.deep.equal(['k@60=mid', 'k@150=new']);
    });

    it('drops whole expired segments from storage', async () => {
      store.put(b('k'), b('old'), 0);
      await store.flush();
      store.put(b('k'), b('new'), 250);
      await store.flush();
      // Read below the window layer: segment 0 (windows 0..49) must be gone.
      const inner = (store as unknown as { inner: { all(): AsyncIterable<unknown> } }).inner;
      expect(await collect(inner.all())).to.have.length(1);
    });

    it('ignores a put into an expired window', async () => {
      store.put(b('k'), b('new'), 300);
      store.put(b('k'), b('late'), 100);
      expect(await store.fetchWindow(b('k'), 100)).to.equal(null);
    });

    it('changelogs windows as key | windowStart without the segment', async () => {
      const sink = new RecordingSink();
      const logged = await impl.open(sink);
      logged.put(b('k'), b('1'), 70);
      await logged.flush();
      await logged.close();
      expect(sink.records.map((r) => r.key)).to.deep.equal([windowKey(b('k'), 70)]);
    });

    it('restores windows from changelog records', async () => {
      await store.restore([
        { key: windowKey(b('k'), 10), value: b('1') },
        { key: windowKey(b('k'), 60), value: b('2') },
        { key: windowKey(b('k'), 10), value: null },
      ]);
      expect(render(await collect(store.fetch(b('k'), 0, 100)))).to.deep.equal(['k@60=2']);
    });
  });
}

describe('LevelDB window store reopen', () => {
  afterEach(() => dirs.cleanup());

  it('keeps flushed windows and stream time across close and open', async () => {
    const dir = join(await dirs.make(), 'win');
    const first = await openLevelDbWindowStore({ ...options, dir });
    first.put(b('k'), b('1'), 120);
    await first.flush();
    await first.close();
    const second = await openLevelDbWindowStore({ ...options, dir });
    expect(render(await collect(second.fetch(b('k'), 0, 1000)))).to.deep.equal(['k@120=1']);
    expect(second.observedStreamTimeMs).to.be.at.least(100);
    await second.close();
  });
});

describe('LevelDB window store point reads of windows newer than storage holds', () => {
  afterEach(() => dirs.cleanup());
  // cacheMaxBytes 0: every flush evicts, every put spills, so reads must reach LevelDB when needed.
  const open = async (dir: string) => openLevelDbWindowStore({ ...options, dir, cacheMaxBytes: 0 });
  const readsOf = (store: SegmentedWindowStore) => (store as unknown as { inner: { storageReads: number } }).inner.storageReads;

  it('reads a flushed and evicted window back from LevelDB', async () => {
    const store = await open(join(await dirs.make(), 'win'));
    store.put(b('k'), b('1'), 10);
    await store.flush();
    expect(store.fetchSync(b('k'), 10)?.toString()).to.equal('1');
    expect(readsOf(store)).to.equal(1);
    await store.close();
  });

  it('answers a window newer than anything written to LevelDB without reading it', async () => {
    const store = await open(join(await dirs.make(), 'win'));
    expect(store.fetchSync(b('k'), 10)).to.equal(null);
    store.put(b('k'), b('1'), 10); // spills: window 10 may be in LevelDB from now on
    await store.flush();
    expect(store.fetchSync(b('j'), 20)).to.equal(null);
    expect(store.fetchCached(b('j'), 20)).to.equal(null);
    expect(readsOf(store)).to.equal(0);
    expect(store.fetchSync(b('j'), 10)).to.equal(null);
    expect(readsOf(store)).to.equal(1);
    store.put(b('j'), b('2'), 20);
    await store.flush();
    expect(store.fetchSync(b('j'), 20)?.toString()).to.equal('2');
    expect(store.fetchSync(b('k'), 10)?.toString()).to.equal('1');
    await store.close();
  });

  it('reads every window of the newest stored segment from LevelDB after reopening', async () => {
    const dir = join(await dirs.make(), 'win');
    const first = await open(dir);
    first.put(b('k'), b('1'), 60);
    first.put(b('k'), b('2'), 95); // segment 1 holds windows 50..99
    await first.flush();
    await first.close();
    const second = await open(dir);
    expect(second.fetchSync(b('k'), 95)?.toString()).to.equal('2');
    expect(second.fetchSync(b('k'), 60)?.toString()).to.equal('1');
    expect(readsOf(second)).to.equal(2);
    expect(second.fetchSync(b('k'), 100)).to.equal(null);
    expect(readsOf(second)).to.equal(2);
    await second.close();
  });

  it('reads restored windows from LevelDB, also into an empty (wiped) store', async () => {
    const store = await open(join(await dirs.make(), 'win'));
    store.put(b('k'), b('0'), 10);
    await store.flush();
    await store.wipe();
    expect(store.fetchSync(b('k'), 10)).to.equal(null);
    await store.restore([{ key: windowKey(b('k'), 60), value: b('2') }]);
    expect(store.fetchSync(b('k'), 60)?.toString()).to.equal('2');
    await store.close();
  });
});
