/**
 * Slow (separate processes, ~15 s): three `fjord broker --controller-quorum` processes; the
 * coordinator of a consumer group (the leader of its `__consumer_offsets` partition) is
 * SIGKILLed after the group committed. The group's next consumer, on the surviving brokers,
 * starts exactly at the committed offset: the commit was on every in-sync replica before it was
 * acknowledged, and the new leader of the partition loaded it.
 */
import { expect } from 'chai';
import { CONSUMER_OFFSETS_TOPIC } from '../../core/broker/topic-names.js';
import { Fjord } from '../../core/client/fjord.js';
import { offsetsPartitionFor } from '../../core/group/group-coordinator.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { createTopicOnceRegistered, ProcessCluster } from './process-cluster.js';

const OFFSETS_PARTITIONS = 3;

describe('slow: a consumer group survives its SIGKILLed coordinator (separate processes)', function () {
  this.timeout(180000);
  let cluster: ProcessCluster | null = null;
  const clients: Fjord[] = [];

  after(async () => {
    for (const c of clients) await c.close();
    await cluster?.stop();
  });

  it('resumes from the committed offset on the new coordinator', async () => {
    const c = (cluster = await ProcessCluster.start({
      dirPrefix: 'fjord-offsets-kill-',
      args: ['--session-timeout-ms', '3000', '--replica-lag-time-max-ms', '3000', '--config', `offsets.topic.num.partitions=${OFFSETS_PARTITIONS}`, '--config', 'group.initial.rebalance.delay.ms=0'],
    }));
    const fjord = await Fjord.connect({ bootstrap: c.bootstrap() });
    clients.push(fjord);
    const admin = fjord.admin();
    await createTopicOnceRegistered(admin, { topic: 'work', numPartitions: 1, replicationFactor: 3 });
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'work', value: `w${i}` });
    await producer.close();

    const group = 'killed-coordinator';
    const first = fjord.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
    first.subscribe(['work']);
    let polled = 0;
    await waitFor('the first consumer to read', async () => (polled += (await first.poll(300)).length) >= 50, 60000);
    await first.commitSync([{ topic: 'work', partition: 0, offset: 30n }]);
    await first.close();

    const offsets = (await admin.describeTopics([CONSUMER_OFFSETS_TOPIC]))[0]!;
    expect(offsets.partitions).to.have.length(OFFSETS_PARTITIONS);
    const coordinator = offsets.partitions.find((p) => p.partition === offsetsPartitionFor(group, OFFSETS_PARTITIONS))!.leader;
    await c.kill(coordinator);

    const survivors = await Fjord.connect({ bootstrap: c.bootstrap([...c.procs.keys()]) });
    clients.push(survivors);
    const second = survivors.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
    second.subscribe(['work']);
    const resumed: string[] = [];
    await waitFor('the records after the committed offset', async () => {
      resumed.push(...(await second.poll(300)).map((r) => r.value!.toString()));
      return resumed.length >= 20;
    }, 60000);
    expect(resumed).to.deep.equal(Array.from({ length: 20 }, (_, i) => `w${30 + i}`));
    await second.close();
    const moved = (await survivors.admin().describeTopics([CONSUMER_OFFSETS_TOPIC]))[0]!.partitions.find((p) => p.partition === offsetsPartitionFor(group, OFFSETS_PARTITIONS))!;
    expect(moved.leader).to.not.equal(coordinator);
  });
});
