import { expect } from 'chai';
import { OuterIndex } from '../../../../../core/streams/dsl/processors/join-outer-index.js';

/** Ids as the join makes them: 8-byte big-endian timestamp, side byte, key. */
const id = (ts: number, left: boolean, key: string) => {
  const head = Buffer.alloc(9);
  head.writeBigUInt64BE(BigInt(ts));
  head[8] = left ? 1 : 0;
  return Buffer.concat([head, Buffer.from(key)]).toString('latin1');
};

function indexOf(entries: [number, boolean, string][]) {
  const index = new OuterIndex<string>();
  for (const [ts, left, key] of entries) index.add(id(ts, left, key), ts, `${ts}${left ? 'L' : 'R'}${key}`);
  return index;
}

describe('stream-stream join outer index', () => {
  it('returns closed keys in store order (timestamp, right before left, key) whatever the insertion order', () => {
    const index = indexOf([[300, true, 'b'], [100, true, 'a'], [100, false, 'z'], [256, true, 'a'], [100, true, 'A']]);
    expect(index.takeClosed(1000, () => true)).to.deep.equal(['100Rz', '100LA', '100La', '256La', '300Lb']);
    expect(index.size).to.equal(0);
    expect(index.oldestMs()).to.equal(Number.POSITIVE_INFINITY);
  });

  it('stops at the first timestamp at or after the stop time and keeps entries still open', () => {
    const index = indexOf([[100, true, 'a'], [100, false, 'b'], [150, true, 'c'], [200, true, 'd']]);
    expect(index.takeClosed(200, (_ts, key) => key !== '100Rb')).to.deep.equal(['100La', '150Lc']);
    expect(index.oldestMs()).to.equal(100);
    expect(index.takeClosed(1000, () => true)).to.deep.equal(['100Rb', '200Ld']);
  });

  it('removes one key without disturbing the others and ignores duplicates and unknown ids', () => {
    const index = indexOf([[100, true, 'a'], [100, true, 'b'], [120, true, 'c']]);
    index.add(id(100, true, 'a'), 100, 'again');
    expect(index.remove(id(100, true, 'b'))).to.equal(true);
    expect(index.remove(id(100, true, 'b'))).to.equal(false);
    expect(index.has(id(100, true, 'a'))).to.equal(true);
    expect(index.takeClosed(1000, () => true)).to.deep.equal(['100La', '120Lc']);
  });
});
