import { expect } from 'chai';
import {
  Serdes, SessionWindows, SlidingWindows, StreamsBuilder, Suppressed, TimeWindows, TopologyTestDriver, type KTable,
} from '../../../../../core/streams/index.js';
import type { StateStore } from '../../../../../core/streams/state/store.js';
import { tmpDir } from '../../../../helpers/tmp-dir.js';
import { input, rowsPerRecord, toOut, windowKey, type In } from './helpers.js';

async function perRecord(build: (b: StreamsBuilder) => void, records: In[], stateDir?: string): Promise<{ rows: unknown[][]; late: number[] }> {
  const b = new StreamsBuilder();
  build(b);
  const driver = await TopologyTestDriver.create(b.build(), stateDir === undefined ? {} : { stateDir });
  try {
    const rows = await rowsPerRecord(driver, records);
    return { rows, late: driver.late.map((l) => l.timestamp) };
  } finally {
    await driver.close();
  }
}

/** A plain (non-windowed) table's stream to `out`. */
function plainOut<V>(table: KTable<string, V>): void {
  table.toStream().to('out', { keySerde: Serdes.String(), valueSerde: Serdes.Json<V | null>() });
}

// size 10, grace 5: [0, 10) closes at stream time 15
const tumblingFinal = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count().suppress(Suppressed.untilWindowCloses()));

describe('streams dsl windowing: suppress', () => {
  it('emits one final result per tumbling window when it closes, nothing before, in close order', async () => {
    const { rows, late } = await perRecord(tumblingFinal, [
      ['a', 'x', 1], ['a', 'x', 5], ['b', 'x', 3], ['a', 'x', 12], ['a', 'x', 14], ['a', 'x', 3], ['a', 'x', 15], ['a', 'x', 8], ['a', 'x', 30],
    ]);
    expect(rows).to.deep.equal([
      [], [], [], [], [], [],
      [['a@0-10', 3, 5], ['b@0-10', 1, 3]], // stream time 15 closes [0, 10)
      [], // 8 is late: reported, nothing emitted
      [['a@10-20', 3, 15]],
    ]);
    expect(late).to.deep.equal([8]);
  });

  it('closes windows by the stream time it observes, not by records filtered out before the aggregation (Kafka)', async () => {
    const { rows } = await perRecord((b) => toOut(input(b).filter((_k, v) => v !== 'skip').groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().suppress(Suppressed.untilWindowCloses())), [
      ['a', 'x', 1], ['b', 'skip', 50], ['a', 'x', 2], ['a', 'x', 12],
    ]);
    // The task's stream time is 50 after the skipped record; neither the count nor suppress saw it.
    expect(rows).to.deep.equal([[], [], [], [['a@0-10', 2, 2]]]);
  });

  it('emits hopping windows at end + grace, not one millisecond earlier', async () => {
    const hopping = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5)).count().suppress(Suppressed.untilWindowCloses()));
    const { rows } = await perRecord(hopping, [['a', 'x', 7], ['a', 'x', 12], ['a', 'x', 14], ['a', 'x', 15]]);
    expect(rows).to.deep.equal([[], [['a@0-10', 1, 7]], [], [['a@5-15', 3, 14]]]);
  });

  it('emits only the final merged session; merged-away sessions and their tombstones never appear', async () => {
    // gap 10, no grace: a session closes at end + 10 + 1
    const sessions = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10)).count().suppress(Suppressed.untilWindowCloses()));
    const { rows } = await perRecord(sessions, [['a', 'x', 0], ['a', 'x', 5], ['a', 'x', 12], ['b', 'x', 22], ['b', 'x', 23], ['b', 'x', 40]]);
    expect(rows).to.deep.equal([[], [], [], [], [['a@0-12', 3, 12]], [['b@22-23', 2, 23]]]);
  });

  it('emits sliding windows once stream time reaches end + 1 + grace', async () => {
    const sliding = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).count().suppress(Suppressed.untilWindowCloses()));
    const { rows } = await perRecord(sliding, [['a', 'x', 20], ['a', 'x', 25], ['b', 'x', 31], ['b', 'x', 32]]);
    expect(rows).to.deep.equal([
      [],
      [['a@10-20', 1, 20]],
      [['a@15-25', 2, 25]],
      [['a@21-31', 1, 25], ['b@21-31', 1, 31]],
    ]);
  });

  it('emits each closed hopping window exactly once with its last value, for seeded random out-of-order inputs', async () => {
    let seed = 99;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    for (let iteration = 0; iteration < 30; iteration++) {
      const windows = TimeWindows.ofSizeAndGrace(10, random(6)).advanceBy(5);
      const b = new StreamsBuilder();
      const table = input(b).groupByKey().windowedBy(windows).count();
      table.toStream((wk) => windowKey(wk)).to('all', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
      toOut(table.suppress(Suppressed.untilWindowCloses()));
      const driver = await TopologyTestDriver.create(b.build());
      const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
      let streamTimeMs = -1;
      for (let i = 0; i < 25; i++) {
        const t = random(80);
        streamTimeMs = Math.max(streamTimeMs, t);
        await topic.pipeInput(['a', 'b'][random(2)]!, 'x', t);
      }
      const all = driver.createOutputTopic('all', Serdes.String(), Serdes.Json<number>()).readKeyValuesToList();
      const finals = driver.createOutputTopic('out', Serdes.String(), Serdes.Json<number>()).readKeyValuesToList();
      await driver.close();
      const last = new Map(all);
      const closed = [...last.keys()].filter((k) => Number(/-(\d+)$/.exec(k!)![1]) + windows.graceMs <= streamTimeMs);
      const where = `iteration ${iteration}, grace ${windows.graceMs}`;
      expect(finals.map(([k]) => k).sort(), where).to.deep.equal([...closed].sort());
      for (const [k, v] of finals) expect(v, `${where}: ${k}`).to.equal(last.get(k));
    }
  });

  it('untilTimeLimit emits a key\'s latest value once stream time passes its first buffered update + the limit', async () => {
    const limited = (b: StreamsBuilder): void => plainOut(input(b).groupByKey().count().suppress(Suppressed.untilTimeLimit(10)));
    const { rows } = await perRecord(limited, [
      ['a', 'x', 0], ['a', 'x', 4], ['b', 'x', 5], ['a', 'x', 9], ['c', 'x', 10], ['a', 'x', 11], ['b', 'x', 15], ['x', 'x', 21],
    ]);
    expect(rows).to.deep.equal([
      [], [], [], [],
      [['a', 3, 9]], // 0 + 10; the updates at 4 and 9 did not move a's emit time
      [],
      [['b', 2, 15]],
      [['c', 1, 10], ['a', 4, 11]], // emit times 20 and 21
    ]);
  });

  it('untilTimeLimit forwards tombstones', async () => {
    const table = (b: StreamsBuilder): void => plainOut(b.table<string, string>('in', { keySerde: Serdes.String(), valueSerde: Serdes.String() }).suppress(Suppressed.untilTimeLimit(5)));
    const { rows } = await perRecord(table, [['k', 'v1', 0], ['k', null, 2], ['z', 'v', 5]]);
    expect(rows).to.deep.equal([[], [], [['k', null, 2]]]);
  });

  it('shuts down with an error naming the processor when an untilWindowCloses buffer exceeds maxRecords', async () => {
    const bounded = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().suppress(Suppressed.untilWindowCloses({ name: 'final', maxRecords: 2 })));
    const error = await perRecord(bounded, [['a', 'x', 1], ['b', 'x', 2], ['c', 'x', 3]]).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).to.match(/^final: suppress buffer exceeded its max capacity: 3\/2 records and \d+\/unbounded bytes \(raise maxRecords\/maxBytes\)$/);
  });

  it('untilTimeLimit emits the earliest entries early when the buffer exceeds maxRecords', async () => {
    const bounded = (b: StreamsBuilder): void => plainOut(input(b).groupByKey().count().suppress(Suppressed.untilTimeLimit(100, { maxRecords: 2 })));
    const { rows } = await perRecord(bounded, [['a', 'x', 0], ['b', 'x', 1], ['c', 'x', 2], ['d', 'x', 3]]);
    expect(rows).to.deep.equal([[], [], [['a', 1, 0]], [['b', 1, 1]]]);
  });

  it('bounds the buffer by maxBytes: emits at once when every entry is over it, or shuts down', async () => {
    const early = (b: StreamsBuilder): void => plainOut(input(b).groupByKey().count().suppress(Suppressed.untilTimeLimit(100, { maxBytes: 1 })));
    expect((await perRecord(early, [['a', 'x', 0], ['b', 'x', 1]])).rows).to.deep.equal([[['a', 1, 0]], [['b', 1, 1]]]);
    const strict = (b: StreamsBuilder): void => plainOut(input(b).groupByKey().count().suppress(Suppressed.untilTimeLimit(100, { name: 'strict', maxBytes: 1, whenFull: 'shutDown' })));
    const error = await perRecord(strict, [['a', 'x', 0]]).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).to.match(/^strict: suppress buffer exceeded its max capacity: 1\/unbounded records and \d+\/1 bytes/);
  });

  it('keeps buffered results across a restart on LevelDB and emits them when their windows close', async () => {
    const stateDir = tmpDir('fjord-suppress-restart-');
    const build = (b: StreamsBuilder): void => toOut(input(b).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count({ storeName: 'counts' }).suppress(Suppressed.untilWindowCloses({ name: 'final' })));
    const first = new StreamsBuilder();
    build(first);
    const before = await TopologyTestDriver.create(first.build(), { stateDir });
    expect(await rowsPerRecord(before, [['a', 'x', 1], ['a', 'x', 5], ['b', 'x', 3], ['a', 'x', 12]])).to.deep.equal([[], [], [], []]);
    // what a commit does: flush both stores to LevelDB
    for (const name of ['counts', 'final-store']) await before.getStateStore<{ inner: StateStore }>(name).inner.flush();
    await before.close();

    const second = new StreamsBuilder();
    build(second);
    const after = await TopologyTestDriver.create(second.build(), { stateDir });
    try {
      expect(await rowsPerRecord(after, [['a', 'x', 14], ['c', 'x', 15], ['c', 'x', 25]])).to.deep.equal([
        [],
        [['a@0-10', 2, 5], ['b@0-10', 1, 3]],
        [['a@10-20', 2, 14], ['c@10-20', 1, 15]],
      ]);
    } finally {
      await after.close();
    }
  });

  it('rejects untilWindowCloses on a table whose keys are not windowed, naming the processor', () => {
    const b = new StreamsBuilder();
    const table = input(b).groupByKey().count();
    expect(() => table.suppress(Suppressed.untilWindowCloses({ name: 'final' }))).to.throw(/^final: suppress\(untilWindowCloses\) needs a windowed table/);
  });

  it('rejects bad suppression settings with the parameter and value', () => {
    expect(() => Suppressed.untilTimeLimit(-1)).to.throw('Suppressed.untilTimeLimit: timeToWaitMs must be an integer >= 0 ms, got -1');
    expect(() => Suppressed.untilTimeLimit(1.5)).to.throw('Suppressed.untilTimeLimit: timeToWaitMs must be an integer >= 0 ms, got 1.5');
    expect(() => Suppressed.untilWindowCloses({ maxRecords: 0 })).to.throw('Suppressed.untilWindowCloses: maxRecords must be an integer >= 1, got 0');
    expect(() => Suppressed.untilTimeLimit(5, { maxBytes: -3 })).to.throw('Suppressed.untilTimeLimit: maxBytes must be an integer >= 1, got -3');
    expect(() => Suppressed.untilTimeLimit(5, { whenFull: 'drop' as 'emitEarly' })).to.throw("Suppressed.untilTimeLimit: whenFull must be 'emitEarly' or 'shutDown', got drop");
    expect(() => Suppressed.untilWindowCloses({ whenFull: 'emitEarly' as 'shutDown' })).to.throw("Suppressed.untilWindowCloses: whenFull must be 'shutDown' (emitting early would break emit-final), got emitEarly");
  });
});
