import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { StreamsBuilder, type TimestampedKeyValueStore, type TimestampExtractor } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('StreamsBuilder sources', () => {
  it('stream() over several topics reads each of them', async () => {
    const d = await driverFor((b) => b.stream(['a', 'b']).to('out'));
    await d.createInputTopic('a', str, str).pipeInput('1', 'x', 1);
    await d.createInputTopic('b', str, str).pipeInput('2', 'y', 2);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['1', 'x'], ['2', 'y']]);
    await d.close();
  });

  it('stream(pattern) reads every topic whose name matches', async () => {
    const d = await driverFor((b) => b.stream(/^events-.+$/).mapValues((v, k) => `${k}:${v}`).to('out', { valueSerde: str }));
    await d.createInputTopic('events-a', str, str).pipeInput('1', 'x', 1);
    await d.createInputTopic('events-b', str, str).pipeInput('2', 'y', 2);
    expect(d.createOutputTopic('out', str, str).readValuesToList()).to.deep.equal(['1:x', '2:y']);
    let error: Error | undefined;
    await d.createInputTopic('other', str, str).pipeInput('3', 'z', 3).catch((e: Error) => { error = e; });
    expect(error?.message).to.contain('topic other is not an input of this topology');
    await d.close();
  });

  it('a timestamp extractor sets event time, which windows and results then use', async () => {
    const fromValue: TimestampExtractor = (record) => Number((record.value as string).split('@')[1]);
    const d = await driverFor((b) => b.stream('in', { timestampExtractor: fromValue }).to('out'));
    await d.createInputTopic('in', str, str).pipeInput('k', 'v@42', 1000);
    expect(d.createOutputTopic('out', str, str).readRecordsToList().map((r) => r.timestamp)).to.deep.equal([42]);
    await d.close();
  });

  it('a timestamp extractor returning a negative or fractional time fails naming the record', async () => {
    const d = await driverFor((b) => b.stream('in', { timestampExtractor: () => -5 }).to('out'));
    let error: FjordError | undefined;
    await d.createInputTopic('in', str, str).pipeInput('k', 'v', 1).catch((e: FjordError) => { error = e; });
    expect(error?.message).to.contain('record at in-0 offset 0 has invalid timestamp -5; use a timestampExtractor that returns epoch milliseconds >= 0');
    await d.close();
  });

  it('table() with Materialized keeps its rows in the named store; Consumed names the source nodes', async () => {
    const b = new StreamsBuilder();
    b.table('users', { name: 'users-in' }, { storeName: 'users-store' });
    const text = b.build().describe().toString();
    expect(text).to.contain('Source: users-in (topics: [users])\n      --> users-in-table-source\n');
    expect(text).to.contain('Processor: users-in-table-source (stores: [users-store])\n');
    const d = await driverFor((bb) => { bb.table('users', {}, { storeName: 'users-store' }); }, { stateDir: tmpDir() });
    const input = d.createInputTopic('users', str, str);
    await input.pipeInput('u1', 'Ann', 5);
    await input.pipeInput('u2', 'Bo', 6);
    await input.pipeInput('u1', null, 7);
    const store = d.getStateStore<TimestampedKeyValueStore<string, string>>('users-store');
    expect([store.get('u1'), store.get('u2')]).to.deep.equal([null, { value: 'Bo', timestamp: 6 }]);
    await d.close();
  });

  it('an unnamed table store is <topic>-STATE-STORE-<index>, as in Kafka', async () => {
    const b = new StreamsBuilder();
    const t = b.table('users');
    expect(t.queryableStoreName()).to.equal('users-STATE-STORE-0000000000');
  });

  it('getStateStore names the stores that exist when asked for an unknown one', async () => {
    const d = await driverFor((b) => { b.stream('in').groupByKey().count({ storeName: 'counts' }); });
    expect(() => d.getStateStore('nope')).to.throw(/no state store named nope in this topology \(stores: counts\)/);
    await d.close();
  });

  it('a Materialized store with persistent: false stays in memory even with a state directory', async () => {
    const dir = tmpDir();
    const d = await driverFor((b) => {
      const grouped = b.stream('in').groupByKey();
      grouped.count({ storeName: 'disk' });
      grouped.count({ storeName: 'mem', persistent: false }).toStream().to('out', { valueSerde: json<number>() });
    }, { stateDir: dir });
    await d.createInputTopic('in', str, str).pipeInput('k', 'v', 1);
    expect(d.createOutputTopic('out', str, json<number>()).readKeyValuesToList()).to.deep.equal([['k', 1]]);
    const { readdirSync } = await import('node:fs');
    const entries = readdirSync(`${dir}/test-driver/0_0`);
    expect(entries).to.include('disk');
    expect(entries).to.not.include('mem');
    await d.close();
  });
});
