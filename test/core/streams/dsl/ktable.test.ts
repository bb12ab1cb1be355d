import { expect } from 'chai';
import { Serdes, type TimestampedKeyValueStore } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const int = Serdes.Integer();
type Kv = [string | null, unknown];

describe('KTable operators', () => {
  it('a table source forwards upserts and deletes, a delete of an absent key too (as Kafka without caching)', async () => {
    const d = await driverFor((b) => b.table('t').toStream().to('out'));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('a', '2', 2);
    await input.pipeInput('a', null, 3);
    await input.pipeInput('b', null, 4);
    const records = d.createOutputTopic('out', str, str).readRecordsToList();
    expect(records.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['a', '1', 1], ['a', '2', 2], ['a', null, 3], ['b', null, 4]]);
    await d.close();
  });

  it('a table drops records with a null key and reports them', async () => {
    const d = await driverFor((b) => b.table('t').toStream().to('out'));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput(null, 'v', 1);
    await input.pipeInput('k', 'v', 2);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['k', 'v']]);
    expect(d.dropped.map((r) => [r.processor, r.offset, r.reason])).to.deep.equal([['KTABLE-SOURCE-0000000002', 0n, 'null key for a table']]);
    await d.close();
  });

  it('filter forwards a tombstone for every update that fails the predicate (as Kafka without old values)', async () => {
    const d = await driverFor((b) => b.table('t', { valueSerde: int }).filter((_k, v) => v > 10).toStream().to('out', { valueSerde: int }));
    const input = d.createInputTopic('t', str, int);
    for (const [v, t] of [[5, 1], [15, 2], [20, 3], [7, 4]] as const) await input.pipeInput('a', v, t);
    await input.pipeInput('a', null, 5);
    const kv: Kv[] = d.createOutputTopic('out', str, int).readKeyValuesToList();
    expect(kv).to.deep.equal([['a', null], ['a', 15], ['a', 20], ['a', null], ['a', null]]);
    await d.close();
  });

  it('filterNot keeps the rows whose predicate fails', async () => {
    const d = await driverFor((b) => b.table('t', { valueSerde: int }).filterNot((_k, v) => v > 10).toStream().to('out', { valueSerde: int }));
    const input = d.createInputTopic('t', str, int);
    await input.pipeInput('a', 5, 1);
    await input.pipeInput('b', 50, 2);
    expect(d.createOutputTopic('out', str, int).readKeyValuesToList()).to.deep.equal([['a', 5], ['b', null]]);
    await d.close();
  });

  it('a materialized filter keeps only passing rows in its store, on the filter node itself', async () => {
    const d = await driverFor((b) => {
      b.table('t', { valueSerde: int }).filter((_k, v) => v > 10, { storeName: 'big', valueSerde: int });
    });
    const input = d.createInputTopic('t', str, int);
    await input.pipeInput('a', 50, 1);
    await input.pipeInput('b', 5, 2);
    await input.pipeInput('a', 6, 3);
    await input.pipeInput('c', 60, 4);
    const store = d.getStateStore<TimestampedKeyValueStore<string, number>>('big');
    expect([store.get('a'), store.get('b'), store.get('c')]).to.deep.equal([null, null, { value: 60, timestamp: 4 }]);
    await d.close();
  });

  it('mapValues maps new values with the key; tombstones stay tombstones without calling the mapper', async () => {
    const calls: unknown[] = [];
    const d = await driverFor((b) => b.table('t').mapValues((v, k) => { calls.push(v); return `${k}=${v}`; }, { storeName: 'mapped' }).toStream().to('out'));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('a', null, 2);
    expect(d.createOutputTopic('out', str, json<string>()).readKeyValuesToList()).to.deep.equal([['a', 'a=1'], ['a', null]]);
    // the mapper also computes the old value of the second update, never a null
    expect(calls).to.deep.equal(['1', '1']);
    expect(d.getStateStore<TimestampedKeyValueStore<string, string>>('mapped').get('a')).to.equal(null);
    await d.close();
  });

  it('toStream(mapper) re-keys the changelog stream', async () => {
    const d = await driverFor((b) => b.table('t').toStream((k, v) => `${k}/${v ?? 'gone'}`).to('out', { keySerde: str }));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('a', null, 2);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a/1', '1'], ['a/gone', null]]);
    await d.close();
  });

  it('rejects a second table or stream on the same topic', () => {
    return driverFor((b) => {
      b.table('t');
      expect(() => b.stream('t')).to.throw(/topic t is already read by source KSTREAM-SOURCE-0000000001/);
    }).then((d) => d.close());
  });
});

describe('KGroupedTable (table groupBy with adder and subtractor)', () => {
  it('count moves a row between groups: the old group is decremented before the new one is incremented', async () => {
    const d = await driverFor((b) => b.table('users').groupBy((user, region) => [region, user], { keySerde: str, valueSerde: str })
      .count({ storeName: 'per-region' }).toStream().to('out', { valueSerde: json<number>() }));
    const input = d.createInputTopic('users', str, str);
    await input.pipeInput('alice', 'EU', 1);
    await input.pipeInput('bob', 'EU', 2);
    await input.pipeInput('alice', 'US', 3);
    await input.pipeInput('bob', null, 4);
    const records = d.createOutputTopic('out', str, json<number>()).readRecordsToList();
    expect(records.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['EU', 1, 1], ['EU', 2, 2], ['EU', 1, 3], ['US', 1, 3], ['EU', 0, 4]]);
    const store = d.getStateStore<TimestampedKeyValueStore<string, number>>('per-region');
    expect([store.get('EU')!.value, store.get('US')!.value]).to.deep.equal([0, 1]);
    await d.close();
  });

  it('an update that keeps the row in its group updates the aggregate once (Kafka 3.5+, KIP-904)', async () => {
    const d = await driverFor((b) => b.table('scores', { valueSerde: int }).groupBy((player, score) => ['all', score], { keySerde: str, valueSerde: int })
      .aggregate(() => 0, (_k, v, sum) => sum + v, (_k, v, sum) => sum - v, { storeName: 'total', valueSerde: int }).toStream().to('out', { valueSerde: int }));
    const input = d.createInputTopic('scores', str, int);
    await input.pipeInput('p1', 10, 1);
    await input.pipeInput('p2', 5, 2);
    await input.pipeInput('p1', 12, 3);
    expect(d.createOutputTopic('out', str, int).readKeyValuesToList()).to.deep.equal([['all', 10], ['all', 15], ['all', 17]]);
    await d.close();
  });

  it('reduce with a subtractor returning null deletes the group and forwards a tombstone', async () => {
    const d = await driverFor((b) => b.table('t').groupBy((k, v) => [v, k], { keySerde: str, valueSerde: str })
      .reduce((a, v) => [a, v].sort().join(','), (a, v) => a.split(',').filter((x) => x !== v).join(',') || null, { storeName: 'members' })
      .toStream().to('out'));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput('x', 'g', 1);
    await input.pipeInput('y', 'g', 2);
    await input.pipeInput('x', 'h', 3);
    await input.pipeInput('y', null, 4);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['g', 'x'], ['g', 'x,y'], ['g', 'y'], ['h', 'x'], ['g', null]]);
    expect(d.getStateStore<TimestampedKeyValueStore<string, string>>('members').get('g')).to.equal(null);
    await d.close();
  });

  it('skips and reports a selected pair with a null key or value, as Kafka skips it', async () => {
    const d = await driverFor((b) => b.table('t').groupBy((k, v) => [v === 'none' ? null : v, k === 'x' ? null : k] as [string, string], { keySerde: str, valueSerde: str })
      .count({ storeName: 'c' }).toStream().to('out', { valueSerde: json<number>() }));
    const input = d.createInputTopic('t', str, str);
    await input.pipeInput('a', 'none', 1);
    await input.pipeInput('x', 'g', 2);
    await input.pipeInput('a', 'g', 3);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['g', 1]]);
    expect(d.dropped.map((r) => r.reason)).to.deep.equal(['table groupBy selected a null key for the new value', 'table groupBy selected a null value for the new value', 'table groupBy selected a null key for the old value']);
    await d.close();
  });

  it('repartitions through <app>-<store name>-repartition, or the Grouped name', async () => {
    const names: string[][] = [];
    for (const grouped of [{}, { name: 'regroup' }]) {
      const d = await driverFor((b) => b.table('t').groupBy((k, v) => [v, k], { ...grouped, keySerde: str, valueSerde: str }).count().toStream().to('out', { valueSerde: json<number>() }), { applicationId: 'app' });
      await d.createInputTopic('t', str, str).pipeInput('k', 'v', 1);
      names.push(d.producedTopicNames().filter((t) => t.endsWith('-repartition')));
      await d.close();
    }
    expect(names).to.deep.equal([['app-KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition'], ['app-regroup-repartition']]);
  });

  it('gives the same results on LevelDB stores', async () => {
    const d = await driverFor((b) => b.table('users').groupBy((user, region) => [region, user], { keySerde: str, valueSerde: str })
      .count({ storeName: 'per-region' }).toStream().to('out', { valueSerde: json<number>() }), { stateDir: tmpDir() });
    const input = d.createInputTopic('users', str, str);
    await input.pipeInput('alice', 'EU', 1);
    await input.pipeInput('alice', 'US', 2);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['EU', 1], ['EU', 0], ['US', 1]]);
    expect(d.getStateStore<TimestampedKeyValueStore<string, number>>('per-region').get('US')).to.deep.equal({ value: 1, timestamp: 2 });
    await d.close();
  });
});
