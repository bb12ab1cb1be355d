/** ForwardCache: Kafka's record caching of aggregation results, as a pure structure. */
import { expect } from 'chai';
import { FORWARD_CACHE_ENTRY_OVERHEAD_BYTES, ForwardCache } from '../../../../core/streams/dsl/processors/forward-cache.js';

type Emitted = [string, number, number | null, number | null, number];

function cache(maxBytes: number): { c: ForwardCache<string, number>; out: Emitted[] } {
  const out: Emitted[] = [];
  const c = new ForwardCache<string, number>(maxBytes, (key, start, change, timestamp) => out.push([key, start, change.newValue, change.oldValue, timestamp]));
  return { c, out };
}

/** A key's cache id: its UTF-8 bytes as a latin1 string. */
const k = (s: string) => Buffer.from(s).toString('latin1');

describe('ForwardCache', () => {
  it('forwards one result per key at flush: the newest value, the one before the first update as old, the newest timestamp', () => {
    const { c, out } = cache(1 << 20);
    c.update(k('a'), -1, 'a', 1, null, 10, [], 4);
    c.update(k('b'), -1, 'b', 1, null, 11, [], 4);
    c.update(k('a'), -1, 'a', 2, 1, 12, [], 4);
    c.update(k('a'), -1, 'a', 3, 2, 13, [], 4);
    expect(out).to.deep.equal([]);
    expect(c.size).to.equal(2);
    c.flush();
    expect(out).to.deep.equal([['b', -1, 1, null, 11], ['a', -1, 3, null, 13]]);
    expect(c.size).to.equal(0);
    expect(c.sizeBytes).to.equal(0);
    // The next interval's old value is what was forwarded last.
    c.update(k('a'), -1, 'a', 4, 3, 14, [], 4);
    c.flush();
    expect(out.at(-1)).to.deep.equal(['a', -1, 4, 3, 14]);
  });

  it('keeps windows of the same key apart and forwards least recently updated first, as Kafka', () => {
    const { c, out } = cache(1 << 20);
    c.update(k('a'), 0, 'a', 1, null, 1, [], 4);
    c.update(k('a'), 10, 'a', 1, null, 11, [], 4);
    c.update(k('b'), 0, 'b', 1, null, 2, [], 4);
    c.update(k('a'), 0, 'a', 2, 1, 3, [], 4);
    c.flush();
    expect(out).to.deep.equal([['a', 10, 1, null, 11], ['b', 0, 1, null, 2], ['a', 0, 2, null, 3]]);
  });

  it('forwards nothing for a key created and deleted between two flushes, but a delete of a forwarded value', () => {
    const { c, out } = cache(1 << 20);
    c.update(k('a'), -1, 'a', 1, null, 1, [], 4);
    c.update(k('a'), -1, 'a', null, 1, 2, [], 0);
    c.update(k('b'), -1, 'b', 5, 4, 3, [], 4);
    c.update(k('b'), -1, 'b', null, 5, 4, [], 0);
    c.flush();
    expect(out).to.deep.equal([['b', -1, null, 4, 4]]);
  });

  it('flushes everything it holds when the held bytes pass the bound (as Kafka evicting a dirty entry)', () => {
    const perEntry = 1 + 8 + FORWARD_CACHE_ENTRY_OVERHEAD_BYTES;
    const { c, out } = cache(perEntry * 2);
    c.update(k('a'), -1, 'a', 1, null, 1, [], 8);
    c.update(k('b'), -1, 'b', 1, null, 2, [], 8);
    c.update(k('a'), -1, 'a', 2, 1, 3, [], 8); // same key: no growth, nothing forwarded
    expect(out).to.deep.equal([]);
    expect(c.sizeBytes).to.equal(perEntry * 2);
    c.update(k('c'), -1, 'c', 1, null, 4, [], 8);
    expect(out).to.deep.equal([['b', -1, 1, null, 2], ['a', -1, 2, null, 3], ['c', -1, 1, null, 4]]);
    expect(c.size).to.equal(0);
  });

  it('puts the last update last: a window closed by a later record is never forwarded after it', () => {
    const { c, out } = cache(1 << 20);
    // Hopping windows: w90 opens at 125 s, w60 takes a late record at 85 s, then a record at 130 s
    // (which closes w60 for any reader of timestamps) updates w90 again.
    c.update(k('s'), 60, 's', 2, null, 100, [], 4);
    c.update(k('s'), 90, 's', 1, null, 125, [], 4);
    c.update(k('s'), 60, 's', 3, 2, 100, [], 4);
    c.update(k('s'), 90, 's', 2, 1, 130, [], 4);
    c.update(k('s'), 120, 's', 1, null, 130, [], 4);
    c.flush();
    expect(out).to.deep.equal([['s', 60, 3, null, 100], ['s', 90, 2, null, 130], ['s', 120, 1, null, 130]]);
    // Nothing stays linked: the next interval starts empty and in order.
    c.update(k('s'), 120, 's', 2, 1, 131, [], 4);
    c.flush();
    expect(out.at(-1)).to.deep.equal(['s', 120, 2, 1, 131]);
    expect(c.size).to.equal(0);
  });

  it('charges the newest value size of an updated key', () => {
    const { c } = cache(1 << 20);
    c.update(k('a'), -1, 'a', 1, null, 1, [], 8);
    c.update(k('a'), -1, 'a', 2, 1, 2, [], 100);
    expect(c.sizeBytes).to.equal(1 + 100 + FORWARD_CACHE_ENTRY_OVERHEAD_BYTES);
  });

  it('with a bound of 0 forwards every update at once, skipping only a change that is null on both sides', () => {
    const { c, out } = cache(0);
    c.update(k('a'), -1, 'a', 1, null, 1, [], 4);
    c.update(k('a'), -1, 'a', 2, 1, 2, [], 4);
    c.update(k('b'), -1, 'b', null, null, 3, [], 0);
    expect(out).to.deep.equal([['a', -1, 1, null, 1], ['a', -1, 2, 1, 2]]);
    expect(c.size).to.equal(0);
  });

  it('compares keys by their serialized bytes (their cache ids)', () => {
    const { c, out } = cache(1 << 20);
    const id = (bytes: number[]) => Buffer.from(bytes).toString('latin1');
    c.update(id([0xc3, 0xa9]), -1, 'é', 1, null, 1, [], 4);
    c.update(id([0xc3, 0xa9]), -1, 'é', 2, 1, 2, [], 4);
    c.update(id([0xe9]), -1, 'latin1 é', 1, null, 3, [], 4);
    c.flush();
    expect(out.map((e) => e[0])).to.deep.equal(['é', 'latin1 é']);
  });

  it('rejects a bound that is not a non-negative integer, naming the setting', () => {
    expect(() => new ForwardCache(-1, () => {})).to.throw(RangeError, 'statestore.cache.max.bytes must be a non-negative integer, got -1');
    expect(() => new ForwardCache(1.5, () => {})).to.throw(RangeError, 'got 1.5');
  });
});
