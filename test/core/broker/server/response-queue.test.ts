import { expect } from 'chai';
import { ResponseQueue } from '../../../../core/broker/server/response-queue.js';

describe('ResponseQueue', () => {
  it('releases responses in request order even when later ones complete first', () => {
    const q = new ResponseQueue();
    const a = q.add(1, 10);
    const b = q.add(2, 10);
    q.complete(b, [Buffer.alloc(3)]);
    expect(q.takeReady()).to.equal(undefined);
    q.complete(a, [Buffer.alloc(5)]);
    expect(q.takeReady()?.correlationId).to.equal(1);
    expect(q.takeReady()?.correlationId).to.equal(2);
    expect(q.takeReady()).to.equal(undefined);
  });

  it('passes over a request answered with nothing (acks=0) without holding back the next one', () => {
    const q = new ResponseQueue();
    const silent = q.add(1, 10);
    const next = q.add(2, 10);
    q.complete(next, [Buffer.alloc(4)]);
    q.complete(silent, null);
    expect(q.takeReady()?.state).to.equal('none');
    expect(q.takeReady()?.correlationId).to.equal(2);
  });

  it('counts request bytes until the response leaves and response bytes while they wait', () => {
    const q = new ResponseQueue();
    const a = q.add(1, 100);
    q.add(2, 50);
    expect(q.bytes).to.equal(150);
    q.complete(a, [Buffer.alloc(30), Buffer.alloc(20)]);
    expect(q.bytes).to.equal(200);
    q.takeReady();
    expect(q.bytes).to.equal(50);
    expect(q.length).to.equal(1);
    q.clear();
    expect([q.bytes, q.length]).to.deep.equal([0, 0]);
  });

  it('stays correct over many more requests than it holds at once', () => {
    const q = new ResponseQueue();
    let next = 0;
    for (let i = 0; i < 5000; i++) {
      q.complete(q.add(i, 1), [Buffer.alloc(1)]);
      if (i % 3 !== 0) expect(q.takeReady()?.correlationId).to.equal(next++);
    }
    for (let e = q.takeReady(); e; e = q.takeReady()) expect(e.correlationId).to.equal(next++);
    expect(next).to.equal(5000);
    expect(q.bytes).to.equal(0);
  });
});
