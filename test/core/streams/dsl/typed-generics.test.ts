/**
 * Compile-time checks of the DSL's generics: `npm run typecheck` fails if a type here stops
 * flowing (each `@ts-expect-error` line must stay an error). The test body runs the same pipeline.
 */
import { expect } from 'chai';
import {
  StreamsBuilder, Serdes, TimeWindows, TopologyTestDriver,
  type KGroupedStream, type KStream, type KTable, type ProcessorSupplier, type Windowed,
} from '../../../../core/streams/index.js';

interface Order { id: string; amount: number }

function build(b: StreamsBuilder) {
  const orders: KStream<string, Order> = b.stream('orders', { keySerde: Serdes.String(), valueSerde: Serdes.Json<Order>() });
  const amounts: KStream<string, number> = orders.mapValues((o) => o.amount);
  const byCustomer: KGroupedStream<string, number> = amounts.groupByKey();
  const totals: KTable<string, number> = byCustomer.reduce((a, v) => a + v, { storeName: 'totals', valueSerde: Serdes.Double() });
  const perWindow: KTable<Windowed<string>, number> = byCustomer.windowedBy(TimeWindows.ofSizeWithNoGrace(1000)).count();
  const windowStart: KStream<number, number | null> = perWindow.toStream((wk) => wk.window.startMs);
  void windowStart;
  const rekeyed: KStream<number, Order> = orders.selectKey((_k, o) => o.amount);
  const pairs: KStream<string, [string, number]> = orders.map((k, o) => [o.id, [k, o.amount]] as [string, [string, number]]);
  void pairs;
  void rekeyed;
  const label: ProcessorSupplier<string, number, string, string> = () => {
    let forward: (r: { key: string; value: string; timestamp: number; headers: [] }) => void;
    return { init(ctx) { forward = (r) => ctx.forward(r); }, process(r) { forward({ key: r.key, value: `${r.value}`, timestamp: r.timestamp, headers: [] }); } };
  };
  const labelled: KStream<string, string> = amounts.process(label);
  totals.toStream().to('totals', { valueSerde: Serdes.Double() });
  labelled.to('labelled', { valueSerde: Serdes.String() });
}

/** Never called: each line must fail to compile (tsc reports an unused @ts-expect-error otherwise). */
export function typeErrors(b: StreamsBuilder, orders: KStream<string, Order>, amounts: KStream<string, number>, label: ProcessorSupplier<string, number, string, string>): void {
  // @ts-expect-error a number has no toUpperCase
  amounts.mapValues((v) => v.toUpperCase());
  // @ts-expect-error a reducer must return the value type
  amounts.groupByKey().reduce((a, v) => `${a}${v}`);
  // @ts-expect-error keys are numbers after selectKey
  orders.selectKey((_k, o) => o.amount).filter((k: string) => k.length > 0);
  // @ts-expect-error the supplier's input types must match the stream
  orders.process(label);
  // @ts-expect-error Consumed serdes must match the declared types
  b.stream<string, number>('other', { valueSerde: Serdes.String() });
  // @ts-expect-error a table groupBy selector returns a [key, value] pair
  orders.toTable().groupBy((_k, o) => o.id);
}

describe('DSL generics', () => {
  it('a typed pipeline compiles and runs', async () => {
    const b = new StreamsBuilder();
    build(b);
    const d = await TopologyTestDriver.create(b.build());
    const input = d.createInputTopic('orders', Serdes.String(), Serdes.Json<Order>());
    await input.pipeInput('c1', { id: 'o1', amount: 2.5 }, 1);
    await input.pipeInput('c1', { id: 'o2', amount: 4 }, 2);
    expect(d.createOutputTopic('totals', Serdes.String(), Serdes.Double()).readKeyValuesToList()).to.deep.equal([['c1', 2.5], ['c1', 6.5]]);
    expect(d.createOutputTopic('labelled', Serdes.String(), Serdes.String()).readValuesToList()).to.deep.equal(['2.5', '4']);
    await d.close();
  });
});
