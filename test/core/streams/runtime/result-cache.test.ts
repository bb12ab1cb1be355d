/**
 * Kafka's record caching on the runtime (embedded broker, LevelDB stores): aggregations forward
 * one result per key when the application commits or its cache fills, not every update; caching
 * off (Materialized `caching: false`, or `cacheMaxBytes: 0`) forwards every update; a crash
 * before a commit loses no result.
 */
import { expect } from 'chai';
import type { Fjord } from '../../../../core/client/fjord.js';
import { Serdes, StreamsBuilder, TimeWindows, type Topology } from '../../../../core/streams/index.js';
import { FjordStreams, type FjordStreamsConfig } from '../../../../core/streams/runtime/fjord-streams.js';
import { openFjord, readToEnd as read } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { until } from '../../../helpers/until.js';

/** a, b, c three times each, then a once more: 10 records at timestamps 0..9 (one 1 s window). */
async function produceInput(fjord: Fjord): Promise<void> {
  await fjord.admin().createTopics([{ topic: 'in', numPartitions: 1 }, { topic: 'out', numPartitions: 1 }]);
  const producer = fjord.producer();
  const keys = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a'];
  for (const [i, key] of keys.entries()) await producer.send({ topic: 'in', key, value: `{"i":${i}}`, timestamp: i });
  await producer.close();
}

function counts(caching?: boolean): Topology {
  const b = new StreamsBuilder();
  b.stream<string, unknown>('in', { valueSerde: Serdes.Json() }).groupByKey().count({ storeName: 'counts', ...(caching === undefined ? {} : { caching }) })
    .toStream().to('out', { valueSerde: Serdes.Json<number>() });
  return b.build();
}

async function run(fjord: Fjord, topology: Topology, config: Partial<FjordStreamsConfig>, beforeClose?: (s: FjordStreams) => Promise<void>): Promise<FjordStreams> {
  const streams = new FjordStreams(topology, { applicationId: 'cache-app', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 600_000, ...config });
  await streams.start();
  await until('all input processed', () => streams.metrics.processed === 10);
  await beforeClose?.(streams);
  await streams.close();
  return streams;
}

describe('aggregation result caching on the runtime (statestore.cache.max.bytes)', function () {
  this.timeout(60_000);

  it('forwards one final result per key when the application commits, none before', async () => {
    const { fjord } = await openFjord();
    await produceInput(fjord);
    await run(fjord, counts(), {}, async (streams) => {
      expect(streams.metrics.sent).to.equal(0);
      expect(streams.store<string, number>('counts').get('a')).to.equal(4);
    });
    // Least recently updated first, as Kafka's dirty keys: a was updated last.
    expect(await read(fjord, 'out')).to.deep.equal(['b=3', 'c=3', 'a=4']);
    await fjord.close();
  });

  it('forwards every update with caching disabled on the store or a cache of 0 bytes', async () => {
    const every = ['a=1', 'b=1', 'c=1', 'a=2', 'b=2', 'c=2', 'a=3', 'b=3', 'c=3', 'a=4'];
    for (const [topology, config] of [[counts(false), {}], [counts(), { cacheMaxBytes: 0 }]] as const) {
      const { fjord } = await openFjord();
      await produceInput(fjord);
      await run(fjord, topology, config, async () => {
        await until('every update forwarded before any commit', async () => (await read(fjord, 'out')).length === 10);
      });
      expect(await read(fjord, 'out')).to.deep.equal(every);
      await fjord.close();
    }
  });

  it('forwards what it holds when the cache fills, before any commit, and the last values at the commit', async () => {
    const { fjord } = await openFjord();
    await produceInput(fjord);
    // Room for two held results: the third key flushes all of them.
    await run(fjord, counts(), { cacheMaxBytes: 2 * (1 + 9 + 96) }, async (streams) => {
      expect(streams.metrics.sent).to.equal(9);
      await until('the flushed results in the output', async () => (await read(fjord, 'out')).length === 9);
      expect(await read(fjord, 'out')).to.deep.equal(['a=1', 'b=1', 'c=1', 'a=2', 'b=2', 'c=2', 'a=3', 'b=3', 'c=3']);
    });
    expect(await read(fjord, 'out')).to.deep.equal(['a=1', 'b=1', 'c=1', 'a=2', 'b=2', 'c=2', 'a=3', 'b=3', 'c=3', 'a=4']);
    await fjord.close();
  });

  it('forwards one result per key and window for a windowed count', async () => {
    const { fjord } = await openFjord();
    await produceInput(fjord);
    const b = new StreamsBuilder();
    b.stream<string, unknown>('in', { valueSerde: Serdes.Json() }).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(5)).count()
      .toStream((wk) => `${wk.key}@${wk.window.startMs}-${wk.window.endMs}`).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    await run(fjord, b.build(), {});
    // Window [0, 5): a b c a b; window [5, 10): c a b c a. Least recently updated first.
    expect(await read(fjord, 'out')).to.deep.equal(['c@0-5=1', 'a@0-5=2', 'b@0-5=2', 'b@5-10=1', 'c@5-10=2', 'a@5-10=2']);
    await fjord.close();
  });

  it('holds one result per key whatever its characters: ASCII, accented and JSON keys, plain and windowed', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'in', numPartitions: 1 }, { topic: 'out', numPartitions: 1 }, { topic: 'out-json', numPartitions: 1 }]);
    const producer = fjord.producer();
    const keys = ['é', 'e', 'é', 'ü', 'e', 'é', 'ü', 'e', 'é', 'x'];
    for (const [i, key] of keys.entries()) await producer.send({ topic: 'in', key, value: `{"i":${i}}`, timestamp: i });
    await producer.close();
    const b = new StreamsBuilder();
    const input = b.stream<string, unknown>('in', { valueSerde: Serdes.Json() });
    input.groupByKey().count().toStream().to('out', { valueSerde: Serdes.Json<number>() });
    // A Json key serde writes text too: "é" is its key's text, its bytes are not its characters.
    input.groupByKey({ keySerde: Serdes.Json<string>() }).windowedBy(TimeWindows.ofSizeWithNoGrace(100)).count()
      .toStream((wk) => wk.key).to('out-json', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    await run(fjord, b.build(), {});
    expect(await read(fjord, 'out')).to.deep.equal(['ü=2', 'e=3', 'é=4', 'x=1']);
    expect(await read(fjord, 'out-json')).to.deep.equal(['ü=2', 'e=3', 'é=4', 'x=1']);
    await fjord.close();
  });

  it('loses no result when the application fails before a commit: a restarted one recounts from the last commit', async () => {
    const { fjord } = await openFjord();
    await produceInput(fjord);
    const producer = fjord.producer();
    await producer.send({ topic: 'in', key: 'x', value: '{"boom":true}', timestamp: 10 });
    await producer.close();
    const topology = (failOnBoom: boolean) => {
      const b = new StreamsBuilder();
      b.stream<string, { boom?: boolean }>('in', { valueSerde: Serdes.Json() })
        .peek((_k, v) => { if (failOnBoom && v.boom === true) throw new Error('boom'); })
        .groupByKey().count({ storeName: 'counts' }).toStream().to('out', { valueSerde: Serdes.Json<number>() });
      return b.build();
    };
    const stateDir = tmpDir();
    const first = new FjordStreams(topology(true), { applicationId: 'cache-fail', embedded: fjord, stateDir, commitIntervalMs: 600_000 });
    await first.start();
    await until('the failure', () => first.state === 'ERROR');
    await first.close();
    expect(first.metrics.processed).to.equal(11);
    expect(first.metrics.sent).to.equal(0); // the held results went nowhere, and no offset was committed
    const second = new FjordStreams(topology(false), { applicationId: 'cache-fail', embedded: fjord, stateDir, commitIntervalMs: 600_000 });
    await second.start();
    await until('all input reprocessed', () => second.metrics.processed === 11);
    await second.close();
    expect(await read(fjord, 'out')).to.deep.equal(['b=3', 'c=3', 'a=4', 'x=1']);
    await fjord.close();
  });
});
