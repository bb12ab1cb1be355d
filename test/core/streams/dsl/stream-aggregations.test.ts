import { expect } from 'chai';
import { Serdes, type TimestampedKeyValueStore } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

type Row = [string | null, unknown, number];
const rows = (records: { key: unknown; value: unknown; timestamp: number }[]): Row[] => records.map((r) => [r.key as string, r.value, r.timestamp]);

describe('KGroupedStream count / reduce / aggregate', () => {
  it('groupByKey().count() counts per key; each result carries the largest timestamp so far', async () => {
    const d = await driverFor((b) => b.stream('in').groupByKey().count().toStream().to('out', { valueSerde: json<number>() }));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', 'x', 10);
    await input.pipeInput('b', 'x', 3);
    await input.pipeInput('a', 'x', 5); // out of order: the result keeps timestamp 10
    await input.pipeInput('a', 'x', 12);
    expect(rows(d.createOutputTopic('out', str, json<number>()).readRecordsToList())).to.deep.equal([['a', 1, 10], ['b', 1, 3], ['a', 2, 10], ['a', 3, 12]]);
    await d.close();
  });

  it('drops records with a null key or a null value and reports each in driver.dropped', async () => {
    const d = await driverFor((b) => b.stream('in').groupByKey().count({ storeName: 'counts' }).toStream().to('out', { valueSerde: json<number>() }));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput(null, 'x', 1);
    await input.pipeInput('a', null, 2);
    await input.pipeInput('a', 'x', 3);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['a', 1]]);
    expect(d.dropped.map((r) => [r.processor, r.topic, r.offset, r.reason])).to.deep.equal([
      ['KSTREAM-AGGREGATE-0000000001', 'in', 0n, 'null key in an aggregation'],
      ['KSTREAM-AGGREGATE-0000000001', 'in', 1n, 'null value in an aggregation'],
    ]);
    await d.close();
  });

  it('groupBy repartitions through <app>-<store name>-repartition before counting', async () => {
    const d = await driverFor((b) => b.stream('in').groupBy((_k, v) => v.toLowerCase()).count().toStream().to('out', { valueSerde: json<number>() }), { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'A'], ['2', 'b'], ['3', 'a']]);
    const topic = 'app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition';
    expect(d.createOutputTopic(topic, json<string>(), str).readKeyValuesToList()).to.deep.equal([['a', 'A'], ['b', 'b'], ['a', 'a']]);
    expect(d.createOutputTopic('out', json<string>(), json<number>()).readKeyValuesToList()).to.deep.equal([['a', 1], ['b', 1], ['a', 2]]);
    await d.close();
  });

  it('groupBy with a Grouped name names the key selector and the repartition topic after it', async () => {
    const d = await driverFor((b) => b.stream('in').groupBy((_k, v) => v, { name: 'by-value', keySerde: str }).count({ storeName: 'c' }).toStream().to('out', { valueSerde: json<number>() }), { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeInput('1', 'v', 1);
    expect(d.producedTopicNames()).to.include('app-by-value-repartition');
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['v', 1]]);
    await d.close();
  });

  it('a null key chosen by groupBy passes the repartition topic and is dropped and reported by the aggregation', async () => {
    const d = await driverFor((b) => b.stream('in').groupBy((_k, v) => (v === '' ? null : v), { keySerde: str }).count().toStream().to('out', { valueSerde: json<number>() }));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('1', '', 1);
    await input.pipeInput('2', 'z', 2);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['z', 1]]);
    expect(d.dropped).to.have.length(1);
    expect(d.dropped[0]!.reason).to.equal('null key in an aggregation');
    await d.close();
  });

  it('two aggregations of one grouped stream share its repartition topic', async () => {
    const d = await driverFor((b) => {
      const grouped = b.stream('in').groupBy((_k, v) => v, { keySerde: str });
      grouped.count({ storeName: 'n' }).toStream().to('n', { valueSerde: json<number>() });
      grouped.reduce((a, v) => a + v, { storeName: 'r' }).toStream().to('r');
    }, { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'x'], ['2', 'x']]);
    expect(d.producedTopicNames().filter((t) => t.endsWith('-repartition'))).to.deep.equal(['app-n-repartition']);
    expect(d.createOutputTopic('n', str, json<number>()).readKeyValuesToList()).to.deep.equal([['x', 1], ['x', 2]]);
    expect(d.createOutputTopic('r', str, str).readKeyValuesToList()).to.deep.equal([['x', 'x'], ['x', 'xx']]);
    await d.close();
  });

  it('reduce starts from the first value, combines later ones, and is readable through its store', async () => {
    const d = await driverFor((b) => b.stream('in', { valueSerde: Serdes.Integer() }).groupByKey().reduce((a, v) => Math.max(a, v), { storeName: 'max' }).toStream().to('out', { valueSerde: Serdes.Integer() }));
    const input = d.createInputTopic('in', str, Serdes.Integer());
    await input.pipeInput('a', 5, 1);
    await input.pipeInput('a', 3, 2);
    await input.pipeInput('a', 9, 3);
    expect(rows(d.createOutputTopic('out', str, Serdes.Integer()).readRecordsToList())).to.deep.equal([['a', 5, 1], ['a', 5, 2], ['a', 9, 3]]);
    expect(d.getStateStore<TimestampedKeyValueStore<string, number>>('max').get('a')).to.deep.equal({ value: 9, timestamp: 3 });
    await d.close();
  });

  it('aggregate folds values into the initializer result with typed serdes', async () => {
    type Stats = { n: number; sum: number };
    const d = await driverFor((b) => b.stream('in', { valueSerde: Serdes.Double() }).groupByKey()
      .aggregate<Stats>(() => ({ n: 0, sum: 0 }), (_k, v, agg) => ({ n: agg.n + 1, sum: agg.sum + v }), { storeName: 'stats', valueSerde: json<Stats>() })
      .toStream().mapValues((s) => s!.sum / s!.n).to('avg', { valueSerde: Serdes.Double() }));
    const input = d.createInputTopic('in', str, Serdes.Double());
    await input.pipeInput('t', 20, 1);
    await input.pipeInput('t', 22, 2);
    await input.pipeInput('u', 1.5, 3);
    expect(d.createOutputTopic('avg', str, Serdes.Double()).readKeyValuesToList()).to.deep.equal([['t', 20], ['t', 21], ['u', 1.5]]);
    expect(d.getStateStore<TimestampedKeyValueStore<string, Stats>>('stats').get('t')!.value).to.deep.equal({ n: 2, sum: 42 });
    await d.close();
  });

  it('gives the same results on LevelDB stores', async () => {
    const dir = tmpDir();
    const d = await driverFor((b) => b.stream('in').groupBy((_k, v) => v, { keySerde: str }).count({ storeName: 'counts' }).toStream().to('out', { valueSerde: json<number>() }), { stateDir: dir });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'a'], ['2', 'b'], ['3', 'a']]);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['a', 1], ['b', 1], ['a', 2]]);
    const store = d.getStateStore<TimestampedKeyValueStore<string, number>>('counts');
    const all: [string, number][] = [];
    for await (const e of store.all()) all.push([e.key, e.value.value]);
    expect(all).to.deep.equal([['a', 2], ['b', 1]]);
    await d.close();
  });
});
