import { expect } from 'chai';
import { StreamsBuilder, TopologyTestDriver, Serdes, TimeWindows } from '../../../../core/streams/index.js';

describe('streams smoke', () => {
  it('counts words', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('lines')
      .flatMapValues((v) => v.toLowerCase().split(/\W+/).filter(Boolean))
      .groupBy((_k, w) => w)
      .count()
      .toStream()
      .to('counts', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    const topology = b.build();
    console.log(topology.describe().toString());
    const d = await TopologyTestDriver.create(topology);
    const input = d.createInputTopic('lines', Serdes.String(), Serdes.String());
    await input.pipeInput(null, 'the cat the hat', 1000);
    await input.pipeInput(null, 'a cat', 2000);
    const out = d.createOutputTopic('counts', Serdes.String(), Serdes.Json<number>());
    expect(out.readKeyValuesToList()).to.deep.equal([['the', 1], ['cat', 1], ['the', 2], ['hat', 1], ['a', 1], ['cat', 2]]);
    await d.close();
  });
  it('windows', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count().toStream((wk) => `${wk.key}@${wk.window.startMs}`).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    const d = await TopologyTestDriver.create(b.build());
    const input = d.createInputTopic('in', Serdes.String(), Serdes.String());
    for (const [k, t] of [['a', 1], ['a', 5], ['a', 12], ['a', 20], ['a', 3]] as const) await input.pipeInput(k, 'x', t);
    const out = d.createOutputTopic('out', Serdes.String(), Serdes.Json<number>());
    expect(out.readKeyValuesToList()).to.deep.equal([['a@0', 1], ['a@0', 2], ['a@10', 1], ['a@20', 1]]);
    expect(d.late.map((l) => l.timestamp)).to.deep.equal([3]);
    await d.close();
  });
});
