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
});
