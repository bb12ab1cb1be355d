import { expect } from 'chai';
import { Serdes, SlidingWindows, StreamsBuilder, TopologyTestDriver, timeWindowedSerde } from '../../../../../core/streams/index.js';
import { input, run, toOut, type In } from './helpers.js';

// time difference 10; a grace long enough that nothing closes
const count = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 100)).count());
// time difference 10, grace 5: a window [s, s + 10] closes at s + 16; a record at t is late at t + 16
const countGrace5 = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count());

const outOfOrder: In[] = [['a', 'x', 20], ['a', 'x', 25], ['a', 'x', 40], ['a', 'x', 33]];
const outOfOrderRows = [
  ['a@10-20', 1, 20],
  // 25: the previous record's right window [21, 31], then 25's left window [15, 25]
  ['a@21-31', 1, 25], ['a@15-25', 2, 25],
  ['a@30-40', 1, 40],
  // 33 (out of order): updates [30, 40]; creates 25's right window [26, 36], its left window
  // [23, 33] (25 and 33) and its right window [34, 44] (40 only, copied from [30, 40])
  ['a@30-40', 2, 40], ['a@26-36', 1, 33], ['a@23-33', 2, 33], ['a@34-44', 1, 40],
];

/** Every window sliding windows should hold for these timestamps, with its record count (brute force). */
function modelCounts(timestamps: number[], diff: number): [number, number][] {
  const sorted = [...new Set(timestamps)].sort((a, b) => a - b);
  const starts = new Set<number>();
  sorted.forEach((r, i) => {
    starts.add(Math.max(0, r - diff));
    const next = sorted[i + 1];
    if (next !== undefined && next <= r + 1 + diff) starts.add(r + 1);
  });
  return [...starts].sort((a, b) => a - b).map((s) => [s, timestamps.filter((t) => t >= s && t <= s + diff).length]);
}

describe('streams dsl windowing: sliding windows', () => {
  it('creates and updates windows per record, including out-of-order ones', async () => {
    const { rows, late } = await run(count, outOfOrder);
    expect(rows).to.deep.equal(outOfOrderRows);
    expect(late).to.deep.equal([]);
  });

  it('includes records at both ends of a window', async () => {
    const { rows } = await run(count, [['x', 'x', 10], ['x', 'x', 20]]);
    expect(rows).to.deep.equal([['x@0-10', 1, 10], ['x@11-21', 1, 20], ['x@10-20', 2, 20]]);
  });

  it('puts records before the time difference into the shared window [0, diff]', async () => {
    const { rows } = await run(count, [['a', 'x', 3], ['a', 'x', 8], ['a', 'x', 1]]);
    expect(rows).to.deep.equal([
      ['a@0-10', 1, 3],
      ['a@4-14', 1, 8], ['a@0-10', 2, 8],
      // 1's right window [2, 12] holds 3 and 8 but not 1
      ['a@2-12', 2, 8], ['a@0-10', 3, 8],
    ]);
  });

  it('accepts a record while stream time < t + diff + 1 + grace and reports it late at that time', async () => {
    // stream time 115: 100 is accepted (116 > 115) into the open [100, 110] (closes at 116) and
    // gets its right window [101, 111]; its left window [90, 100] closed at 106; 99 is late (115)
    const { rows, late } = await run(countGrace5, [['a', 'x', 110], ['b', 'x', 115], ['a', 'x', 100], ['a', 'x', 99]]);
    expect(rows).to.deep.equal([['a@100-110', 1, 110], ['b@105-115', 1, 115], ['a@100-110', 2, 110], ['a@101-111', 1, 110]]);
    expect(late).to.deep.equal([99]);
  });

  it('skips closed windows and still creates the record\'s open ones', async () => {
    // stream time 116: [91, 101] closed (at 107), the previous record's right window [101, 111] open
    const { rows, late } = await run(countGrace5, [['a', 'x', 100], ['b', 'x', 116], ['a', 'x', 101]]);
    expect(rows).to.deep.equal([['a@90-100', 1, 100], ['b@106-116', 1, 116], ['a@101-111', 1, 101]]);
    expect(late).to.deep.equal([]);
  });

  it('reports a record late when every window containing it is closed, still creating its right window', async () => {
    // stream time 120: 105 is not late by itself (121 > 120) but [95, 105] and [100, 110] are closed
    const { rows, late } = await run(countGrace5, [['a', 'x', 110], ['b', 'x', 120], ['a', 'x', 105]]);
    expect(rows).to.deep.equal([['a@100-110', 1, 110], ['b@110-120', 1, 120], ['a@106-116', 1, 110]]);
    expect(late).to.deep.equal([105]);
  });

  it('reduces each window\'s values', async () => {
    const reduce = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 100)).reduce((x, y) => `${x}+${y}`));
    const { rows } = await run(reduce, [['a', '1', 20], ['a', '2', 25]]);
    expect(rows).to.deep.equal([['a@10-20', '1', 20], ['a@21-31', '2', 25], ['a@15-25', '1+2', 25]]);
  });

  it('ends with exactly the windows and counts of a brute-force model, for seeded random inputs', async () => {
    let seed = 20261122;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    for (let iteration = 0; iteration < 60; iteration++) {
      const diff = 1 + random(6);
      const timestamps = Array.from({ length: 1 + random(9) }, () => random(25));
      const b = new StreamsBuilder();
      const serde = timeWindowedSerde(Serdes.String(), diff);
      input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(diff, 1000)).count().toStream().to('out', { keySerde: serde, valueSerde: Serdes.Json<number>() });
      const driver = await TopologyTestDriver.create(b.build());
      const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
      for (const t of timestamps) await topic.pipeInput('k', 'x', t);
      const latest = new Map<number, number>();
      for (const [wk, n] of driver.createOutputTopic('out', serde, Serdes.Json<number>()).readKeyValuesToList()) latest.set(wk!.window.startMs, n!);
      await driver.close();
      const got = [...latest].sort((x, y) => x[0] - y[0]);
      expect(got, `seed iteration ${iteration}: diff ${diff}, timestamps ${JSON.stringify(timestamps)}`).to.deep.equal(modelCounts(timestamps, diff));
    }
  });

  it('aggregates through a repartition topic when the key changed upstream', async () => {
    const rekeyed = (b: StreamsBuilder): void => toOut(input(b).selectKey((_k, v) => v!).groupByKey({ keySerde: Serdes.String(), valueSerde: Serdes.String() }).windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 100)).count());
    const { rows } = await run(rekeyed, [['x', 'a', 20], ['y', 'a', 25], ['z', 'b', 7]]);
    expect(rows).to.deep.equal([['a@10-20', 1, 20], ['a@21-31', 1, 25], ['a@15-25', 2, 25], ['b@0-10', 1, 7]]);
  });

  it('reports records with a null key or value as dropped', async () => {
    const { rows, dropped } = await run(count, [[null, 'x', 1], ['a', null, 2]]);
    expect(rows).to.deep.equal([]);
    expect(dropped).to.deep.equal(['null key in a sliding-windowed aggregation', 'null value in a sliding-windowed aggregation']);
  });

  it('rejects a store retention shorter than diff + grace, naming the parameter and value', () => {
    const b = new StreamsBuilder();
    const windowed = input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5));
    expect(() => windowed.count({ retentionMs: 14 })).to.throw('retentionMs must be an integer >= 15 ms, got 14');
  });

  it('gives the same results on LevelDB stores', async () => {
    const { rows } = await run(count, outOfOrder, { leveldb: true });
    expect(rows).to.deep.equal(outOfOrderRows);
  });
});
