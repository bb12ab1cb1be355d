import { expect } from 'chai';
import { SortedIdIndex } from '../../../../core/streams/state/sorted-id-index.js';

describe('SortedIdIndex', () => {
  it('returns ids in order within [gte, lt) and [gte, lte], skipping deleted ones', () => {
    const index = new SortedIdIndex();
    for (const id of ['d', 'a', 'c', 'b', 'e']) index.add(id);
    index.delete('c');
    expect([...index.range('b', 'e', undefined)]).to.deep.equal(['b', 'd']);
    expect([...index.range('b', undefined, 'e')]).to.deep.equal(['b', 'd', 'e']);
    expect([...index.range(undefined, undefined, undefined)]).to.deep.equal(['a', 'b', 'd', 'e']);
  });

  it('keeps order as ids are added between reads, in small and large groups, and re-added after deletion', () => {
    const index = new SortedIdIndex();
    const model = new Set<string>();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 50; round++) {
      const adds = round % 5 === 0 ? 40 : 3;
      for (let i = 0; i < adds; i++) {
        const id = String.fromCharCode(97 + (next() % 26), 97 + (next() % 26));
        index.add(id);
        model.add(id);
      }
      for (let i = 0; i < 2; i++) {
        const id = String.fromCharCode(97 + (next() % 26), 97 + (next() % 26));
        index.delete(id);
        model.delete(id);
      }
      expect([...index.range(undefined, undefined, undefined)]).to.deep.equal([...model].sort());
      expect([...index.range('f', 'q', undefined)]).to.deep.equal([...model].sort().filter((id) => id >= 'f' && id < 'q'));
    }
    expect(index.size).to.equal(model.size);
  });

  it('treats latin1 ids of key bytes in unsigned byte order', () => {
    const index = new SortedIdIndex();
    const ids = [Buffer.from([0xff]), Buffer.from([0x00, 0x01]), Buffer.from([0x7f]), Buffer.from([0x80, 0x00])].map((b) => b.toString('latin1'));
    for (const id of ids) index.add(id);
    expect([...index.range(undefined, undefined, undefined)].map((id) => [...Buffer.from(id, 'latin1')])).to.deep.equal([[0x00, 0x01], [0x7f], [0x80, 0x00], [0xff]]);
  });
});
