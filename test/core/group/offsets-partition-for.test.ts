import { expect } from 'chai';
import { offsetsPartitionFor } from '../../../core/group/group-coordinator.js';

/** Java's String.hashCode, computed independently with BigInt: h = 31*h + c mod 2^32, signed. */
function javaHashCode(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = (31n * h + BigInt(s.charCodeAt(i))) % 2n ** 32n;
  return Number(h >= 2n ** 31n ? h - 2n ** 32n : h);
}

/** Kafka's Utils.abs(hash) % n, with Utils.abs(Integer.MIN_VALUE) = 0. */
function expected(groupId: string, n: number): number {
  const h = javaHashCode(groupId);
  return (h === -(2 ** 31) ? 0 : Math.abs(h)) % n;
}

describe('offsetsPartitionFor', () => {
  it('agrees with known Java hash codes', () => {
    expect(javaHashCode('hello')).to.equal(99162322);
    expect(javaHashCode('polygenelubricants')).to.equal(-(2 ** 31));
  });

  it('matches Utils.abs(groupId.hashCode()) % numPartitions for a range of group ids', () => {
    const ids = ['', 'g', 'my-group', 'console-consumer-12345', 'kafkajs-test-group', 'Größe', 'emoji-😀-group', 'x'.repeat(300)];
    for (const id of ids) for (const n of [1, 3, 50]) expect(offsetsPartitionFor(id, n), `${id} % ${n}`).to.equal(expected(id, n));
  });

  it('maps a group whose hash code is Integer.MIN_VALUE to partition 0', () => {
    expect(offsetsPartitionFor('polygenelubricants', 50)).to.equal(0);
  });

  it('rejects a partition count below 1', () => {
    expect(() => offsetsPartitionFor('g', 0)).to.throw(RangeError);
  });
});
