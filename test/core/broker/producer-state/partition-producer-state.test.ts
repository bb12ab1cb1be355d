import { expect } from 'chai';
import { ManualClock } from '../../../../core/io/clock.js';
import { PartitionProducerState, PRODUCER_BATCHES_KEPT, type ProducerBatch } from '../../../../core/broker/producer-state/partition-producer-state.js';
import { SEQUENCE_MAX } from '../../../../core/broker/producer-state/sequence.js';

const DAY_MS = 86_400_000;

/** A batch of `count` records of producer `pid` starting at `firstSeq` (no wrap). */
function batch(firstSeq: number, count = 1, epoch = 0, pid = 7n): ProducerBatch {
  return { producerId: pid, epoch, firstSeq, lastSeq: firstSeq + count - 1 };
}

/** A state plus a tiny "log": checks, then appends at the next offset like the produce path does. */
function harness(expirationMs = DAY_MS) {
  const clock = new ManualClock(1_000_000);
  const state = new PartitionProducerState('t-0', expirationMs);
  let logEnd = 0n;
  const produce = (b: ProducerBatch) => {
    const verdict = state.check(b, clock.nowMs());
    if (verdict.kind !== 'append') return verdict;
    const count = BigInt(b.lastSeq >= b.firstSeq ? b.lastSeq - b.firstSeq + 1 : SEQUENCE_MAX - b.firstSeq + b.lastSeq + 2);
    state.recordAppend(b, logEnd, logEnd + count - 1n, clock.nowMs());
    logEnd += count;
    return verdict;
  };
  return { clock, state, produce, logEnd: () => logEnd };
}

describe('PartitionProducerState', () => {
  it('accepts the first batch of an unknown producer at sequence 0', () => {
    const { produce, state, clock } = harness();
    expect(produce(batch(0, 3))).to.deep.equal({ kind: 'append' });
    expect(state.entry(7n, clock.nowMs())).to.deep.include({ epoch: 0, batches: [{ firstSeq: 0, lastSeq: 2, firstOffset: 0n, lastOffset: 2n }] });
  });

  it('refuses an unknown producer whose first batch does not start at 0 with UNKNOWN_PRODUCER_ID', () => {
    const { produce } = harness();
    expect(produce(batch(5))).to.deep.include({ kind: 'reject', error: 'UNKNOWN_PRODUCER_ID' });
  });

  it('answers a retried batch as a duplicate with its original offsets and records nothing', () => {
    const { produce, state, clock, logEnd } = harness();
    produce(batch(0, 3));
    produce(batch(3, 2));
    const end = logEnd();
    const verdict = produce(batch(0, 3));
    expect(verdict).to.deep.equal({ kind: 'duplicate', batch: { firstSeq: 0, lastSeq: 2, firstOffset: 0n, lastOffset: 2n } });
    expect(logEnd()).to.equal(end);
    expect(state.entry(7n, clock.nowMs())!.batches).to.have.length(2);
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const { produce } = harness();
    produce(batch(0, 3));
    expect(produce(batch(4))).to.deep.include({ kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('does not change anything when it refuses a batch', () => {
    const { produce, state, clock } = harness();
    produce(batch(0, 3));
    const before = structuredClone(state.entries());
    produce(batch(9));
    produce(batch(0, 1, 0, 8n));
    expect(state.entries().filter((e) => e.producerId === 7n)).to.deep.equal(before);
    expect(state.entry(7n, clock.nowMs())!.batches.at(-1)!.lastSeq).to.equal(2);
  });

  it('refuses a batch from an older epoch with INVALID_PRODUCER_EPOCH', () => {
    const { produce } = harness();
    produce(batch(0, 1, 3));
    expect(produce(batch(1, 1, 2))).to.deep.include({ kind: 'reject', error: 'INVALID_PRODUCER_EPOCH' });
  });

  it('requires a new epoch to start at sequence 0, and then forgets the old epoch\'s batches', () => {
    const { produce, state, clock } = harness();
    produce(batch(0, 5, 0));
    expect(produce(batch(5, 1, 1))).to.deep.include({ kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(produce(batch(0, 2, 1))).to.deep.equal({ kind: 'append' });
    expect(state.entry(7n, clock.nowMs())).to.deep.include({ epoch: 1, batches: [{ firstSeq: 0, lastSeq: 1, firstOffset: 5n, lastOffset: 6n }] });
    // A retry of the old epoch's batch is now fenced, not a duplicate.
    expect(produce(batch(0, 5, 0))).to.deep.include({ kind: 'reject', error: 'INVALID_PRODUCER_EPOCH' });
  });

  it('follows the sequence past int32 max back to 0', () => {
    const { state, clock } = harness();
    // A producer whose last batch ended at SEQUENCE_MAX - 2.
    state.recordAppend({ producerId: 7n, epoch: 0, firstSeq: SEQUENCE_MAX - 4, lastSeq: SEQUENCE_MAX - 2 }, 0n, 2n, clock.nowMs());
    const wrapping = { producerId: 7n, epoch: 0, firstSeq: SEQUENCE_MAX - 1, lastSeq: 1 };
    expect(state.check(wrapping, clock.nowMs())).to.deep.equal({ kind: 'append' });
    state.recordAppend(wrapping, 3n, 6n, clock.nowMs());
    expect(state.check(wrapping, clock.nowMs())).to.deep.include({ kind: 'duplicate' });
    expect(state.check(batch(2), clock.nowMs())).to.deep.equal({ kind: 'append' });
    expect(state.check(batch(0), clock.nowMs())).to.deep.include({ kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('accepts sequence 0 right after a batch that ended exactly at int32 max', () => {
    const { state, clock } = harness();
    state.recordAppend({ producerId: 7n, epoch: 0, firstSeq: SEQUENCE_MAX - 1, lastSeq: SEQUENCE_MAX }, 0n, 1n, clock.nowMs());
    expect(state.check(batch(0, 4), clock.nowMs())).to.deep.equal({ kind: 'append' });
  });

  it(`remembers the last ${PRODUCER_BATCHES_KEPT} batches: older retries are out of order, newer ones duplicates`, () => {
    const { produce } = harness();
    for (let i = 0; i < PRODUCER_BATCHES_KEPT + 1; i++) produce(batch(i * 2, 2));
    expect(produce(batch(0, 2))).to.deep.include({ kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    for (let i = 1; i <= PRODUCER_BATCHES_KEPT; i++) {
      expect(produce(batch(i * 2, 2)), `batch ${i}`).to.deep.include({ kind: 'duplicate', batch: { firstSeq: i * 2, lastSeq: i * 2 + 1, firstOffset: BigInt(i * 2), lastOffset: BigInt(i * 2 + 1) } });
    }
  });

  it('keeps producers apart', () => {
    const { produce } = harness();
    produce(batch(0, 2, 0, 1n));
    expect(produce(batch(0, 2, 0, 2n))).to.deep.equal({ kind: 'append' });
    expect(produce(batch(2, 1, 0, 1n))).to.deep.equal({ kind: 'append' });
  });

  it('forgets a producer idle for producer.id.expiration.ms', () => {
    const { produce, state, clock } = harness(60_000);
    produce(batch(0, 2));
    clock.advance(59_999);
    expect(produce(batch(2))).to.deep.equal({ kind: 'append' });
    clock.advance(59_999);
    expect(state.removeExpired(clock.nowMs())).to.equal(0);
    clock.advance(1);
    // Expired: unknown again, so a continued sequence is refused and only 0 is accepted.
    expect(produce(batch(3))).to.deep.include({ kind: 'reject', error: 'UNKNOWN_PRODUCER_ID' });
    expect(state.removeExpired(clock.nowMs())).to.equal(1);
    expect(state.producerCount).to.equal(0);
  });

  it('starts an expired producer afresh: its old batches are no longer duplicates', () => {
    const { produce, state, clock } = harness(60_000);
    produce(batch(0, 2));
    clock.advance(60_000);
    expect(produce(batch(0, 2))).to.deep.equal({ kind: 'append' });
    expect(state.entry(7n, clock.nowMs())!.batches).to.deep.equal([{ firstSeq: 0, lastSeq: 1, firstOffset: 2n, lastOffset: 3n }]);
  });

  it('rebuilds from entries (a snapshot) with the same answers', () => {
    const { produce, state, clock } = harness();
    produce(batch(0, 3));
    produce(batch(3, 3));
    const copy = PartitionProducerState.fromEntries('t-0', DAY_MS, state.entries());
    expect(copy.check(batch(3, 3), clock.nowMs())).to.deep.include({ kind: 'duplicate' });
    expect(copy.check(batch(6), clock.nowMs())).to.deep.equal({ kind: 'append' });
  });
});
