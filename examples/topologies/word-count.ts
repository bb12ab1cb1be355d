/**
 * The word-count topology of examples/word-count, on its own so `fjord topology` can draw it:
 * lines → flatMapValues → groupBy (a repartition) → count → word-counts. examples/word-count runs it.
 */
import { Serdes, StreamsBuilder, type Topology } from '../../core/streams/index.js';

export function buildTopology(): Topology {
  const builder = new StreamsBuilder();
  builder.stream<string | null, string>('lines')
    .flatMapValues((line) => line.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w !== ''))
    .groupBy((_key, word) => word, { keySerde: Serdes.String() })
    .count({ storeName: 'word-counts-store' })
    .toStream()
    .to('word-counts', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
  return builder.build();
}

export default buildTopology;
