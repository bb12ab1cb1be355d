import { expect } from 'chai';
import { TimeWindows, type StreamsBuilder } from '../../../../../core/streams/index.js';
import { input, run, toOut, type In } from './helpers.js';

describe('streams dsl windowing: tumbling and hopping windows', () => {
  // size 10, grace 5: [0, 10) accepts records while stream time <= 14 and is closed at 15.
  const tumbling = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count());
  const outOfOrder: In[] = [['a', 'x', 1], ['a', 'x', 5], ['a', 'x', 12], ['a', 'x', 3], ['a', 'x', 14], ['a', 'x', 9], ['a', 'x', 15], ['a', 'x', 8]];
  const outOfOrderRows = [
    ['a@0-10', 1, 1], ['a@0-10', 2, 5], ['a@10-20', 1, 12], ['a@0-10', 3, 5],
    ['a@10-20', 2, 14], ['a@0-10', 4, 9], ['a@10-20', 3, 15],
  ];

  it('counts tumbling windows, accepts out-of-order records within grace and reports the late one', async () => {
    const { rows, late } = await run(tumbling, outOfOrder);
    expect(rows).to.deep.equal(outOfOrderRows);
    expect(late).to.deep.equal([8]);
  });

  it('puts a record exactly at a window end into the next window', async () => {
    const { rows } = await run(tumbling, [['a', 'x', 0], ['a', 'x', 10], ['a', 'x', 9], ['a', 'x', 20]]);
    expect(rows).to.deep.equal([['a@0-10', 1, 0], ['a@10-20', 1, 10], ['a@0-10', 2, 9], ['a@20-30', 1, 20]]);
  });

  it('accepts a record while stream time is end + grace - 1 and rejects it at end + grace', async () => {
    const { rows, late } = await run(tumbling, [['a', 'x', 2], ['b', 'x', 14], ['a', 'x', 9], ['b', 'x', 15], ['a', 'x', 9]]);
    expect(rows).to.deep.equal([['a@0-10', 1, 2], ['b@10-20', 1, 14], ['a@0-10', 2, 9], ['b@10-20', 2, 15]]);
    expect(late).to.deep.equal([9]);
  });

  it('updates every open hopping window of a record and skips its closed ones', async () => {
    // size 10, advance 5, grace 2: a record at t is in [t - t % 5 - 5, +10) and [t - t % 5, +10).
    const hopping = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 2).advanceBy(5)).count());
    const { rows, late } = await run(hopping, [['a', 'x', 7], ['a', 'x', 12], ['a', 'x', 8], ['a', 'x', 3]]);
    expect(rows).to.deep.equal([
      ['a@0-10', 1, 7], ['a@5-15', 1, 7],
      ['a@5-15', 2, 12], ['a@10-20', 1, 12],
      // stream time 12: [0, 10) closed at 10 + 2, [5, 15) still open
      ['a@5-15', 3, 12],
    ]);
    expect(late).to.deep.equal([3]);
  });

  it('gives the same results on LevelDB stores', async () => {
    const { rows, late } = await run(tumbling, outOfOrder, { leveldb: true });
    expect(rows).to.deep.equal(outOfOrderRows);
    expect(late).to.deep.equal([8]);
  });
});
