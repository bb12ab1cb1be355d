/** Shared set-up for the join tests: string topics in, string results out, with timestamps. */
import { Serdes, TopologyTestDriver, type Topology } from '../../../../../core/streams/index.js';
import { tmpDir } from '../../../../helpers/tmp-dir.js';

export type Row = [key: string | null, value: string | null, timestamp: number];

/** A driver over `topology` (LevelDB stores when `leveldb` is set) with string pipes and reads. */
export async function openDriver(topology: Topology, options: { leveldb?: boolean } = {}) {
  const driver = await TopologyTestDriver.create(topology, options.leveldb === true ? { stateDir: tmpDir('fjord-joins-') } : {});
  const s = Serdes.String();
  const inputs = new Map<string, ReturnType<TopologyTestDriver['createInputTopic']>>();
  const pipe = async (topic: string, key: string | null, value: string | null, timestamp: number) => {
    let input = inputs.get(topic);
    if (input === undefined) {
      input = driver.createInputTopic(topic, s, s);
      inputs.set(topic, input);
    }
    await input.pipeInput(key, value, timestamp);
  };
  const read = (topic = 'out'): Row[] => driver.createOutputTopic(topic, s, s).readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  const late = () => driver.late.map((l) => [l.key, l.value, l.timestamp]);
  return { driver, pipe, read, late };
}
