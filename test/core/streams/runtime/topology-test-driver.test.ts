import { expect } from 'chai';
import { Serdes, StreamsBuilder, TopologyTestDriver, type TimestampedKeyValueStore } from '../../../../core/streams/index.js';
import { FjordError } from '../../../../core/errors.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

function counting() {
  const b = new StreamsBuilder();
  b.stream<string, string>('in').groupByKey().count({ storeName: 'n' });
  return b.build();
}

describe('TopologyTestDriver', () => {
  it('commit() flushes LevelDB stores so a driver reopened on the same stateDir sees them', async () => {
    const stateDir = tmpDir();
    const first = await TopologyTestDriver.create(counting(), { stateDir });
    const input = first.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'a', 1);
    await input.pipeInput('k', 'b', 2);
    await first.commit();
    await input.pipeInput('k', 'c', 3); // not committed: lost with the close, as after a crash
    await first.close();
    const second = await TopologyTestDriver.create(counting(), { stateDir });
    expect(second.getStateStore<TimestampedKeyValueStore<string, number>>('n').get('k')).to.deep.equal({ value: 2, timestamp: 2 });
    await second.close();
  });

  it('names the store and the processor when a processor reads a store it is not connected to', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in').process(() => {
      let ctx: { getStateStore(name: string): unknown };
      return { init: (c) => void (ctx = c), process: () => void ctx.getStateStore('missing') };
    }, { name: 'reader' });
    const driver = await TopologyTestDriver.create(b.build());
    let error: unknown;
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 1).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(FjordError);
    expect((error as Error).message).to.equal('processor reader is not connected to state store missing; connect it when adding the processor (stores: [])');
    await driver.close();
  });
});
