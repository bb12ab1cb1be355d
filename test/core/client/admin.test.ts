import { expect } from 'chai';
import { Fjord } from '../../../core/client/fjord.js';
import { FjordError } from '../../../core/errors.js';
import { clientTransports } from '../../helpers/transports.js';

async function failure(p: Promise<unknown>): Promise<FjordError> {
  try {
    await p;
  } catch (err) {
    return err as FjordError;
  }
  throw new Error('expected a failure');
}

for (const transport of clientTransports) describe(`admin (${transport.name} transport)`, () => {
  let fjord: Fjord;
  let dataDir: string;

  beforeEach(async () => {
    ({ fjord, dataDir } = await transport.open());
  });
  afterEach(async () => {
    await fjord.close();
  });

  it('creates, lists, describes and deletes topics', async () => {
    const admin = fjord.admin();
    await admin.createTopics([{ topic: 'a', numPartitions: 3 }, { topic: 'b' }]);
    expect(await admin.listTopics()).to.deep.equal(['a', 'b']);
    expect(await admin.listTopics({ includeInternal: true })).to.include('__consumer_offsets');
    const [a] = await admin.describeTopics(['a']);
    expect(a.partitions.map((p) => p.partition)).to.deep.equal([0, 1, 2]);
    expect(a.partitions[0].isr).to.deep.equal([1]);
    await admin.deleteTopics(['a']);
    expect(await admin.listTopics()).to.deep.equal(['b']);
  });

  it('explains invalid topic names, partition counts, replication factors and configs', async () => {
    const admin = fjord.admin();
    const badName = await failure(admin.createTopics([{ topic: 'no spaces' }]));
    expect(badName.code).to.equal('INVALID_TOPIC_EXCEPTION');
    expect(badName.message).to.contain('no spaces');
    expect((await failure(admin.createTopics([{ topic: 'zero', numPartitions: 0 }]))).code).to.equal('INVALID_PARTITIONS');
    expect((await failure(admin.createTopics([{ topic: 'rf', replicationFactor: 3 }]))).code).to.equal('INVALID_REPLICATION_FACTOR');
    const badKey = await failure(admin.createTopics([{ topic: 'cfg', configs: { 'retention.mss': '5' } }]));
    expect(badKey.code).to.equal('INVALID_CONFIG');
    expect(badKey.message).to.contain('retention.mss');
    const badValue = await failure(admin.createTopics([{ topic: 'cfg', configs: { 'retention.ms': 'soon' } }]));
    expect(badValue.message).to.contain('retention.ms');
    expect((await failure(admin.createTopics([{ topic: 'dup' }, { topic: 'dup' }]))).code).to.equal('TOPIC_ALREADY_EXISTS');
    expect(await admin.listTopics()).to.deep.equal(['dup']);
  });

  it('describes and alters topic configs, and the change survives a restart', async () => {
    const admin = fjord.admin();
    await admin.createTopics([{ topic: 'cfg', configs: { 'cleanup.policy': 'compact' } }]);
    await admin.alterTopicConfig('cfg', { 'retention.ms': '60000' });
    const entries = await admin.describeTopicConfig('cfg');
    expect(entries.find((e) => e.name === 'retention.ms')).to.include({ value: '60000', source: 'topic' });
    expect(entries.find((e) => e.name === 'segment.bytes')).to.include({ value: '1073741824', source: 'default' });
    await admin.alterTopicConfig('cfg', { 'cleanup.policy': null });
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    const after = await fjord.admin().describeTopicConfig('cfg');
    expect(after.find((e) => e.name === 'retention.ms')?.value).to.equal('60000');
    expect(after.find((e) => e.name === 'cleanup.policy')).to.include({ value: 'delete', source: 'default' });
  });

  it('adds partitions but refuses to shrink a topic', async () => {
    const admin = fjord.admin();
    await admin.createTopics([{ topic: 'grow', numPartitions: 2 }]);
    await admin.createPartitions('grow', 5);
    expect((await admin.describeTopics(['grow']))[0].partitions).to.have.length(5);
    expect((await failure(admin.createPartitions('grow', 3))).code).to.equal('INVALID_PARTITIONS');
    const meta = await fjord.producer().send({ topic: 'grow', partition: 4, value: 'x' });
    expect(meta.offset).to.equal(0n);
  });

  it('deletes records before an offset and reports the new log start', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: 'trim', value: String(i) })));
    const admin = fjord.admin();
    expect(await admin.deleteRecords({ topic: 'trim', partition: 0 }, 6n)).to.equal(6n);
    const earliest = await admin.listOffsets([{ topic: 'trim', partition: 0 }], 'earliest');
    expect([...earliest.values()]).to.deep.equal([6n]);
  });
});
