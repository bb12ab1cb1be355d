import { expect } from 'chai';
import { StreamsBuilder, Stores, Serdes, Topology } from '../../../../core/streams/index.js';
import { planTopics } from '../../../../core/streams/runtime/internal-topics.js';
import { driverFor, str } from './helpers.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('Topology.describe()', () => {
  it('prints a stateless topology in Kafka Streams\' layout', () => {
    const b = new StreamsBuilder();
    b.stream('in').filter((_k, v) => v !== '').mapValues((v) => v.length).to('out');
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [in])',
      '      --> KSTREAM-FILTER-0000000001',
      '    Processor: KSTREAM-FILTER-0000000001 (stores: [])',
      '      --> KSTREAM-MAPVALUES-0000000002',
      '      <-- KSTREAM-SOURCE-0000000000',
      '    Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])',
      '      --> KSTREAM-SINK-0000000003',
      '      <-- KSTREAM-FILTER-0000000001',
      '    Sink: KSTREAM-SINK-0000000003 (topic: out)',
      '      <-- KSTREAM-MAPVALUES-0000000002',
      '',
    ));
  });

  it('orders nodes and children by the size of the graph below them, then by name, as Kafka does', () => {
    const b = new StreamsBuilder();
    const s = b.stream('in');
    s.filter(() => true).to('a');
    s.mapValues((v) => v).mapValues((v) => v).to('b');
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [in])',
      '      --> KSTREAM-MAPVALUES-0000000003, KSTREAM-FILTER-0000000001',
      '    Processor: KSTREAM-MAPVALUES-0000000003 (stores: [])',
      '      --> KSTREAM-MAPVALUES-0000000004',
      '      <-- KSTREAM-SOURCE-0000000000',
      '    Processor: KSTREAM-FILTER-0000000001 (stores: [])',
      '      --> KSTREAM-SINK-0000000002',
      '      <-- KSTREAM-SOURCE-0000000000',
      '    Processor: KSTREAM-MAPVALUES-0000000004 (stores: [])',
      '      --> KSTREAM-SINK-0000000005',
      '      <-- KSTREAM-MAPVALUES-0000000003',
      '    Sink: KSTREAM-SINK-0000000002 (topic: a)',
      '      <-- KSTREAM-FILTER-0000000001',
      '    Sink: KSTREAM-SINK-0000000005 (topic: b)',
      '      <-- KSTREAM-MAPVALUES-0000000004',
      '',
    ));
  });

  it('prints word count as Kafka does: two sub-topologies joined by <store>-repartition', () => {
    const b = new StreamsBuilder();
    b.stream('streams-plaintext-input')
      .flatMapValues((v) => v.toLowerCase().split(/\W+/))
      .groupBy((_k, word) => word, { keySerde: str })
      .count({ storeName: 'counts-store' })
      .toStream()
      .to('streams-wordcount-output', { valueSerde: Serdes.Json<number>() });
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])',
      '      --> KSTREAM-FLATMAPVALUES-0000000001',
      '    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])',
      '      --> KSTREAM-KEY-SELECT-0000000002',
      '      <-- KSTREAM-SOURCE-0000000000',
      '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])',
      '      --> counts-store-repartition-filter',
      '      <-- KSTREAM-FLATMAPVALUES-0000000001',
      '    Processor: counts-store-repartition-filter (stores: [])',
      '      --> counts-store-repartition-sink',
      '      <-- KSTREAM-KEY-SELECT-0000000002',
      '    Sink: counts-store-repartition-sink (topic: counts-store-repartition)',
      '      <-- counts-store-repartition-filter',
      '',
      '  Sub-topology: 1',
      '    Source: counts-store-repartition-source (topics: [counts-store-repartition])',
      '      --> KSTREAM-AGGREGATE-0000000003',
      '    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])',
      '      --> KTABLE-TOSTREAM-0000000007',
      '      <-- counts-store-repartition-source',
      '    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])',
      '      --> KSTREAM-SINK-0000000008',
      '      <-- KSTREAM-AGGREGATE-0000000003',
      '    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)',
      '      <-- KTABLE-TOSTREAM-0000000007',
      '',
    ));
  });

  it('prints a table groupBy aggregation as Kafka: select, repartition sink and source, aggregate', () => {
    const b = new StreamsBuilder();
    b.table('t').groupBy((k, v) => [v, k], { keySerde: str, valueSerde: str }).count().toStream().to('out');
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000001 (topics: [t])',
      '      --> KTABLE-SOURCE-0000000002',
      '    Processor: KTABLE-SOURCE-0000000002 (stores: [t-STATE-STORE-0000000000])',
      '      --> KTABLE-SELECT-0000000003',
      '      <-- KSTREAM-SOURCE-0000000001',
      '    Processor: KTABLE-SELECT-0000000003 (stores: [])',
      '      --> KSTREAM-SINK-0000000005',
      '      <-- KTABLE-SOURCE-0000000002',
      '    Sink: KSTREAM-SINK-0000000005 (topic: KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition)',
      '      <-- KTABLE-SELECT-0000000003',
      '',
      '  Sub-topology: 1',
      '    Source: KSTREAM-SOURCE-0000000006 (topics: [KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition])',
      '      --> KTABLE-AGGREGATE-0000000007',
      '    Processor: KTABLE-AGGREGATE-0000000007 (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])',
      '      --> KTABLE-TOSTREAM-0000000008',
      '      <-- KSTREAM-SOURCE-0000000006',
      '    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])',
      '      --> KSTREAM-SINK-0000000009',
      '      <-- KTABLE-AGGREGATE-0000000007',
      '    Sink: KSTREAM-SINK-0000000009 (topic: out)',
      '      <-- KTABLE-TOSTREAM-0000000008',
      '',
    ));
  });

  it('unnamed, the repartition topic and its nodes take generated names after the store', () => {
    const b = new StreamsBuilder();
    b.stream('in').selectKey((_k, v) => v).groupByKey().count();
    const text = b.build().describe().toString();
    expect(text).to.contain('    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition)\n      <-- KSTREAM-FILTER-0000000005\n');
    expect(text).to.contain('  Sub-topology: 1\n    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition])\n      --> KSTREAM-AGGREGATE-0000000003\n');
    expect(text).to.contain('    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])\n      --> none\n');
  });

  it('numbers a global store sub-topology in place and keeps its store off the joining processor', () => {
    const b = new StreamsBuilder();
    const products = b.globalTable('products');
    b.stream('orders').leftJoinGlobal(products, (_k, v) => v, (order, product) => `${order}:${product}`).to('enriched');
    const topology = b.build();
    expect(topology.describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0 for global store (will not generate tasks)',
      '    Source: KSTREAM-SOURCE-0000000001 (topics: [products])',
      '      --> KTABLE-SOURCE-0000000002',
      '    Processor: KTABLE-SOURCE-0000000002 (stores: [products-STATE-STORE-0000000000])',
      '      --> none',
      '      <-- KSTREAM-SOURCE-0000000001',
      '  Sub-topology: 1',
      '    Source: KSTREAM-SOURCE-0000000003 (topics: [orders])',
      '      --> KSTREAM-LEFTJOIN-0000000004',
      '    Processor: KSTREAM-LEFTJOIN-0000000004 (stores: [])',
      '      --> KSTREAM-SINK-0000000005',
      '      <-- KSTREAM-SOURCE-0000000003',
      '    Sink: KSTREAM-SINK-0000000005 (topic: enriched)',
      '      <-- KSTREAM-LEFTJOIN-0000000004',
      '',
    ));
    const subs = topology.subTopologies();
    expect(subs.map((s) => [s.id, s.global, s.stores.map((st) => st.name)])).to.deep.equal([[0, true, ['products-STATE-STORE-0000000000']], [1, false, []]]);
  });

  it('a stream-globalTable join runs in the stream\'s task and reads the global store', async () => {
    const d = await driverFor((b) => {
      const products = b.globalTable('products');
      b.stream('orders').leftJoinGlobal(products, (_k, v) => v, (order, product) => `${order}:${product}`).to('enriched', { valueSerde: str });
    });
    await d.createInputTopic('products', str, str).pipeInput('p1', 'Pen', 1);
    const orders = d.createInputTopic('orders', str, str);
    await orders.pipeInput('o1', 'p1', 2);
    await orders.pipeInput('o2', 'p9', 3);
    expect(d.createOutputTopic('enriched', str, str).readKeyValuesToList()).to.deep.equal([['o1', 'p1:Pen'], ['o2', 'p9:null']]);
    await d.close();
  });

  it('a re-keyed stream-table join repartitions through <re-keying node>-repartition, as Kafka', () => {
    const b = new StreamsBuilder();
    const users = b.table('users');
    b.stream('clicks').selectKey((_k, v) => v).join(users, (click, user) => `${click}/${user}`).to('out');
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-KEY-SELECT-0000000004-repartition])',
      '      --> KSTREAM-JOIN-0000000008',
      '    Processor: KSTREAM-JOIN-0000000008 (stores: [users-STATE-STORE-0000000000])',
      '      --> KSTREAM-SINK-0000000009',
      '      <-- KSTREAM-SOURCE-0000000007',
      '    Source: KSTREAM-SOURCE-0000000001 (topics: [users])',
      '      --> KTABLE-SOURCE-0000000002',
      '    Sink: KSTREAM-SINK-0000000009 (topic: out)',
      '      <-- KSTREAM-JOIN-0000000008',
      '    Processor: KTABLE-SOURCE-0000000002 (stores: [users-STATE-STORE-0000000000])',
      '      --> none',
      '      <-- KSTREAM-SOURCE-0000000001',
      '',
      '  Sub-topology: 1',
      '    Source: KSTREAM-SOURCE-0000000003 (topics: [clicks])',
      '      --> KSTREAM-KEY-SELECT-0000000004',
      '    Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])',
      '      --> KSTREAM-FILTER-0000000006',
      '      <-- KSTREAM-SOURCE-0000000003',
      '    Processor: KSTREAM-FILTER-0000000006 (stores: [])',
      '      --> KSTREAM-SINK-0000000005',
      '      <-- KSTREAM-KEY-SELECT-0000000004',
      '    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-KEY-SELECT-0000000004-repartition)',
      '      <-- KSTREAM-FILTER-0000000006',
      '',
    ));
  });

  it('prints a pattern source and a topic-extractor sink', () => {
    const b = new StreamsBuilder();
    b.stream(/events-.*/).to(function byType() { return 'x'; });
    expect(b.build().describe().toString()).to.equal(lines(
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: KSTREAM-SOURCE-0000000000 (topics: events-.*)',
      '      --> KSTREAM-SINK-0000000001',
      '    Sink: KSTREAM-SINK-0000000001 (extractor class: byType)',
      '      <-- KSTREAM-SOURCE-0000000000',
      '',
    ));
  });
});

describe('Topology naming errors', () => {
  it('rejects two operators given the same name', () => {
    const b = new StreamsBuilder();
    const s = b.stream('in');
    s.filter(() => true, { name: 'keep' });
    expect(() => s.mapValues((v) => v, { name: 'keep' })).to.throw(/a node named keep already exists in this topology/);
  });

  it('rejects user-given names that cannot be part of a topic name, as Kafka\'s Named.validate', () => {
    const b = new StreamsBuilder();
    const s = b.stream('in');
    expect(() => s.filter(() => true, { name: 'my filter' })).to.throw(/name "my filter" is illegal: it contains " "; use ASCII letters, digits, '\.', '_' and '-'/);
    expect(() => s.groupByKey().count({ storeName: 'counts/v1' })).to.throw(/store name "counts\/v1" is illegal: it contains "\/"/);
    expect(() => s.repartition({ name: '..' })).to.throw(/repartition name "\.\." is illegal: it cannot be "\." or "\.\."/);
    expect(() => s.mapValues((v) => v, { name: 'x'.repeat(250) })).to.throw(/is illegal: it is 250 characters, the limit is 249/);
    expect(() => s.peek(() => {}, { name: '' })).to.throw(/name "" is illegal: it is empty/);
    expect(() => b.addStateStore(Stores.keyValueStore('a:b', str, str))).to.throw(/store name "a:b" is illegal: it contains ":"/);
  });

  it('rejects two DSL stores with the same name', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in').groupByKey();
    grouped.count({ storeName: 'counts' });
    expect(() => grouped.reduce((a, v) => a + v, { storeName: 'counts' })).to.throw(/a state store named counts already exists/);
  });

  it('rejects adding a Processor API store whose name is taken', () => {
    const b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStore('s', str, str));
    expect(() => b.addStateStore(Stores.keyValueStore('s', str, str))).to.throw(/a state store named s already exists/);
  });

  it('rejects a topic used as the source of two streams', () => {
    const b = new StreamsBuilder();
    b.stream(['a', 'b']);
    expect(() => b.stream('b')).to.throw(/topic b is already read by source KSTREAM-SOURCE-0000000000; a topic can be the source of only one stream or table/);
  });

  it('rejects connecting a processor to a store that was never added, naming both', () => {
    const b = new StreamsBuilder();
    expect(() => b.stream('in').process(() => ({ process() {} }), { name: 'p', storeNames: ['missing'] })).to.throw(/processor p: no state store named missing \(add it with addStateStore first\)/);
  });

  it('a stream-table join over topics with different partition counts fails planning, naming both', () => {
    const b = new StreamsBuilder();
    b.stream('clicks').join(b.table('users'), (c, u) => `${c}/${u}`).to('out');
    const partitions: Record<string, number> = { clicks: 2, users: 3 };
    expect(() => planTopics(b.build(), 'app', (topic) => partitions[topic])).to.throw(/clicks \(2 partitions\).*users \(3 partitions\)|users \(3 partitions\).*clicks \(2 partitions\)/);
  });

  it('rejects a second build() of one builder', () => {
    const b = new StreamsBuilder();
    b.stream('in').to('out');
    b.build();
    expect(() => b.build()).to.throw(/build\(\) was already called/);
  });

  it('rejects hand-built topologies with a missing parent or a sink as parent', () => {
    const t = new Topology();
    t.addSource('src', ['in']);
    expect(() => t.addProcessor('p', () => ({ process() {} }), 'nope')).to.throw(/p: no parent node named nope/);
    t.addSink('sink', 'out', {}, 'src');
    expect(() => t.addProcessor('q', () => ({ process() {} }), 'sink')).to.throw(/q: sink sink cannot have children/);
  });
});
