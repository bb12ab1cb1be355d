import { expect } from 'chai';
import { join } from 'node:path';
import type { KeyValueSessionStore } from '../../../../core/streams/state/key-value-session-store.js';
import { openLevelDbSessionStore } from '../../../../core/streams/state/leveldb/leveldb-session-store.js';
import { createInMemorySessionStore } from '../../../../core/streams/state/memory/in-memory-session-store.js';
import type { SessionValue } from '../../../../core/streams/state/store.js';
import { RecordingSink, TempDirs, b, collect } from './helpers.js';
import { parseSessionKey } from '../../../../core/streams/state/key-schema.js';

const dirs = new TempDirs();
const implementations: { name: string; open: () => Promise<KeyValueSessionStore> }[] = [
  { name: 'LevelDB', open: async () => openLevelDbSessionStore({ name: 'sess', dir: join(await dirs.make(), 'sess') }) },
  { name: 'in-memory', open: async () => createInMemorySessionStore({ name: 'sess' }) },
];

function render(sessions: SessionValue[]): string[] {
  return sessions.map((s) => `${s.session.key.toString()}[${s.session.startMs},${s.session.endMs}]=${s.value.toString()}`);
}

for (const impl of implementations) {
  describe(`SessionStore contract: ${impl.name}`, () => {
    let store: KeyValueSessionStore;
    beforeEach(async () => {
      store = await impl.open();
      // Sessions of k: [0,10] [20,30] [40,50]; of kk (a longer key with the same prefix): [20,30].
      store.put({ key: b('k'), startMs: 0, endMs: 10 }, b('a'));
      store.put({ key: b('k'), startMs: 20, endMs: 30 }, b('b'));
      store.put({ key: b('k'), startMs: 40, endMs: 50 }, b('c'));
      store.put({ key: b('kk'), startMs: 20, endMs: 30 }, b('x'));
    });
    afterEach(async () => {
      await store.close();
      await dirs.cleanup();
    });

    it('finds the sessions overlapping [earliestEnd, latestStart]', async () => {
      expect(render(await collect(store.findSessions(b('k'), 10, 25)))).to.deep.equal(['k[0,10]=a', 'k[20,30]=b']);
    });

    it('finds a session that contains the whole interval', async () => {
      expect(render(await collect(store.findSessions(b('k'), 22, 28)))).to.deep.equal(['k[20,30]=b']);
    });

    it('finds nothing in a gap between sessions', async () => {
      expect(await collect(store.findSessions(b('k'), 31, 39))).to.deep.equal([]);
    });

    it('finds the same after a flush', async () => {
      await store.flush();
      expect(render(await collect(store.findSessions(b('k'), 10, 25)))).to.deep.equal(['k[0,10]=a', 'k[20,30]=b']);
    });

    it('fetches every session of a key in end order', async () => {
      expect(render(await collect(store.fetch(b('k'))))).to.deep.equal(['k[0,10]=a', 'k[20,30]=b', 'k[40,50]=c']);
    });

    it('removes a session', async () => {
      await store.flush();
      store.remove({ key: b('k'), startMs: 20, endMs: 30 });
      expect(render(await collect(store.fetch(b('k'))))).to.deep.equal(['k[0,10]=a', 'k[40,50]=c']);
      expect(await store.fetchSession({ key: b('k'), startMs: 20, endMs: 30 })).to.equal(null);
    });

    it('fetches one session exactly', async () => {
      expect((await store.fetchSession({ key: b('k'), startMs: 40, endMs: 50 }))?.toString()).to.equal('c');
    });
  });
}

describe('SessionStore retention', () => {
  const stores: { name: string; open: (retentionMs: number, changelog: RecordingSink) => Promise<KeyValueSessionStore> }[] = [
    { name: 'LevelDB', open: async (retentionMs, changelog) => openLevelDbSessionStore({ name: 'sess', dir: join(await dirs.make(), 'sess'), retentionMs, changelog }) },
    { name: 'in-memory', open: async (retentionMs, changelog) => createInMemorySessionStore({ name: 'sess', retentionMs, changelog }) },
  ];
  afterEach(() => dirs.cleanup());

  for (const impl of stores) {
    it(`${impl.name}: never returns, and on flush removes (with changelog tombstones), sessions ending before latest end - retention`, async () => {
      const sink = new RecordingSink();
      const store = await impl.open(100, sink);
      store.put({ key: b('k'), startMs: 0, endMs: 10 }, b('old'));
      store.put({ key: b('j'), startMs: 50, endMs: 60 }, b('mid'));
      await store.flush();
      store.put({ key: b('k'), startMs: 150, endMs: 160 }, b('new')); // live sessions now end at >= 61
      expect(render(await collect(store.fetch(b('k'))))).to.deep.equal(['k[150,160]=new']);
      expect(render(await collect(store.fetch(b('j'))))).to.deep.equal([]);
      sink.records.length = 0;
      await store.flush();
      const sessionOf = (key: Buffer) => { const s = parseSessionKey(key); return `${s.key.toString()}[${s.startMs},${s.endMs}]`; };
      expect(sink.rendered(sessionOf).sort()).to.deep.equal(['j[50,60]=<tombstone>', 'k[0,10]=<tombstone>', 'k[150,160]=new']);
      expect(await (store as unknown as { inner: { approximateNumEntries(): Promise<number> } }).inner.approximateNumEntries()).to.equal(1);
      await store.close();
    });
  }
});
