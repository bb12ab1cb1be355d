import { expect } from 'chai';
import { Serdes, SessionWindows, StreamsBuilder, TopologyTestDriver, sessionWindowedSerde } from '../../../../../core/streams/index.js';
import { captureChanges, input, run, toOut, type In } from './helpers.js';

// gap 10 and a grace long enough that nothing closes
const openSessions = SessionWindows.ofInactivityGapAndGrace(10, 100);
const count = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(openSessions).count());

// [0,0] -> [0,5]; [30,30]; [18,18]; 24 bridges [18,18] and [30,30] into [18,30]
const merging: In[] = [['a', 'x', 0], ['a', 'x', 5], ['a', 'x', 30], ['a', 'x', 18], ['a', 'x', 24]];
const mergingRows = [
  ['a@0-0', 1, 0],
  ['a@0-0', null, 0], ['a@0-5', 2, 5],
  ['a@30-30', 1, 30],
  ['a@18-18', 1, 18],
  ['a@18-18', null, 18], ['a@30-30', null, 30], ['a@18-30', 3, 30],
];

describe('streams dsl windowing: session windows', () => {
  it('merges sessions, forwarding a tombstone for each merged-away session before the merged one', async () => {
    const { rows, late } = await run(count, merging);
    expect(rows).to.deep.equal(mergingRows);
    expect(late).to.deep.equal([]);
  });

  it('forwards Change{newValue: null, oldValue} tombstones and new sessions with a null oldValue', async () => {
    const b = new StreamsBuilder();
    input(b).groupByKey().windowedBy(openSessions).count({ name: 'sessions' });
    const topology = b.build();
    const seen = captureChanges(topology, 'sessions');
    const driver = await TopologyTestDriver.create(topology);
    const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    for (const [k, v, t] of merging) await topic.pipeInput(k, v, t);
    await driver.close();
    expect(seen.slice(5)).to.deep.equal([
      { key: 'a@18-18', value: { newValue: null, oldValue: 1 }, timestamp: 18 },
      { key: 'a@30-30', value: { newValue: null, oldValue: 1 }, timestamp: 30 },
      { key: 'a@18-30', value: { newValue: 3, oldValue: null }, timestamp: 30 },
    ]);
  });

  it('keys the result by Windowed<K> with sessionWindowedSerde, tombstones as null values', async () => {
    const b = new StreamsBuilder();
    const serde = sessionWindowedSerde(Serdes.String());
    input(b).groupByKey().windowedBy(openSessions).count().toStream().to('out', { keySerde: serde, valueSerde: Serdes.Json<number>() });
    const driver = await TopologyTestDriver.create(b.build());
    const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await topic.pipeInput('k', 'x', 100);
    await topic.pipeInput('k', 'x', 107);
    const out = driver.createOutputTopic('out', serde, Serdes.Json<number>()).readKeyValuesToList();
    await driver.close();
    expect(out).to.deep.equal([
      [{ key: 'k', window: { startMs: 100, endMs: 100 } }, 1],
      [{ key: 'k', window: { startMs: 100, endMs: 100 } }, null],
      [{ key: 'k', window: { startMs: 100, endMs: 107 } }, 2],
    ]);
  });

  it('rewrites a session for an out-of-order record inside it until stream time reaches end + gap + 1 + grace', async () => {
    // gap 10, grace 5: [0, 5] closes at 5 + 10 + 1 + 5 = 21
    const sessions = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 5)).count());
    const { rows, late } = await run(sessions, [['a', 'x', 0], ['a', 'x', 5], ['b', 'x', 20], ['a', 'x', 2], ['b', 'x', 21], ['a', 'x', 3]]);
    expect(rows).to.deep.equal([
      ['a@0-0', 1, 0], ['a@0-0', null, 0], ['a@0-5', 2, 5],
      ['b@20-20', 1, 20],
      ['a@0-5', null, 5], ['a@0-5', 3, 5],
      ['b@20-20', null, 20], ['b@20-21', 2, 21],
    ]);
    expect(late).to.deep.equal([3]);
  });

  it('lets a record extend a session whose old end is closed when the merged session is still open', async () => {
    // at stream time 21, [0, 5] is closed, but 14 merges into [0, 14], which closes at 30
    const sessions = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 5)).count());
    const { rows, late } = await run(sessions, [['a', 'x', 5], ['b', 'x', 21], ['a', 'x', 14]]);
    expect(rows).to.deep.equal([['a@5-5', 1, 5], ['b@21-21', 1, 21], ['a@5-5', null, 5], ['a@5-14', 2, 14]]);
    expect(late).to.deep.equal([]);
  });

  it('aggregates with the merger folding the merged sessions in end order, then the record', async () => {
    const concat = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(openSessions).aggregate(() => '', (_k, v, agg) => agg + v, (_k, x, y) => x + y));
    const { rows } = await run(concat, [['a', 'x', 0], ['a', 'y', 20], ['a', 'z', 10]]);
    expect(rows).to.deep.equal([['a@0-0', 'x', 0], ['a@20-20', 'y', 20], ['a@0-0', null, 0], ['a@20-20', null, 20], ['a@0-20', 'xyz', 20]]);
  });

  it('reduces, reducing the merged sessions\' results together', async () => {
    const reduce = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(openSessions).reduce((x, y) => `${x}+${y}`));
    const { rows } = await run(reduce, [['a', '1', 0], ['a', '2', 20], ['a', '3', 10], ['a', '4', 40]]);
    expect(rows).to.deep.equal([['a@0-0', '1', 0], ['a@20-20', '2', 20], ['a@0-0', null, 0], ['a@20-20', null, 20], ['a@0-20', '1+2+3', 20], ['a@40-40', '4', 40]]);
  });

  it('aggregates through a repartition topic when the key changed upstream', async () => {
    const rekeyed = (b: StreamsBuilder): void => toOut(input(b).selectKey((_k, v) => v!).groupByKey({ keySerde: Serdes.String(), valueSerde: Serdes.String() }).windowedBy(openSessions).count());
    const { rows } = await run(rekeyed, [['x', 'a', 1], ['y', 'a', 5], ['z', 'b', 7]]);
    expect(rows).to.deep.equal([['a@1-1', 1, 1], ['a@1-1', null, 1], ['a@1-5', 2, 5], ['b@7-7', 1, 7]]);
  });

  it('ends with exactly the sessions and counts of a brute-force model, for seeded random inputs', async () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    for (let iteration = 0; iteration < 40; iteration++) {
      const gap = 1 + random(8);
      const timestamps = Array.from({ length: 1 + random(10) }, () => random(60));
      const sessions = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(gap, 1000)).count());
      const { rows } = await run(sessions, timestamps.map((t): In => ['k', 'x', t]));
      const latest = new Map<string, unknown>();
      for (const [key, value] of rows) if (value === null) latest.delete(key); else latest.set(key, value);
      // the model: sorted timestamps split wherever two neighbours are more than gap apart
      const model = new Map<string, number>();
      const sorted = [...timestamps].sort((a, b) => a - b);
      for (let i = 0; i < sorted.length;) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1]! - sorted[j]! <= gap) j++;
        model.set(`k@${sorted[i]}-${sorted[j]}`, j - i + 1);
        i = j + 1;
      }
      expect(Object.fromEntries(latest), `iteration ${iteration}: gap ${gap}, timestamps ${JSON.stringify(timestamps)}`).to.deep.equal(Object.fromEntries(model));
    }
  });

  it('reports records with a null key or value as dropped', async () => {
    const { rows, dropped } = await run(count, [[null, 'x', 1], ['a', null, 2]]);
    expect(rows).to.deep.equal([]);
    expect(dropped).to.deep.equal(['null key in a session-windowed aggregation', 'null value in a session-windowed aggregation']);
  });

  it('rejects a store retention shorter than gap + grace, naming the parameter and value', () => {
    const b = new StreamsBuilder();
    const windowed = input(b).groupByKey().windowedBy(SessionWindows.ofInactivityGapAndGrace(10, 5));
    expect(() => windowed.count({ retentionMs: 14 })).to.throw('retentionMs must be an integer >= 15 ms, got 14');
  });

  it('gives the same results on LevelDB stores', async () => {
    const { rows } = await run(count, merging, { leveldb: true });
    expect(rows).to.deep.equal(mergingRows);
  });
});
