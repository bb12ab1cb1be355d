import { expect } from 'chai';
import { CACHE_ENTRY_OVERHEAD_BYTES, WriteBackCache, cacheId } from '../../../../core/streams/state/write-back-cache.js';
import { b } from './helpers.js';

describe('WriteBackCache', () => {
  it('counts the bytes of key, value and overhead per entry', () => {
    const cache = new WriteBackCache(1000);
    cache.set(b('ab'), b('xyz'), true);
    expect(cache.sizeBytes).to.equal(2 * 2 + 3 + CACHE_ENTRY_OVERHEAD_BYTES);
  });

  it('replaces an entry without double counting it', () => {
    const cache = new WriteBackCache(1000);
    cache.set(b('a'), b('1'), true);
    cache.set(b('a'), b('2'), true);
    expect(cache.size).to.equal(1);
    expect(cache.takeDirty()).to.have.length(1);
  });

  it('evicts the least recently used clean entries first', () => {
    const entry = 1 * 2 + 1 + CACHE_ENTRY_OVERHEAD_BYTES;
    const cache = new WriteBackCache(2 * entry);
    cache.set(b('a'), b('1'), false);
    cache.set(b('b'), b('2'), false);
    cache.get(cacheId(b('a'))); // a is now the most recently used
    cache.set(b('c'), b('3'), false);
    cache.evictClean();
    expect(cache.get(cacheId(b('b')))).to.equal(undefined);
    expect(cache.get(cacheId(b('a')))?.value?.toString()).to.equal('1');
  });

  it('keeps evicting in LRU order across many evictions, touches and re-inserts', () => {
    const entry = 2 * 2 + 1 + CACHE_ENTRY_OVERHEAD_BYTES; // two-character keys
    const cache = new WriteBackCache(10 * entry);
    const key = (i: number) => b(String(i).padStart(2, '0'));
    // A reference LRU: an array, most recently used last.
    let lru: string[] = [];
    const touch = (id: string) => {
      lru = lru.filter((x) => x !== id);
      lru.push(id);
    };
    for (let round = 0; round < 300; round++) {
      const i = (round * 7) % 37;
      if (round % 3 === 0 && cache.get(cacheId(key(i))) !== undefined) touch(cacheId(key(i)));
      else {
        cache.set(key(i), b('v'), false);
        touch(cacheId(key(i)));
      }
      cache.evictClean();
      while (lru.length > 10) lru.shift();
      expect(cache.size).to.equal(lru.length);
    }
    for (const id of lru) expect(cache.get(id), id).to.not.equal(undefined);
  });

  it('evicts again after every clean entry was evicted once and new ones arrived', () => {
    const entry = 1 * 2 + 1 + CACHE_ENTRY_OVERHEAD_BYTES;
    const cache = new WriteBackCache(entry);
    cache.set(b('a'), b('1'), false);
    cache.set(b('b'), b('2'), false);
    cache.evictClean(); // drops a
    cache.set(b('c'), b('3'), false);
    cache.set(b('d'), b('4'), true);
    cache.evictClean(); // drops b and c; d is dirty
    expect(cache.size).to.equal(1);
    cache.takeDirty();
    cache.set(b('e'), b('5'), false);
    cache.evictClean(); // d, now clean, is the oldest
    expect(cache.get(cacheId(b('d')))).to.equal(undefined);
    expect(cache.get(cacheId(b('e')))?.value?.toString()).to.equal('5');
  });

  it('never evicts dirty entries', () => {
    const cache = new WriteBackCache(0);
    cache.set(b('a'), b('1'), true);
    cache.evictClean();
    expect(cache.size).to.equal(1);
  });

  it('marks entries clean when they are taken for a flush', () => {
    const cache = new WriteBackCache(1000);
    cache.set(b('a'), b('1'), true);
    cache.takeDirty();
    expect(cache.hasDirty).to.equal(false);
    expect(cache.takeDirty()).to.deep.equal([]);
  });

  it('selects dirty entries in key order, before and after its first range scan', () => {
    const cache = new WriteBackCache(1000);
    const keys = (bounds: { gte?: Buffer; lt?: Buffer; lte?: Buffer }) => cache.selectDirty(bounds).map((e) => e.key.toString());
    cache.set(b('c'), b('3'), true);
    cache.set(b('a'), b('1'), true);
    cache.set(b('b'), b('2'), false);
    expect(keys({})).to.deep.equal(['a', 'c']);
    cache.set(b('b'), b('2'), true);
    cache.set(b('d'), b('4'), true);
    cache.remove(cacheId(b('c')));
    expect(keys({ gte: b('b') })).to.deep.equal(['b', 'd']);
    cache.takeDirty();
    cache.set(b('e'), b('5'), true);
    expect(keys({ lte: b('e') })).to.deep.equal(['e']);
  });

  it('remembers the id of the last key buffer it was asked for, and only of that buffer', () => {
    const cache = new WriteBackCache(1000);
    const key = b('k1');
    expect(cache.idOf(key)).to.equal(cacheId(b('k1')));
    expect(cache.idOf(key)).to.equal(cacheId(b('k1')));
    expect(cache.idOf(b('k2'))).to.equal(cacheId(b('k2')));
  });

  it('a set after getByKey of the same key buffer sees what happened in between', () => {
    const entry = 1 * 2 + 1 + CACHE_ENTRY_OVERHEAD_BYTES;
    const cache = new WriteBackCache(1000);
    const k = b('k');
    expect(cache.getByKey(k)).to.equal(undefined);
    cache.set(k, b('1'), true);
    expect(cache.getByKey(k)?.value?.toString()).to.equal('1');
    cache.remove(cacheId(k));
    cache.set(k, b('2'), true); // must not update the removed entry
    expect(cache.size).to.equal(1);
    expect(cache.sizeBytes).to.equal(entry);
    expect(cache.getByKey(b('k'))?.value?.toString()).to.equal('2');
    cache.getByKey(k);
    cache.clear();
    cache.set(k, b('3'), false);
    expect(cache.size).to.equal(1);
    expect(cache.get(cacheId(k))?.value?.toString()).to.equal('3');
  });
});
