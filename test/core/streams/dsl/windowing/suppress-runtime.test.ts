import { expect } from 'chai';
import type { Fjord } from '../../../../../core/client/fjord.js';
import { FjordStreams } from '../../../../../core/streams/runtime/fjord-streams.js';
import { Serdes, SessionWindows, StreamsBuilder, Suppressed, type Topology } from '../../../../../core/streams/index.js';
import { openFjord } from '../../../../helpers/embedded.js';
import { tmpDir } from '../../../../helpers/tmp-dir.js';
import { windowKey } from './helpers.js';

/** Final session counts: gap 100 ms, no grace, so a session closes at end + 101. */
function finalSessions(): Topology {
  const b = new StreamsBuilder();
  b.stream<string, string>('clicks', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
    .groupByKey()
    .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(100))
    .count({ storeName: 'sessions' })
    .suppress(Suppressed.untilWindowCloses({ name: 'final' }))
    .toStream((wk) => windowKey(wk))
    .to('sessions-final', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
  return b.build();
}

/** Every record of a topic, read until `quietPolls` empty polls in a row. */
async function readAll(fjord: Fjord, topic: string, quietPolls = 5): Promise<[string, number, number][]> {
  const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
  consumer.assign([{ topic, partition: 0 }]);
  const rows: [string, number, number][] = [];
  for (let quiet = 0; quiet < quietPolls;) {
    const records = await consumer.poll(100);
    for (const r of records) rows.push([r.key!.toString(), JSON.parse(r.value!.toString()) as number, Number(r.timestamp)]);
    quiet = records.length === 0 ? quiet + 1 : 0;
  }
  await consumer.close();
  return rows;
}

async function waitProcessed(streams: FjordStreams, n: number): Promise<void> {
  const deadline = Date.now() + 15000;
  while (streams.metrics.processed < n) {
    if (Date.now() > deadline) throw new Error(`processed ${streams.metrics.processed} of ${n} records`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('streams dsl windowing: suppress on the runtime (embedded broker)', function () {
  this.timeout(60000);

  it('restores buffered final results from the changelog into an empty state directory and emits them once', async () => {
    const { fjord } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'clicks', numPartitions: 1 }, { topic: 'sessions-final', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (const [key, t] of [['a', 1000], ['a', 1050], ['b', 1080]] as const) await producer.send({ topic: 'clicks', key, value: 'x', timestamp: t });
    await producer.flush();

    const first = new FjordStreams(finalSessions(), { applicationId: 'sup', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await first.start();
    await first.waitUntilRunning();
    await waitProcessed(first, 3);
    await first.close();
    expect(await readAll(fjord, 'sessions-final')).to.deep.equal([]);

    // stream time 1200 closes a's [1000, 1050] (at 1151) and b's [1080, 1080] (at 1181)
    await producer.send({ topic: 'clicks', key: 'c', value: 'x', timestamp: 1200 });
    await producer.flush();
    const second = new FjordStreams(finalSessions(), { applicationId: 'sup', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 50 });
    await second.start();
    await second.waitUntilRunning();
    await waitProcessed(second, 1);
    const rows = await readAll(fjord, 'sessions-final');
    const restored = second.metrics.restoredRecords;
    await second.close();
    await producer.close();
    await fjord.close();
    expect(restored, 'records restored from the changelogs').to.be.greaterThan(0);
    expect(rows).to.deep.equal([['a@1000-1050', 2, 1050], ['b@1080-1080', 1, 1080]]);
  });
});
