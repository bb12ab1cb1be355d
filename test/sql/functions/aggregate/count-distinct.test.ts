import { expect } from 'chai';
import { aggregateFunctions } from '../../../../sql/functions/aggregate/index.js';
import { cardinality, murmurBytes, murmurLong, offer, SPARSE_ENTRIES_MAX, type Sketch } from '../../../../sql/functions/aggregate/hyperloglog.js';
import { BIGINT, DOUBLE, INTEGER, STRING } from './types.js';
import { col, emitted, resolve } from './helpers.js';

const agg = (name: string, ...args: Parameters<typeof resolve>[2]) => resolve(aggregateFunctions, name, args);

describe('COUNT_DISTINCT', () => {
  it('counts small sets of distinct values exactly and skips NULLs', () => {
    const c = agg('COUNT_DISTINCT', col(STRING));
    expect(emitted(c, [['a'], ['b'], ['a'], [null], ['c']])).to.deep.equal([1n, 2n, 2n, 2n, 3n]);
  });

  it('estimates large sets within 2% and switches to dense registers past the sparse limit', () => {
    const c = agg('COUNT_DISTINCT', col(BIGINT));
    let acc = c.init();
    for (let i = 0n; i < 20000n; i++) acc = c.add(acc, [i]);
    expect(Buffer.isBuffer(acc)).to.equal(true);
    const estimate = Number(c.result(acc) as bigint);
    expect(Math.abs(estimate - 20000) / 20000).to.be.lessThan(0.02);
  });

  it('merges two sketches into their union', () => {
    const c = agg('COUNT_DISTINCT', col(INTEGER));
    const left = [1, 2, 3].reduce((acc, v) => c.add(acc, [v]), c.init());
    const right = [3, 4].reduce((acc, v) => c.add(acc, [v]), c.init());
    expect(c.result(c.merge(left, right))).to.equal(4n);
  });

  it('hashes INTEGER and BIGINT alike (both go through hashLong, as in ksqlDB) and DOUBLE by its bits', () => {
    const ints = agg('COUNT_DISTINCT', col(INTEGER));
    const longs = agg('COUNT_DISTINCT', col(BIGINT));
    expect(ints.add(ints.init(), [42])).to.deep.equal(longs.add(longs.init(), [42n]));
    const doubles = agg('COUNT_DISTINCT', col(DOUBLE));
    expect(doubles.add(doubles.init(), [42])).to.not.deep.equal(longs.add(longs.init(), [42n]));
  });
});

describe('hyperloglog', () => {
  it('MurmurHash 2 matches stream-lib\'s Java results (computed with the JDK)', () => {
    expect(murmurBytes(Buffer.from('hello'))).to.equal(-1816943331);
    expect(murmurBytes(Buffer.from('abc'))).to.equal(-1465591341);
    expect(murmurBytes(Buffer.from('héllo wörld ✓', 'utf8'))).to.equal(1438156953);
    expect(murmurLong(42n)).to.equal(1348420172);
    expect(murmurLong(-1n)).to.equal(-2037786185);
    expect(murmurLong(-(2n ** 63n))).to.equal(630388283);
  });

  it('MurmurHash 2 is deterministic 32-bit and depends on every byte', () => {
    const h = murmurBytes(Buffer.from('hello'));
    expect(h).to.equal(murmurBytes(Buffer.from('hello')));
    expect(h | 0).to.equal(h);
    expect(murmurBytes(Buffer.from('hellp'))).to.not.equal(h);
    expect(murmurLong(1n)).to.not.equal(murmurLong(1n << 32n));
  });

  it('an empty sketch counts 0 and a sparse sketch stays sorted and bounded', () => {
    expect(cardinality([])).to.equal(0);
    let s: Sketch = [];
    for (let i = 0; i < SPARSE_ENTRIES_MAX; i++) s = offer(s, (i * 2654435761) | 0);
    expect(Array.isArray(s)).to.equal(true);
    const indexes = (s as number[]).map((e) => Math.floor(e / 64));
    expect(indexes).to.deep.equal([...indexes].sort((a, b) => a - b));
  });
});
