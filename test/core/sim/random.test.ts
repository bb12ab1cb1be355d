import { expect } from 'chai';
import { SimRandom } from '../../../core/sim/random.js';

describe('SimRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new SimRandom(42);
    const b = new SimRandom(42);
    const c = new SimRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).to.deep.equal(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).to.not.deep.equal(seqA);
  });

  it('produces numbers in range, spread over the whole range', () => {
    const r = new SimRandom(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      expect(x).to.be.at.least(0).and.below(1);
      buckets[Math.floor(x * 10)]++;
    }
    for (const n of buckets) expect(n).to.be.within(850, 1150);
    for (let i = 0; i < 1000; i++) expect(r.between(3, 5)).to.be.within(3, 5);
  });

  it('forks independent, reproducible generators', () => {
    const f1 = new SimRandom(1).fork();
    const f2 = new SimRandom(1).fork();
    expect(f1.nextUint32()).to.equal(f2.nextUint32());
    expect(f1.seed).to.not.equal(1);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => new SimRandom(1.5)).to.throw('SimRandom: seed must be a safe integer, got 1.5');
    expect(() => new SimRandom(1).int(0)).to.throw('SimRandom.int: maxExclusive must be a positive integer, got 0');
    expect(() => new SimRandom(1).pick([])).to.throw('SimRandom.pick: no items to pick from');
  });
});
