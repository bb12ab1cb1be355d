import { expect } from 'chai';
import {
  Stores, Serdes, Topology, TopologyTestDriver, type ProcessorContext, type ProcessorSupplier, type StreamRecord, type TypedKeyValueStore,
} from '../../../../core/streams/index.js';
import { driverFor, json, str } from './helpers.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

/** Counts records per key in store `counts` and forwards `key:count`. */
const counting: ProcessorSupplier<string, string, string, string> = () => {
  let ctx: ProcessorContext<string, string>;
  let store: TypedKeyValueStore<string, number>;
  return {
    init(context) {
      ctx = context;
      store = context.getStateStore<TypedKeyValueStore<string, number>>('counts');
    },
    process(record) {
      const n = (store.get(record.key) ?? 0) + 1;
      store.put(record.key, n);
      ctx.forward({ ...record, value: `${record.key}:${n}` });
    },
  };
};

describe('Processor API: process / processValues', () => {
  for (const [label, options] of [['memory', {}], ['LevelDB', { stateDir: tmpDir() }]] as const) {
    it(`process() uses a store added with addStateStore (${label})`, async () => {
      const d = await driverFor((b) => {
        b.addStateStore(Stores.keyValueStore('counts', str, Serdes.Integer()));
        b.stream('in').process(counting, { storeNames: ['counts'] }).to('out', { keySerde: str, valueSerde: str });
      }, options);
      await d.createInputTopic('in', str, str).pipeKeyValueList([['a', 'x'], ['b', 'x'], ['a', 'x']]);
      expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', 'a:1'], ['b', 'b:1'], ['a', 'a:2']]);
      expect(d.getStateStore<TypedKeyValueStore<string, number>>('counts').get('a')).to.equal(2);
      await d.close();
    });
  }

  it('a processor asking for a store it is not connected to fails at init, naming both', async () => {
    let error: Error | undefined;
    await driverFor((b) => {
      b.addStateStore(Stores.keyValueStore('counts', str, Serdes.Integer()));
      b.stream('in').process(counting, { name: 'counter' });
    }).catch((e: Error) => { error = e; });
    expect(error?.message).to.match(/processor counter is not connected to state store counts/);
  });

  it('gives the processor the record metadata of the input record', async () => {
    const seen: unknown[] = [];
    const d = await driverFor((b) => b.stream('in').process<string, string>(() => {
      let ctx: ProcessorContext;
      return { init(c) { ctx = c; }, process() { seen.push([ctx.recordMetadata(), ctx.taskId, ctx.applicationId, ctx.currentStreamTimeMs()]); } };
    }), { applicationId: 'app' });
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('a', 'x', 50);
    await input.pipeInput('a', 'x', 20);
    expect(seen).to.deep.equal([
      [{ topic: 'in', partition: 0, offset: 0n }, '0_0', 'app', 50],
      [{ topic: 'in', partition: 0, offset: 1n }, '0_0', 'app', 50],
    ]);
    await d.close();
  });

  it('a processor may forward to one named child', async () => {
    const d = await driverFor((b) => {
      const routed = b.stream('in').process<string, string>(() => {
        let ctx: ProcessorContext<string, string>;
        return { init(c) { ctx = c; }, process(r) { ctx.forward(r, r.value === 'odd' ? 'odds' : 'evens'); } };
      }, { name: 'router' });
      routed.mapValues((v) => v, { name: 'odds' }).to('odd', { valueSerde: str });
      routed.mapValues((v) => v, { name: 'evens' }).to('even', { valueSerde: str });
    });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['1', 'odd'], ['2', 'even'], ['3', 'odd']]);
    expect(d.createOutputTopic('odd', json<string>(), str).readValuesToList()).to.deep.equal(['odd', 'odd']);
    expect(d.createOutputTopic('even', json<string>(), str).readValuesToList()).to.deep.equal(['even']);
    await d.close();
  });

  it('an async process() holds back the next record until it settles', async () => {
    const order: string[] = [];
    const d = await driverFor((b) => b.stream('in').process<string, string>(() => {
      let ctx: ProcessorContext<string, string>;
      return {
        init(c) { ctx = c; },
        async process(r) {
          order.push(`start ${r.value}`);
          await new Promise((resolve) => setTimeout(resolve, r.value === 'slow' ? 20 : 0));
          order.push(`end ${r.value}`);
          ctx.forward(r);
        },
      };
    }).to('out', { keySerde: str, valueSerde: str }));
    const input = d.createInputTopic('in', str, str);
    await Promise.all([input.pipeInput('k', 'slow', 1), input.pipeInput('k', 'fast', 2)]);
    expect(order).to.deep.equal(['start slow', 'end slow', 'start fast', 'end fast']);
    expect(d.createOutputTopic('out', str, str).readValuesToList()).to.deep.equal(['slow', 'fast']);
    await d.close();
  });

  it('processValues keeps the key, so a following groupByKey needs no repartition topic', async () => {
    const upper: ProcessorSupplier<string, string, string, string> = () => {
      let ctx: ProcessorContext<string, string>;
      return { init(c) { ctx = c; }, process(r: StreamRecord<string, string>) { ctx.forward({ ...r, value: r.value.toUpperCase() }); } };
    };
    const d = await driverFor((b) => {
      b.stream('in').processValues(upper).groupByKey().count({ storeName: 'a' });
      b.stream('in2').process(upper).groupByKey().count({ storeName: 'b' });
    }, { applicationId: 'app' });
    await d.createInputTopic('in', str, str).pipeInput('k', 'v', 1);
    await d.createInputTopic('in2', str, str).pipeInput('k', 'v', 1);
    expect(d.producedTopicNames()).to.deep.equal(['app-b-repartition']);
    await d.close();
  });

  it('processValues uses a store too: forwards each key\'s first value only (on LevelDB)', async () => {
    const firstOnly: ProcessorSupplier<string, string, string, string> = () => {
      let ctx: ProcessorContext<string, string>;
      let seen: TypedKeyValueStore<string, string>;
      return {
        init(c) { ctx = c; seen = c.getStateStore('seen'); },
        process(r) {
          if (seen.get(r.key) !== null) return;
          seen.put(r.key, r.value);
          ctx.forward(r);
        },
      };
    };
    const d = await driverFor((b) => {
      b.addStateStore(Stores.keyValueStore('seen', str, str));
      b.stream('in').processValues(firstOnly, { storeNames: ['seen'] }).to('out', { valueSerde: str });
    }, { stateDir: tmpDir() });
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', '1'], ['b', '2'], ['a', '3']]);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', '1'], ['b', '2']]);
    expect(d.getStateStore<TypedKeyValueStore<string, string>>('seen').get('a')).to.equal('1');
    await d.close();
  });

  it('a processor may set the timestamp and headers of what it forwards', async () => {
    const d = await driverFor((b) => b.stream('in').process<string, string>(() => {
      let ctx: ProcessorContext<string, string>;
      return { init(c) { ctx = c; }, process(r) { ctx.forward({ ...r, timestamp: r.timestamp + 1000, headers: [...r.headers, { key: 'seen-by', value: Buffer.from('p') }] }); } };
    }).to('out', { keySerde: str, valueSerde: str }));
    await d.createInputTopic('in', str, str).pipeInput('k', 'v', 5, [{ key: 'h', value: null }]);
    const [r] = d.createOutputTopic('out', str, str).readRecordsToList();
    expect([r!.timestamp, r!.headers]).to.deep.equal([1005, [{ key: 'h', value: null }, { key: 'seen-by', value: Buffer.from('p') }]]);
    await d.close();
  });

  it('processValues rejects a processor that changes the key', async () => {
    const d = await driverFor((b) => b.stream('in').processValues<string>(() => {
      let ctx: ProcessorContext<string, string>;
      return { init(c) { ctx = c; }, process(r) { ctx.forward({ ...r, key: `${r.key}!` }); } };
    }));
    const input = d.createInputTopic('in', str, str);
    let error: Error | undefined;
    await input.pipeInput('k', 'v', 1).catch((e: Error) => { error = e; });
    expect(error?.message).to.contain('processValues: a processor may not change the record key (got k! while processing k; use process() instead)');
    await d.close();
  });
});

describe('Processor API: a hand-built Topology', () => {
  it('runs sources, processors with a store and sinks wired by name, as Kafka\'s Topology API', async () => {
    const topology = new Topology()
      .addSource('Source', ['words'], { keySerde: str, valueSerde: str })
      .addProcessor('Counter', counting, 'Source')
      .addStateStore(Stores.keyValueStore('counts', str, Serdes.Integer()), 'Counter')
      .addSink('Sink', 'counted', { keySerde: str, valueSerde: str }, 'Counter');
    expect(topology.describe().toString()).to.equal([
      'Topologies:',
      '   Sub-topology: 0',
      '    Source: Source (topics: [words])',
      '      --> Counter',
      '    Processor: Counter (stores: [counts])',
      '      --> Sink',
      '      <-- Source',
      '    Sink: Sink (topic: counted)',
      '      <-- Counter',
      '', '',
    ].join('\n'));
    const d = await TopologyTestDriver.create(topology, { stateDir: tmpDir() });
    await d.createInputTopic('words', str, str).pipeKeyValueList([['hi', ''], ['hi', '']]);
    expect(d.createOutputTopic('counted', str, str).readKeyValuesToList()).to.deep.equal([['hi', 'hi:1'], ['hi', 'hi:2']]);
    await d.close();
  });
});

describe('Processor API: punctuation', () => {
  it('a processValues processor may re-emit kept records under their own keys from a punctuation', async () => {
    const d = await driverFor((b) => b.stream('in').processValues<string>(() => {
      let ctx: ProcessorContext<string, string>;
      const kept: StreamRecord<string, string>[] = [];
      return {
        init(c) {
          ctx = c;
          c.schedule(10, 'WALL_CLOCK_TIME', () => { for (const r of kept.splice(0)) ctx.forward({ ...r, value: `late ${r.value}` }); });
        },
        process(r) { kept.push(r); },
      };
    }).to('out', { valueSerde: str }));
    await d.createInputTopic('in', str, str).pipeKeyValueList([['a', '1'], ['b', '2']]);
    await d.advanceWallClockTime(10);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.deep.equal([['a', 'late 1'], ['b', 'late 2']]);
    await d.close();
  });


  /** Emits `tick@<time>` with the number of records seen since the last punctuation. */
  function ticker(type: 'STREAM_TIME' | 'WALL_CLOCK_TIME', intervalMs: number, cancelAfter = Infinity): ProcessorSupplier<string, string, string, string> {
    return () => {
      let ctx: ProcessorContext<string, string>;
      let seen = 0;
      let ticks = 0;
      return {
        init(c) {
          ctx = c;
          const handle = c.schedule(intervalMs, type, (ts) => {
            ctx.forward({ key: `tick@${ts}`, value: String(seen), timestamp: ts, headers: [] });
            expect(ctx.recordMetadata()).to.equal(null);
            seen = 0;
            if (++ticks >= cancelAfter) handle.cancel();
          });
        },
        process() { seen += 1; },
      };
    };
  }

  it('wall-clock punctuation fires when advanceWallClockTime passes each interval, once per advance', async () => {
    const d = await driverFor((b) => b.stream('in').process(ticker('WALL_CLOCK_TIME', 10)).to('out', { keySerde: str, valueSerde: str }), { initialWallClockTimeMs: 1000 });
    const input = d.createInputTopic('in', str, str);
    await input.pipeInput('k', 'x', 1);
    await d.advanceWallClockTime(5);
    await input.pipeInput('k', 'x', 2);
    await d.advanceWallClockTime(5);
    await d.advanceWallClockTime(10);
    await input.pipeInput('k', 'x', 3);
    await d.advanceWallClockTime(25); // several intervals passed: one punctuation, as Kafka
    const out = d.createOutputTopic('out', str, str).readRecordsToList();
    expect(out.map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['tick@1010', '2', 1010], ['tick@1020', '0', 1020], ['tick@1045', '1', 1045]]);
    await d.close();
  });

  it('stream-time punctuation does not fire on wall-clock time, and a cancelled one stops', async () => {
    const d = await driverFor((b) => b.stream('in').process(ticker('STREAM_TIME', 10, 1)).to('out', { keySerde: str, valueSerde: str }));
    const input = d.createInputTopic('in', str, str);
    await d.advanceWallClockTime(1000);
    expect(d.createOutputTopic('out', str, str).readRecordsToList()).to.deep.equal([]);
    for (const t of [20, 40, 60]) await input.pipeInput('k', 'x', t);
    expect(d.createOutputTopic('out', str, str).readKeyValuesToList()).to.have.length(1);
    await d.close();
  });

  // Pending on runtime/task.ts (reported to the lead): Fjord schedules stream-time punctuation at
  // max(streamTime, 0) + interval and re-arms it at now + interval, so this run gives
  // [tick@12 3, tick@25 2] instead of Kafka's aligned schedule below.
  it('stream-time punctuation fires as stream time passes each interval (Kafka: aligned to 0, first at the first record)', async () => {
    const d = await driverFor((b) => b.stream('in').process(ticker('STREAM_TIME', 10)).to('out', { keySerde: str, valueSerde: str }));
    const input = d.createInputTopic('in', str, str);
    for (const t of [5, 8, 12, 3, 25, 27, 31]) await input.pipeInput('k', 'x', t);
    // Kafka's PunctuationQueue: due at 0, 10, 20, 30...; fires after the record that moves stream
    // time past the due time, with the stream time; an out-of-order record does not move it.
    const out = d.createOutputTopic('out', str, str).readKeyValuesToList();
    expect(out).to.deep.equal([['tick@5', '1'], ['tick@12', '2'], ['tick@25', '2'], ['tick@31', '2']]);
    await d.close();
  });
});
