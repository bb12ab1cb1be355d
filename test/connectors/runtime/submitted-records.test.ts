import { expect } from 'chai';
import { SubmittedRecords } from '../../../connectors/runtime/submitted-records.js';

describe('connectors/runtime SubmittedRecords', () => {
  it('commits a partition only up to the last record whose predecessors are all acknowledged', () => {
    const s = new SubmittedRecords();
    const a = [0, 1, 2, 3].map((i) => s.submit({ file: 'a' }, { pos: i }));
    expect(s.inflight).to.equal(4);
    s.ack(a[1]);
    s.ack(a[3]);
    expect(s.committable()).to.deep.equal([]); // a[0] is still in flight
    s.ack(a[0]);
    expect(s.committable()).to.deep.equal([{ partition: { file: 'a' }, offset: { pos: 1 } }]);
    s.ack(a[2]);
    expect(s.committable()).to.deep.equal([{ partition: { file: 'a' }, offset: { pos: 3 } }]);
    expect(s.committable()).to.deep.equal([]);
    expect(s.inflight).to.equal(0);
  });

  it('tracks source partitions independently, whatever their key order', () => {
    const s = new SubmittedRecords();
    const x = s.submit({ a: 1, b: 2 }, { o: 1 });
    const y = s.submit({ other: true }, { o: 9 });
    const x2 = s.submit({ b: 2, a: 1 }, { o: 2 });
    s.ack(y);
    s.ack(x2);
    expect(s.committable()).to.deep.equal([{ partition: { other: true }, offset: { o: 9 } }]);
    s.ack(x);
    expect(s.committable()).to.deep.equal([{ partition: { a: 1, b: 2 }, offset: { o: 2 } }]);
  });

  it('stays correct across many records (the consumed front is dropped)', () => {
    const s = new SubmittedRecords();
    const subs = Array.from({ length: 5000 }, (_, i) => s.submit({ p: 0 }, { i }));
    for (let i = 0; i < 4000; i++) s.ack(subs[i]);
    expect(s.committable()).to.deep.equal([{ partition: { p: 0 }, offset: { i: 3999 } }]);
    for (let i = 4000; i < 5000; i++) s.ack(subs[i]);
    expect(s.committable()).to.deep.equal([{ partition: { p: 0 }, offset: { i: 4999 } }]);
  });

  it('acknowledging a record twice is a bug', () => {
    const s = new SubmittedRecords();
    const r = s.submit({}, {});
    s.ack(r);
    expect(() => s.ack(r)).to.throw(/acknowledged twice/);
  });
});
