import { expect } from 'chai';
import { Serdes, StreamsBuilder, type KStream } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const hdr = (key: string, value: string) => ({ key, value: Buffer.from(value) });

describe('KStream stateless operators', () => {
  it('filter keeps the records whose predicate holds, with their timestamps and headers', async () => {
    const d = await driverFor((b) => b.stream('in').filter((_k, v) => v.startsWith('a')).to('out'));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('k1', 'apple', 10, [hdr('h', '1')]);
    await input.pipeInput('k2', 'banana', 20);
    await input.pipeInput('k3', 'avocado', 15);
    const out = d.createOutputTopic('out', str, str).readRecordsToList();
    expect(out.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['k1', 'apple', 10], ['k3', 'avocado', 15]]);
    expect(out[0]!.headers).to.deep.equal([hdr('h', '1')]);
    await d.close();
  });

  it('filterNot drops the records whose predicate holds', async () => {
    const d = await driverFor((b) => b.stream('in').filterNot((_k, v) => v.startsWith('a')).to('out'));
    const input = d.createInputTopic('in', str, str);
    await input.pipeKeyValueList([['k1', 'apple'], ['k2', 'banana'], ['k3', 'cherry']]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['k2', 'banana'], ['k3', 'cherry']]);
    await d.close();
  });

  it('map replaces key and value; the new types default to JSON', async () => {
    const d = await driverFor((b) => b.stream('in').map((k, v) => [{ id: k }, v.length] as [{ id: string }, number]).to('out'));
    await d.createInputTopic('in', str, str).pipeInput('a', 'xyz', 5);
    const out = d.createOutputTopic('out', json<{ id: string }>(), json<number>()).readRecordsToList();
    expect(out.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([[{ id: 'a' }, 3, 5]]);
    await d.close();
  });

  it('mapValues gives the mapper the value and the key, and keeps the key serde', async () => {
    const d = await driverFor((b) => b.stream('in').mapValues((v, k) => `${k}:${v.toUpperCase()}`).to('out', { valueSerde: Serdes.String() }));
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', 'x'], ['b', 'y']]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', 'a:X'], ['b', 'b:Y']]);
    await d.close();
  });

  it('flatMap emits zero or more records in order, each with the input timestamp', async () => {
    const d = await driverFor((b) => b.stream('in').flatMap((k, v) => v.split(',').filter(Boolean).map((w, i) => [`${k}${i}`, w] as [string, string])).to('out', { keySerde: str, valueSerde: str }));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', 'x,y', 7);
    await input.pipeInput('b', '', 8);
    await input.pipeInput('c', 'z', 9);
    const out = d.createOutputTopic('out', str, str).readRecordsToList();
    expect(out.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['a0', 'x', 7], ['a1', 'y', 7], ['c0', 'z', 9]]);
    await d.close();
  });

  it('flatMapValues keeps the key for every emitted value', async () => {
    const d = await driverFor((b) => b.stream('in').flatMapValues((v, k) => [...v].map((c) => `${k}-${c}`)).to('out', { valueSerde: str }));
    await d.createInputTopic('in', str, str).pipeInput('k', 'ab', 1);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['k', 'k-a'], ['k', 'k-b']]);
    await d.close();
  });

  it('selectKey replaces the key and keeps the value', async () => {
    const d = await driverFor((b) => b.stream('in').selectKey((_k, v) => v.slice(0, 1)).to('out', { keySerde: str }));
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'apple'], [null, 'berry']]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', 'apple'], ['b', 'berry']]);
    await d.close();
  });

  it('peek sees every record and forwards it unchanged; foreach is terminal', async () => {
    const peeked: [string, string][] = [];
    const each: [string, string][] = [];
    const d = await driverFor((b) => {
      const s = b.stream('in').peek((k, v) => peeked.push([k, v]));
      s.to('out');
      s.foreach((k, v) => each.push([k, v]));
    });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', '1'], ['b', '2']]);
    expect(peeked).to.deep.equal([['a', '1'], ['b', '2']]);
    expect(each).to.deep.equal([['a', '1'], ['b', '2']]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', '1'], ['b', '2']]);
    await d.close();
  });

  it('merge interleaves both inputs in arrival order', async () => {
    const d = await driverFor((b) => b.stream('left').merge(b.stream('right')).to('out'));
    const left = d.createInputTopic('left', str, str);
    const right = d.createInputTopic('right', str, str);
    await left.pipeInput('l', '1', 1);
    await right.pipeInput('r', '2', 2);
    await left.pipeInput('l', '3', 3);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['l', '1'], ['r', '2'], ['l', '3']]);
    await d.close();
  });
});

describe('KStream.split', () => {
  function fruitSplit(s: KStream<string, string>, withDefault: boolean) {
    const split = s.split({ name: 'fruit-' })
      .branch((_k, v) => v.startsWith('a'), { name: 'a' })
      .branch((_k, v) => v.length > 5, { name: 'long' });
    return withDefault ? split.defaultBranch({ name: 'other' }) : split.noDefaultBranch();
  }

  it('sends each record to the first branch whose predicate holds, named <split name><branch name>', async () => {
    let names: string[] = [];
    const d = await driverFor((b) => {
      const branches = fruitSplit(b.stream('in'), true);
      names = [...branches.keys()];
      branches.get('fruit-a')!.to('a');
      branches.get('fruit-long')!.to('long');
      branches.get('fruit-other')!.to('other');
    });
    expect(names).to.deep.equal(['fruit-a', 'fruit-long', 'fruit-other']);
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'apple'], ['2', 'avocado'], ['3', 'banana'], ['4', 'fig']]);
    expect(d.createOutputTopic('a', str, str).readValuesToList()).to.deep.equal(['apple', 'avocado']);
    expect(d.createOutputTopic('long', str, str).readValuesToList()).to.deep.equal(['banana']);
    expect(d.createOutputTopic('other', str, str).readValuesToList()).to.deep.equal(['fig']);
    await d.close();
  });

  it('drops records that match no branch when there is no default branch', async () => {
    const d = await driverFor((b) => {
      const branches = fruitSplit(b.stream('in'), false);
      expect([...branches.keys()]).to.deep.equal(['fruit-a', 'fruit-long']);
      branches.get('fruit-a')!.merge(branches.get('fruit-long')!).to('out');
    });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'fig'], ['2', 'apple'], ['3', 'banana']]);
    expect(d.createOutputTopic('out', str, str).readValuesToList()).to.deep.equal(['apple', 'banana']);
    await d.close();
  });

  it('names unnamed branches by position after a generated split name, the default branch 0', async () => {
    let names: string[] = [];
    await driverFor((b) => {
      names = [...b.stream('in').split().branch(() => true).branch(() => false).defaultBranch().keys()];
    }).then((d) => d.close());
    expect(names).to.deep.equal(['KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-00000000012', 'KSTREAM-BRANCH-00000000010']);
  });

  it('applies a branch chain and keeps what it returns (nothing for a consumer-style chain)', async () => {
    const seen: string[] = [];
    const d = await driverFor((b) => {
      const branches = b.stream('in').split({ name: 's-' })
        .branch((_k, v) => v === 'x', { name: 'x', chain: (s) => s.mapValues((v) => v.toUpperCase()) })
        .branch((_k, v) => v === 'y', { name: 'y', chain: (s) => { s.foreach((_k, v) => seen.push(v)); } })
        .noDefaultBranch();
      expect([...branches.keys()]).to.deep.equal(['s-x']);
      branches.get('s-x')!.to('out');
    });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'x'], ['2', 'y']]);
    expect(d.createOutputTopic('out', str, json<string>()).readValuesToList()).to.deep.equal(['X']);
    expect(seen).to.deep.equal(['y']);
    await d.close();
  });

  it('rejects two branches with the same name', () => {
    return driverFor((b) => {
      expect(() => b.stream('in').split({ name: 's-' }).branch(() => true, { name: 'x' }).branch(() => true, { name: 'x' }))
        .to.throw(/a node named s-x already exists/);
    }).then((d) => d.close());
  });
});

describe('KStream.repartition / to / toTable', () => {
  it('repartition() writes through <app>-<generated name>-repartition and continues from it', async () => {
    const d = await driverFor((b) => b.stream('in').selectKey((_k, v) => v).repartition().to('out'), { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeInput('a', 'x', 3);
    expect(d.createOutputTopic('app-KSTREAM-REPARTITION-0000000002-repartition', json<string>(), str).readKeyValuesToList()).to.deep.equal([['x', 'x']]);
    expect(d.createOutputTopic('out', json<string>(), str).readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['x', 'x', 3]]);
    await d.close();
  });

  it('repartition({name, partitioner}) names the topic and asks the partitioner for each record', async () => {
    const calls: unknown[][] = [];
    const d = await driverFor((b) => b.stream('in').repartition({
      name: 'by-user', keySerde: str, valueSerde: str,
      partitioner: (topic, key, value, n) => { calls.push([topic, key, value, n]); return 0; },
    }).to('out'), { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeInput('u1', 'v', 1);
    expect(calls).to.deep.equal([['app-by-user-repartition', 'u1', 'v', 1]]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['u1', 'v']]);
    await d.close();
  });

  it('repartition() records the requested partition count and rejects a bad one', async () => {
    const b = new StreamsBuilder();
    const s = b.stream('in');
    s.repartition({ name: 'four', numberOfPartitions: 4 });
    expect(() => s.repartition({ name: 'zero', numberOfPartitions: 0 })).to.throw(/repartition\(zero\): numberOfPartitions must be an integer >= 1, got 0/);
    expect(b.build().repartitionTopics.get('four-repartition')).to.deep.equal({ partitions: 4 });
  });

  it('to() with a partitioner calls it with the topic, key, value and partition count', async () => {
    const calls: unknown[][] = [];
    const d = await driverFor((b) => b.stream('in').to('out', { partitioner: (topic, key, value, n) => { calls.push([topic, key, value, n]); return undefined; } }));
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', '1'], ['b', '2']]);
    expect(calls).to.deep.equal([['out', 'a', '1', 1], ['out', 'b', '2', 1]]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', '1'], ['b', '2']]);
    await d.close();
  });

  it('to() with a topic extractor routes each record to the topic it picks, with the source record context', async () => {
    const contexts: unknown[] = [];
    const d = await driverFor((b) => b.stream('in').to((_k, v, ctx) => { contexts.push(ctx); return `out-${v}`; }));
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', 'x'], ['b', 'y'], ['c', 'x']]);
    expect(d.createOutputTopic('out-x', str, str).readKeyValuesToList()).to.deep.equal([['a', 'x'], ['c', 'x']]);
    expect(d.createOutputTopic('out-y', str, str).readKeyValuesToList()).to.deep.equal([['b', 'y']]);
    expect(contexts).to.deep.equal([{ topic: 'in', partition: 0, offset: 0n }, { topic: 'in', partition: 0, offset: 1n }, { topic: 'in', partition: 0, offset: 2n }]);
    await d.close();
  });

  it('to() rejects an empty topic name', async () => {
    await driverFor((b) => {
      expect(() => b.stream('in').to('')).to.throw(/topic name must not be empty/);
    }).then((d) => d.close());
  });

  it('toTable keeps the latest value per key, forwards updates and turns null values into deletes', async () => {
    const d = await driverFor((b) => b.stream('in').toTable({ storeName: 'latest' }).toStream().to('out'));
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('b', '2', 2);
    await input.pipeInput('a', '3', 3);
    await input.pipeInput('b', null, 4);
    await input.pipeInput('c', null, 5); // deleting an absent key stores nothing but is forwarded, as Kafka
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', '1'], ['b', '2'], ['a', '3'], ['b', null], ['c', null]]);
    const store = d.getStateStore<{ get(k: string): { value: string; timestamp: number } | null }>('latest');
    expect(store.get('a')).to.deep.equal({ value: '3', timestamp: 3 });
    expect(store.get('b')).to.equal(null);
    await d.close();
  });

  it('toTable after a key change repartitions first, on LevelDB stores too', async () => {
    const d = await driverFor((b) => b.stream('in').selectKey((_k, v) => v.split('=')[0]!).mapValues((v) => v.split('=')[1]!).toTable({ storeName: 'kv', keySerde: str, valueSerde: str }).toStream().to('out'), { stateDir: tmpDir(), applicationId: 'app' });
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput(null, 'x=1', 1);
    await input.pipeInput(null, 'y=2', 2);
    await input.pipeInput(null, 'x=3', 3);
    expect(d.producedTopicNames()).to.include('app-KSTREAM-TOTABLE-0000000003-repartition');
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['x', '1'], ['y', '2'], ['x', '3']]);
    expect(d.getStateStore<{ get(k: string): { value: string } | null }>('kv').get('x')!.value).to.equal('3');
    await d.close();
  });
});
