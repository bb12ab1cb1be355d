/**
 * count() never reads values, so its source checks value bytes with the serde's `accepts`
 * instead of building them. These tests pin down that nothing a user can see changes: bad bytes
 * fail as deserialization would, nulls are dropped, late records show the real value, and a
 * source with any child that reads values still builds them.
 */
import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { Serdes, StreamsBuilder, TimeWindows, type Windowed } from '../../../../core/streams/index.js';
import { FjordStreams } from '../../../../core/streams/runtime/fjord-streams.js';
import { openFjord } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { driverFor, json, str } from './helpers.js';

interface Event { n: number }
const events = Serdes.Json<Event>();
const windowKeys = (list: [Windowed<string> | null, number | null][]) => list.map(([k, v]) => `${k?.key}@${k?.window.startMs}=${v}`);

describe('count() checks the values it does not read', () => {
  for (const [name, define] of [
    ['groupByKey().count()', (b: StreamsBuilder) => b.stream<string, Event>('in', { valueSerde: events }).groupByKey().count().toStream().to('out')],
    ['a windowed count()', (b: StreamsBuilder) => b.stream<string, Event>('in', { valueSerde: events }).groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().toStream((wk) => wk.key).to('out')],
  ] as const) {
    it(`${name} fails on a value its JSON serde cannot read, naming the serde, topic and offset`, async () => {
      const d = await driverFor(define);
      const input = d.createInputTopic('in', str, events);
      await input.pipeInput('k', { n: 1 }, 1);
      let error: FjordError | undefined;
      await input.pipeRaw(Buffer.from('k'), Buffer.from('{"n":1,}'), 2).catch((e: FjordError) => { error = e; });
      expect(error).to.be.instanceOf(FjordError);
      expect(error!.code).to.equal('CORRUPT_MESSAGE');
      expect(error!.message).to.contain('cannot deserialize the record at in-0 offset 1');
      expect(error!.message).to.contain("Json serde on topic 'in': invalid JSON");
      expect(d.createOutputTopic('out', str, json<number>()).readValuesToList()).to.deep.equal([1]);
      await d.close();
    });
  }

  it('counts every value its serde accepts and drops null values, as when values are built', async () => {
    const d = await driverFor((b) => b.stream<string, unknown>('in', { valueSerde: Serdes.Json() }).groupByKey().count().toStream().to('out'));
    const input = d.createInputTopic('in', str, Serdes.Json<unknown>());
    await input.pipeRaw(Buffer.from('k'), Buffer.from(' [1, {"a": "\\u00e9"}, null, -0.5e+3, true] '), 1);
    await input.pipeRaw(Buffer.from('k'), Buffer.from('"\u00e9\uffff"'), 2);
    await input.pipeRaw(Buffer.from('k'), null, 3);
    await input.pipeRaw(Buffer.from('k'), Buffer.from('null'), 4); // JSON null is a null value, as deserialize would make it
    expect(d.createOutputTopic('out', str, json<number>()).readValuesToList()).to.deep.equal([1, 2]);
    expect(d.dropped).to.have.length(2);
    await d.close();
  });

  it('reports a late record of a windowed count with its deserialized value', async () => {
    const d = await driverFor((b) => b.stream<string, Event>('in', { valueSerde: events }).groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().toStream().to('out', { keySerde: Serdes.Json() }));
    const input = d.createInputTopic('in', str, events);
    await input.pipeInput('k', { n: 1 }, 25);
    await input.pipeInput('k', { n: 2 }, 3); // window [0, 10) closed at stream time 10
    expect(d.late.map((r) => r.value)).to.deep.equal([{ n: 2 }]);
    expect(windowKeys(d.createOutputTopic('out', json<Windowed<string>>(), json<number>()).readKeyValuesToList())).to.deep.equal(['k@20=1']);
    await d.close();
  });

  it('still builds values when another child of the source reads them', async () => {
    const d = await driverFor((b) => {
      const s = b.stream<string, Event>('in', { valueSerde: events });
      s.groupByKey().count().toStream().to('counts');
      s.mapValues((v) => v.n * 10).to('tens', { valueSerde: json<number>() });
    });
    await d.createInputTopic('in', str, events).pipeKeyValueList([['a', { n: 1 }], ['a', { n: 2 }]]);
    expect(d.createOutputTopic('counts', str, json<number>()).readValuesToList()).to.deep.equal([1, 2]);
    expect(d.createOutputTopic('tens', str, json<number>()).readValuesToList()).to.deep.equal([10, 20]);
    await d.close();
  });
});

describe('count() with logAndContinue on an embedded broker', function () {
  this.timeout(30000);

  it('skips a value its serde cannot read (not counted) and keeps counting the rest', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'events', numPartitions: 1 }, { topic: 'counts', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (const value of ['{"n":1}', '{"n":', '{"n":2}', 'null', '[]']) await producer.send({ topic: 'events', key: 'k', value });
    await producer.flush();
    const b = new StreamsBuilder();
    b.stream<string, Event>('events', { valueSerde: events }).groupByKey().count({ storeName: 'per-key' }).toStream().to('counts', { valueSerde: json<number>() });
    const streams = new FjordStreams(b.build(), { applicationId: 'count-skip', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 100, deserializationExceptionHandler: 'logAndContinue' });
    await streams.start();
    const deadline = Date.now() + 20000;
    while (streams.metrics.processed < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // The unreadable value is dropped by the task (logAndContinue), JSON null by count().
    expect(streams.metrics.dropped).to.equal(2);
    expect(streams.store<string, number>('per-key').get('k')).to.equal(3);
    await streams.close();
    await producer.close();
    await fjord.close();
  });

  it('fails on an unreadable value at its offset, and reports a late record with its deserialized value (values checked where they were fetched)', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'events', numPartitions: 1 }, { topic: 'counts', numPartitions: 1 }]);
    const producer = fjord.producer();
    // Offsets 0..2 in one batch: the late record's value lies between two others in the fetched bytes.
    producer.sendReportingFailure({ topic: 'events', key: 'k', value: '{"n":1}', timestamp: 25 }, () => {});
    producer.sendReportingFailure({ topic: 'events', key: 'k', value: ' {"n":2} ', timestamp: 3 }, () => {});
    producer.sendReportingFailure({ topic: 'events', key: 'k', value: '{"n":3}', timestamp: 26 }, () => {});
    await producer.flush();
    const windowed = () => {
      const b = new StreamsBuilder();
      b.stream<string, Event>('events', { valueSerde: events }).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count({ storeName: 'w' })
        .toStream((wk) => wk.key).to('counts', { valueSerde: json<number>() });
      return b.build();
    };
    const streams = new FjordStreams(windowed(), { applicationId: 'count-late', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 100 });
    const late: unknown[] = [];
    streams.late$.subscribe((r) => late.push(r.value));
    await streams.start();
    const deadline = Date.now() + 20000;
    while (streams.metrics.processed < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(late).to.deep.equal([{ n: 2 }]);
    await streams.close();
    // A value its serde cannot read, after a good one: the application fails naming the record.
    await producer.send({ topic: 'events', key: 'k', value: '{"n":4}x', timestamp: 27 });
    await producer.close();
    const failing = new FjordStreams(windowed(), { applicationId: 'count-late', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 100 });
    await failing.start();
    while (failing.state !== 'ERROR' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failing.error?.message).to.contain('cannot deserialize the record at events-0 offset 3');
    expect(failing.error?.message).to.contain("Json serde on topic 'events': invalid JSON");
    await failing.close();
    await fjord.close();
  });
});
