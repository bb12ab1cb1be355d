/** Shared plumbing for the windowing tests: build a topology, pipe records, read rows. */
import type { Processor } from '../../../../../core/streams/index.js';
import { Serdes, StreamsBuilder, TopologyTestDriver, type KStream, type KTable, type Topology, type Windowed } from '../../../../../core/streams/index.js';
import type { Change } from '../../../../../core/streams/dsl/change.js';
import { tmpDir } from '../../../../helpers/tmp-dir.js';

/** One input record: key, value, timestamp. */
export type In = [key: string | null, value: string | null, timestampMs: number];

/** One output row: readable window key, value, timestamp. */
export type Row = [key: string, value: unknown, timestampMs: number];

/** `a@10-20`: the key and its window bounds. */
export function windowKey(wk: Windowed<string>): string {
  return `${wk.key}@${wk.window.startMs}-${wk.window.endMs}`;
}

/** Writes a windowed table's stream to `out` with readable string keys (values as JSON). */
export function toOut<V>(table: KTable<Windowed<string>, V>): void {
  table.toStream((wk) => windowKey(wk)).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.Json<V | null>() });
}

/** The input stream every test reads: string keys and values from topic `in`. */
export function input(b: StreamsBuilder): KStream<string, string> {
  return b.stream<string, string>('in', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
}

export interface Run {
  rows: Row[];
  late: number[];
  dropped: string[];
}

/** Pipes `records` into `in` of a fresh driver (LevelDB when `leveldb`) and collects `out`, late and dropped records. */
export async function run(build: (b: StreamsBuilder) => void, records: In[], options: { leveldb?: boolean } = {}): Promise<Run> {
  const b = new StreamsBuilder();
  build(b);
  const driver = await TopologyTestDriver.create(b.build(), options.leveldb === true ? { stateDir: tmpDir('fjord-windowing-') } : {});
  try {
    const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    for (const [k, v, t] of records) await topic.pipeInput(k, v, t);
    return { ...collect(driver), dropped: driver.dropped.map((d) => d.reason) };
  } finally {
    await driver.close();
  }
}

/** The rows written to `out` so far, and the late timestamps. */
export function collect(driver: TopologyTestDriver): { rows: Row[]; late: number[] } {
  const rows = driver.createOutputTopic('out', Serdes.String(), Serdes.Json<unknown>()).readRecordsToList().map((r): Row => [r.key!, r.value, r.timestamp]);
  return { rows, late: driver.late.map((l) => l.timestamp) };
}

/** Pipes records one by one and returns the rows each one produced (for "nothing before close"). */
export async function rowsPerRecord(driver: TopologyTestDriver, records: In[]): Promise<Row[][]> {
  const topic = driver.createInputTopic('in', Serdes.String(), Serdes.String());
  const out = driver.createOutputTopic('out', Serdes.String(), Serdes.Json<unknown>());
  const result: Row[][] = [];
  for (const [k, v, t] of records) {
    await topic.pipeInput(k, v, t);
    result.push(out.readRecordsToList().map((r): Row => [r.key!, r.value, r.timestamp]));
  }
  return result;
}

/** A processor appended to `parent` that records the exact Change records a table node forwards. */
export function captureChanges(topology: Topology, parent: string): { key: string; value: Change<unknown>; timestamp: number }[] {
  const seen: { key: string; value: Change<unknown>; timestamp: number }[] = [];
  topology.addProcessor(`capture-${parent}`, (): Processor<Windowed<string>, Change<unknown>> => ({
    process(r) {
      seen.push({ key: windowKey(r.key), value: r.value, timestamp: r.timestamp });
    },
  }), parent);
  return seen;
}
