import { expect } from 'chai';
import { EventQueue } from '../../../core/sim/event-queue.js';
import { SimRandom } from '../../../core/sim/random.js';

describe('EventQueue', () => {
  it('pops by time, and events at the same time in insertion order', () => {
    const q = new EventQueue<string>();
    q.push(5, 'c');
    q.push(1, 'a');
    q.push(5, 'd');
    q.push(3, 'b');
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(`${e.atMs}${e.event}`);
    expect(out).to.deep.equal(['1a', '3b', '5c', '5d']);
  });

  it('keeps heap order over many random pushes and removals', () => {
    const q = new EventQueue<number>();
    const r = new SimRandom(9);
    for (let i = 0; i < 500; i++) q.push(r.int(100), i);
    q.removeWhere((i) => i % 3 === 0);
    let last = -1;
    let count = 0;
    for (let e = q.pop(); e !== undefined; e = q.pop()) {
      expect(e.atMs).to.be.at.least(last);
      expect(e.event % 3).to.not.equal(0);
      last = e.atMs;
      count++;
    }
    expect(count).to.equal(500 - 167);
  });

  it('refuses to grow past its bound', () => {
    const q = new EventQueue<number>(2);
    q.push(1, 1);
    q.push(1, 2);
    expect(() => q.push(1, 3)).to.throw('simulator event queue is full (2 events)');
  });
});
