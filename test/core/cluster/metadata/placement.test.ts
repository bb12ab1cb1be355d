import { expect } from 'chai';
import { placeReplicas, rackAlternated } from '../../../../core/cluster/metadata/placement.js';

const brokers = (spec: Array<[number, string | null]>) => spec.map(([id, rack]) => ({ id, rack }));

describe('replica placement', () => {
  it('round-robins leaders over the brokers and never repeats a broker in one partition', () => {
    const out = placeReplicas(brokers([[1, null], [2, null], [3, null], [4, null]]), 8, 3, 0);
    expect(out.map((r) => r[0])).to.deep.equal([1, 2, 3, 4, 1, 2, 3, 4]);
    for (const r of out) expect(new Set(r).size).to.equal(3);
  });

  it('interleaves racks so a partition spans as many racks as it can', () => {
    const list = brokers([[1, 'a'], [2, 'a'], [3, 'b'], [4, 'b'], [5, 'c'], [6, 'c']]);
    expect(rackAlternated(list)).to.deep.equal([1, 3, 5, 2, 4, 6]);
    const rackOf = new Map(list.map((b) => [b.id, b.rack]));
    for (const start of [0, 1, 2, 5]) {
      for (const replicas of placeReplicas(list, 12, 3, start)) {
        expect(new Set(replicas.map((id) => rackOf.get(id))).size, `start ${start}: ${replicas}`).to.equal(3);
      }
    }
  });

  it('with unbalanced racks, still uses every rack before repeating one', () => {
    const list = brokers([[1, 'a'], [2, 'a'], [3, 'a'], [4, 'b']]);
    const rackOf = new Map(list.map((b) => [b.id, b.rack]));
    for (const replicas of placeReplicas(list, 8, 2, 0)) expect(new Set(replicas.map((id) => rackOf.get(id))).size).to.equal(2);
  });

  it('rejects impossible requests with Kafka error codes', () => {
    const list = brokers([[1, null], [2, null]]);
    expect(() => placeReplicas(list, 1, 3, 0)).to.throw('replication factor 3 is larger than the 2 available broker(s)');
    expect(() => placeReplicas(list, 0, 1, 0)).to.throw('number of partitions must be at least 1, got 0');
    expect(() => placeReplicas(list, 1, 0, 0)).to.throw('replication factor must be at least 1, got 0');
  });
});
