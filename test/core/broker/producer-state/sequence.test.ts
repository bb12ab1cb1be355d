import { expect } from 'chai';
import { SEQUENCE_MAX, incrementSequence, isNextSequence, lastSequenceOf } from '../../../../core/broker/producer-state/sequence.js';

describe('producer sequence numbers', () => {
  it('advance by the record count', () => {
    expect(incrementSequence(10, 5)).to.equal(15);
    expect(lastSequenceOf(10, 4)).to.equal(14);
  });

  it('wrap from int32 max to 0 as Kafka does', () => {
    expect(incrementSequence(SEQUENCE_MAX, 1)).to.equal(0);
    expect(incrementSequence(SEQUENCE_MAX - 1, 3)).to.equal(1);
    expect(incrementSequence(SEQUENCE_MAX - 2, 2)).to.equal(SEQUENCE_MAX);
    expect(lastSequenceOf(SEQUENCE_MAX - 1, 2)).to.equal(0);
  });

  it('count 0 as the sequence after int32 max, and after "nothing yet" (-1)', () => {
    expect(isNextSequence(SEQUENCE_MAX, 0)).to.equal(true);
    expect(isNextSequence(-1, 0)).to.equal(true);
    expect(isNextSequence(4, 5)).to.equal(true);
    expect(isNextSequence(4, 6)).to.equal(false);
    expect(isNextSequence(4, 0)).to.equal(false);
  });
});
