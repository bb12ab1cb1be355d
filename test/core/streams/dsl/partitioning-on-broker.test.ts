/**
 * What TopologyTestDriver cannot show (it has one partition): a sink's partitioner and a
 * repartition's partition count, on an embedded broker with FjordStreams.
 */
import { expect } from 'chai';
import { FjordStreams } from '../../../../core/streams/runtime/fjord-streams.js';
import { StreamsBuilder, Serdes } from '../../../../core/streams/index.js';
import { openFjord, pollUntil } from '../../../helpers/embedded.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

describe('Streams partitioning on an embedded broker', function () {
  this.timeout(60000);

  it('to() with a partitioner writes each record to the partition it returns; repartition() creates numberOfPartitions', async () => {
    const { fjord } = await openFjord();
    const admin = fjord.admin();
    await admin.createTopics([{ topic: 'in', numPartitions: 1 }, { topic: 'out', numPartitions: 3 }]);
    const b = new StreamsBuilder();
    b.stream('in')
      .repartition({ name: 'spread', numberOfPartitions: 4 })
      .to('out', { partitioner: (_topic, key, _value, n) => (key === 'x' ? n - 1 : 0) });
    const streams = new FjordStreams(b.build(), { applicationId: 'parts', embedded: fjord, stateDir: tmpDir(), commitIntervalMs: 100 });
    const producer = fjord.producer();
    for (const key of ['x', 'y', 'x', 'z']) await producer.send({ topic: 'in', key: Buffer.from(key), value: Buffer.from(`v-${key}`) });
    await producer.flush();
    await streams.start();
    await streams.waitUntilRunning();
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([0, 1, 2].map((partition) => ({ topic: 'out', partition })));
    const records = await pollUntil(() => consumer.poll(200), 4, 20000);
    const byKey = records.map((r) => [r.key!.toString(), r.partition]).sort();
    expect(byKey).to.deep.equal([['x', 2], ['x', 2], ['y', 0], ['z', 0]]);
    const [spread] = await admin.describeTopics(['parts-spread-repartition']);
    expect(spread!.partitions).to.have.length(4);
    await consumer.close();
    await streams.close();
    await producer.close();
    await fjord.close();
  });
});
