import { expect } from 'chai';
import { StreamTime } from '../../../../core/streams/windows/stream-time.js';
import { FjordError } from '../../../../core/errors.js';

describe('StreamTime', () => {
  it('starts at -1 before any record', () => {
    const time = new StreamTime();
    expect(time.currentMs).to.equal(-1);
    expect(time.hasObserved).to.equal(false);
  });

  it('advances to the largest timestamp seen', () => {
    const time = new StreamTime();
    time.observe(10);
    expect(time.observe(25)).to.equal(25);
  });

  it('does not move backwards for an out-of-order record', () => {
    const time = new StreamTime();
    time.observe(25);
    expect(time.observe(10)).to.equal(25);
  });

  it('rejects a negative timestamp', () => {
    expect(() => new StreamTime().observe(-1)).to.throw(FjordError, 'timestampMs must be an integer >= 0, got -1');
  });

  it('restores from a checkpoint without moving backwards', () => {
    const time = new StreamTime();
    time.observe(50);
    time.restore(40);
    expect(time.currentMs).to.equal(50);
    time.restore(70);
    expect(time.currentMs).to.equal(70);
  });
});
