import { expect } from 'chai';
import { javaHashSetOrder, javaStringHash } from '../../../sql/testing/java-hash-order.js';

describe("Java's HashSet iteration order", () => {
  it("computes String.hashCode as Java does, overflow included", () => {
    expect(javaStringHash('')).to.equal(0);
    expect(javaStringHash('a')).to.equal(97);
    expect(javaStringHash('hello')).to.equal(99162322);
    expect(javaStringHash('polygenelubricants')).to.equal(-2147483648);
  });

  it('orders by bucket of the spread hash, then by insertion', () => {
    // 'b' (98) lands in bucket 2, 'a' (97) in bucket 1; 'q' (113) also in bucket 1, after 'a'.
    expect(javaHashSetOrder(['b', 'a'])).to.deep.equal(['a', 'b']);
    expect(javaHashSetOrder(['b', 'a', 'q'])).to.deep.equal(['a', 'q', 'b']);
    expect(javaHashSetOrder(['b', 'q', 'a'])).to.deep.equal(['q', 'a', 'b']);
  });

  it('uses a bigger table past 12 entries', () => {
    // With 13 entries the table has 32 buckets: 'a' (97 & 31 = 1) then 'A' (65 & 31 = 1) in insertion order, 'b' 2, ...
    const items = ['a', 'A', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    const order = javaHashSetOrder(items);
    expect(order.slice(0, 3)).to.deep.equal(['a', 'A', 'b']);
    expect(order).to.have.length(13);
  });
});
