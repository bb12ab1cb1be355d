import { expect } from 'chai';
import { LinkedOrder, type Linked } from '../../../../core/streams/state/linked-order.js';

interface Node extends Linked<Node> { name: string }
const node = (name: string): Node => ({ name, prev: null, next: null });
const names = (o: LinkedOrder<Node>): string[] => {
  const out: string[] = [];
  for (let n = o.head; n !== null; n = n.next) out.push(n.name);
  const back: string[] = [];
  for (let n = o.tail; n !== null; n = n.prev) back.unshift(n.name);
  expect(back, 'the same order walked backwards').to.deep.equal(out);
  return out;
};

describe('LinkedOrder', () => {
  it('appends, moves last and unlinks at the head, the middle and the tail', () => {
    const o = new LinkedOrder<Node>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(node) as [Node, Node, Node, Node];
    for (const n of [a, b, c, d]) o.append(n);
    expect(names(o)).to.deep.equal(['a', 'b', 'c', 'd']);
    o.moveLast(b);
    o.moveLast(b); // already last: nothing changes
    expect(names(o)).to.deep.equal(['a', 'c', 'd', 'b']);
    o.unlink(a);
    o.unlink(d);
    o.unlink(b);
    expect(names(o)).to.deep.equal(['c']);
    expect([a.prev, a.next, b.prev, b.next]).to.deep.equal([null, null, null, null]);
    o.unlink(c);
    expect([o.head, o.tail]).to.deep.equal([null, null]);
    o.append(a);
    o.clear();
    expect(names(o)).to.deep.equal([]);
  });
});
