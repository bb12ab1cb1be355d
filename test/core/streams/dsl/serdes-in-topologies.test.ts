import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { Serdes, TimeWindows, timeWindowedSerde, type Windowed } from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const raw = Serdes.ByteArray();

describe('Serdes in topologies', () => {
  it('typed serdes read and write Kafka\'s byte layouts (Long keys, Double values)', async () => {
    const d = await driverFor((b) => b.stream('in', { keySerde: Serdes.Long(), valueSerde: Serdes.Double() })
      .mapValues((v) => v * 2)
      .to('out', { valueSerde: Serdes.Double() }));
    await d.createInputTopic('in', Serdes.Long(), Serdes.Double()).pipeInput(7n, 1.25, 1);
    const [record] = d.createOutputTopic('out', raw, raw).readRecordsToList();
    expect(record!.key).to.deep.equal(Buffer.from([0, 0, 0, 0, 0, 0, 0, 7]));
    const expected = Buffer.alloc(8);
    expected.writeDoubleBE(2.5);
    expect(record!.value).to.deep.equal(expected);
    await d.close();
  });

  it('an operator that keeps the type keeps the source serde; one that changes it defaults to JSON', async () => {
    const d = await driverFor((b) => {
      const s = b.stream('in', { valueSerde: Serdes.Integer() });
      s.filter((_k, v) => v > 0).to('same');
      s.mapValues((v) => ({ doubled: v * 2 })).to('changed');
    });
    await d.createInputTopic('in', str, Serdes.Integer()).pipeInput('k', 21, 1);
    expect(d.createOutputTopic('same', raw, raw).readValuesToList()).to.deep.equal([Buffer.from([0, 0, 0, 21])]);
    expect(d.createOutputTopic('changed', raw, raw).readValuesToList().map((v) => v!.toString())).to.deep.equal(['{"doubled":42}']);
    await d.close();
  });

  it('groups by object keys through the JSON default serde, in a LevelDB store', async () => {
    const d = await driverFor((b) => b.stream('in').groupBy((_k, v) => ({ first: v[0] })).count().toStream().to('out'), { stateDir: tmpDir() });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'ab'], ['2', 'ac'], ['3', 'b']]);
    expect(d.createOutputTopic('out', json<{ first: string }>(), json<number>()).readKeyValuesToList()).to.deep.equal([[{ first: 'a' }, 1], [{ first: 'a' }, 2], [{ first: 'b' }, 1]]);
    await d.close();
  });

  it('windowed keys go out in Kafka\'s time-windowed layout (key bytes, then the 8-byte start)', async () => {
    const d = await driverFor((b) => b.stream('in').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().toStream()
      .to('out', { keySerde: timeWindowedSerde(str, 10), valueSerde: json<number>() }));
    await d.createInputTopic('in', str, str).pipeInput('k', 'x', 25);
    const bytes = d.createOutputTopic('out', raw, raw).readRecordsToList()[0]!.key!;
    expect(bytes).to.deep.equal(Buffer.concat([Buffer.from('k'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 20])]));
    const decoded: Windowed<string> | null = timeWindowedSerde(str, 10).deserialize('out', bytes);
    expect(decoded).to.deep.equal({ key: 'k', window: { startMs: 20, endMs: 30 } });
    await d.close();
  });

  it('bad input bytes fail with a clear error naming the serde, topic, partition and offset', async () => {
    const d = await driverFor((b) => b.stream('in', { valueSerde: Serdes.Integer() }).to('out'));
    const input = d.createInputTopic('in', str, Serdes.Integer());
    await input.pipeInput('k', 1, 1);
    let error: FjordError | undefined;
    await input.pipeRaw(Buffer.from('k'), Buffer.from([1, 2, 3]), 2).catch((e: FjordError) => { error = e; });
    expect(error).to.be.instanceOf(FjordError);
    expect(error!.code).to.equal('CORRUPT_MESSAGE');
    expect(error!.message).to.contain('cannot deserialize the record at in-0 offset 1');
    expect(error!.message).to.contain("Integer serde on topic 'in': expected 4 bytes, got 3");
    await d.close();
  });

  it('a value of the wrong type for the output serde fails naming the serde and topic', async () => {
    const d = await driverFor((b) => b.stream('in').mapValues((v) => v.length).to('out', { valueSerde: Serdes.String() as never }));
    let error: FjordError | undefined;
    await d.createInputTopic('in', str, str).pipeInput('k', 'abc', 1).catch((e: FjordError) => { error = e; });
    expect(error?.code).to.equal('INVALID_RECORD');
    expect(error?.message).to.contain("String serde on topic 'out': expected a string, got number");
    await d.close();
  });
});
