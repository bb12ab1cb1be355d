/** Shared helpers for the DSL tests: build a topology in a callback and run it in a TopologyTestDriver. */
import { StreamsBuilder, TopologyTestDriver, Serdes, type TopologyTestDriverOptions } from '../../../../core/streams/index.js';

/** Builds a topology with `define` and opens a driver on it (memory stores unless `stateDir`). */
export async function driverFor(define: (builder: StreamsBuilder) => void, options: TopologyTestDriverOptions = {}): Promise<TopologyTestDriver> {
  const builder = new StreamsBuilder();
  define(builder);
  return TopologyTestDriver.create(builder.build(), options);
}

export const str = Serdes.String();
export const json = <T>() => Serdes.Json<T>();
