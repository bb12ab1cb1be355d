import { expect } from 'chai';
import { TimeWindows, type StreamsBuilder, type TimestampedWindowStore, type Windowed } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** Windowed counts of stream `in` as `key@start` -> count on topic `out`. */
function windowedCount(windows: TimeWindows, storeName = 'win') {
  return (b: StreamsBuilder) => b.stream('in').groupByKey().windowedBy(windows).count({ storeName })
    .toStream((wk: Windowed<string>) => `${wk.key}@${wk.window.startMs}`).to('out', { keySerde: str, valueSerde: json<number>() });
}

async function pipeAt(d: Awaited<ReturnType<typeof driverFor>>, key: string | null, times: number[]): Promise<void> {
  const input = d.createInputTopic('in', str, str);
  for (const t of times) await input.pipeInput(key, 'x', t);
}

const out = (d: Awaited<ReturnType<typeof driverFor>>) => d.createOutputTopic('out', str, json<number>()).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);

describe('TimeWindowedKStream (tumbling and hopping windows)', () => {
  it('tumbling windows are [start, end): a record at the end belongs to the next window', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeWithNoGrace(10)));
    await pipeAt(d, 'a', [0, 9, 10, 19, 20]);
    expect(out(d)).to.deep.equal([['a@0', 1, 0], ['a@0', 2, 9], ['a@10', 1, 10], ['a@10', 2, 19], ['a@20', 1, 20]]);
    expect(d.late).to.deep.equal([]);
    await d.close();
  });

  it('accepts out-of-order records within the grace period and reports later ones as late', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeAndGrace(10, 5)));
    await pipeAt(d, 'a', [1, 9, 10, 12, 3, 15, 4, 22]);
    // t=3 at stream time 12: [0,10) closes at 10 + 5 = 15, still open. t=4 at stream time 15: closed.
    expect(out(d)).to.deep.equal([
      ['a@0', 1, 1], ['a@0', 2, 9], ['a@10', 1, 10], ['a@10', 2, 12], ['a@0', 3, 9], ['a@10', 3, 15], ['a@20', 1, 22],
    ]);
    expect(d.late.map((l) => ({ processor: l.processor, store: l.store, key: l.key, value: l.value, timestamp: l.timestamp, streamTimeMs: l.streamTimeMs, topic: l.topic, offset: l.offset }))).to.deep.equal([
      { processor: 'KSTREAM-AGGREGATE-0000000001', store: 'win', key: 'a', value: 'x', timestamp: 4, streamTimeMs: 15, topic: 'in', offset: 6n },
    ]);
    await d.close();
  });

  it('with no grace a window closes as soon as stream time reaches its end', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeWithNoGrace(10)));
    await pipeAt(d, 'a', [5, 10, 9]);
    expect(out(d)).to.deep.equal([['a@0', 1, 5], ['a@10', 1, 10]]);
    expect(d.late.map((l) => l.timestamp)).to.deep.equal([9]);
    await d.close();
  });

  it('stream time is per task, not per key: another key\'s records close a window', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeAndGrace(10, 0)));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', 'x', 5);
    await input.pipeInput('b', 'x', 30);
    await input.pipeInput('a', 'x', 6);
    expect(out(d)).to.deep.equal([['a@0', 1, 5], ['b@30', 1, 30]]);
    expect(d.late.map((l) => [l.key, l.timestamp])).to.deep.equal([['a', 6]]);
    await d.close();
  });

  it('windows close on the stream time the aggregation observed: records filtered out upstream do not close them (as Kafka)', async () => {
    const d = await driverFor((b) => b.stream('in').filter((_k, v) => v !== 'skip').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count()
      .toStream((wk) => `${wk.key}@${wk.window.startMs}`).to('out', { keySerde: str, valueSerde: json<number>() }));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', 'x', 5);
    await input.pipeInput('b', 'skip', 30);
    await input.pipeInput('a', 'x', 6);
    expect(out(d)).to.deep.equal([['a@0', 1, 5], ['a@0', 2, 6]]);
    expect(d.late).to.deep.equal([]);
    await d.close();
  });

  it('hopping windows update every window containing the record, by ascending start', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5)));
    await pipeAt(d, 'a', [3, 7, 12, 4, 9, 15]);
    // t=4 at stream time 12: its only window [0,10) is closed -> late. t=9: [0,10) closed, [5,15) open -> no late report.
    expect(out(d)).to.deep.equal([
      ['a@0', 1, 3], ['a@0', 2, 7], ['a@5', 1, 7], ['a@5', 2, 12], ['a@10', 1, 12], ['a@5', 3, 12], ['a@10', 2, 15], ['a@15', 1, 15],
    ]);
    expect(d.late.map((l) => l.timestamp)).to.deep.equal([4]);
    await d.close();
  });

  it('windowed reduce and aggregate keep their results in a window store read with fetch', async () => {
    const d = await driverFor((b) => {
      const grouped = b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(100, 50));
      grouped.reduce((a, v) => `${a}+${v}`, { storeName: 'joined' });
      grouped.aggregate(() => [] as string[], (_k, v, agg) => [...agg, v], { storeName: 'lists' });
    });
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('k', 'a', 10);
    await input.pipeInput('k', 'b', 140);
    await input.pipeInput('k', 'c', 90); // [0, 100) closes at stream time 100 + 50: still open
    const joined = d.getStateStore<TimestampedWindowStore<string, string>>('joined');
    expect(joined.fetch('k', 0)).to.deep.equal({ value: 'a+c', timestamp: 90 });
    expect(joined.fetch('k', 100)).to.deep.equal({ value: 'b', timestamp: 140 });
    const lists = d.getStateStore<TimestampedWindowStore<string, string[]>>('lists');
    const all: [number, string[]][] = [];
    for await (const e of lists.fetchRange('k', 0, 1000)) all.push([e.windowStartMs, e.value.value]);
    expect(all).to.deep.equal([[0, ['a', 'c']], [100, ['b']]]);
    await d.close();
  });

  it('drops records with a null key and reports them', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeWithNoGrace(10)));
    await pipeAt(d, null, [1]);
    expect(out(d)).to.deep.equal([]);
    expect(d.dropped.map((r) => r.reason)).to.deep.equal(['null key in a windowed aggregation']);
    await d.close();
  });

  it('gives the same results and late records on LevelDB window stores', async () => {
    const d = await driverFor(windowedCount(TimeWindows.ofSizeAndGrace(10, 5)), { stateDir: tmpDir() });
    await pipeAt(d, 'a', [1, 9, 10, 12, 3, 15, 4, 22]);
    expect(out(d)).to.deep.equal([
      ['a@0', 1, 1], ['a@0', 2, 9], ['a@10', 1, 10], ['a@10', 2, 12], ['a@0', 3, 9], ['a@10', 3, 15], ['a@20', 1, 22],
    ]);
    expect(d.late.map((l) => l.timestamp)).to.deep.equal([4]);
    expect(d.getStateStore<TimestampedWindowStore<string, number>>('win').fetch('a', 10)).to.deep.equal({ value: 3, timestamp: 15 });
    await d.close();
  });

  it('rejects a retention shorter than size + grace, naming the parameter', () => {
    return driverFor((b) => {
      expect(() => b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count({ retentionMs: 14 })).to.throw(/retentionMs must be an integer >= 15 ms, got 14/);
    }).then((d) => d.close());
  });
});
