import { expect } from 'chai';
import { Fjord } from '../../core/client/fjord.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { valuesBatch } from '../core/log/helpers.js';
import { InProcessCluster, type ClusterMember } from './in-process-cluster.js';
import { logBytes } from './log-batches.js';

describe('follower truncation of divergent tails (KIP-101/320) in an in-process cluster', function () {
  this.timeout(120000);
  let cluster: InProcessCluster;
  let fjord: Fjord;

  before(async () => {
    cluster = await InProcessCluster.start(3);
    fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
  });

  after(async () => {
    await fjord?.close();
    await cluster?.stop();
  });

  const member = (id: number): ClusterMember => cluster.members.get(id)!;
  const epochOf = (topic: string, via: ClusterMember) => {
    const image = via.cluster.replicas.currentImage;
    return image.topicsById.get(image.topicIdsByName.get(topic)!)!.partitions.get(0)!.leaderEpoch;
  };

  it('an old leader with an unacknowledged tail keeps the common prefix and ends byte-identical to the new leader', async () => {
    const topic = 'diverge';
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 20; i++) await producer.send({ topic, partition: 0, value: `acked-${i}` });
    const oldId = cluster.leaderOf(topic, 0);
    const old = member(oldId);
    const followers = [...cluster.members.values()].filter((m) => m.id !== oldId);
    await waitFor('followers to hold the acknowledged records', () => followers.every((f) => f.broker.partitionLog(topic, 0)?.logEndOffset === 20n));

    // The followers stop fetching; the leader appends a tail nobody else gets, then goes away.
    for (const f of followers) f.cluster.replicas.fetchers.unfollow(topic, 0);
    const epoch = epochOf(topic, old);
    for (let i = 0; i < 3; i++) old.broker.partitionLog(topic, 0)!.append(valuesBatch(4, `tail${i}`), { leaderEpoch: epoch });
    expect(old.broker.partitionLog(topic, 0)!.logEndOffset).to.equal(32n);
    await cluster.stopMember(oldId);

    const newId = await waitFor('a new leader', () => {
      const id = cluster.leaderOf(topic, 0, followers[0]);
      return id !== oldId && id >= 0 ? id : undefined;
    });
    for (let i = 20; i < 25; i++) await producer.send({ topic, partition: 0, value: `acked-${i}` });
    await producer.close();
    const leaderLog = member(newId).broker.partitionLog(topic, 0)!;
    expect(leaderLog.logEndOffset).to.equal(25n);

    const back = await cluster.startMember(oldId);
    const rejoined = back.broker.partitionLog(topic, 0)!;
    expect(rejoined.logEndOffset).to.equal(32n);
    let lowestEnd = rejoined.logEndOffset;
    const sampler = setInterval(() => {
      const end = back.broker.partitionLog(topic, 0)?.logEndOffset ?? -1n;
      if (end < lowestEnd) lowestEnd = end;
    }, 1);
    try {
      await waitFor('the old leader to catch up with the new one', () => back.broker.partitionLog(topic, 0)?.logEndOffset === leaderLog.logEndOffset && back.broker.partitionLog(topic, 0)?.leaderEpochs().length === leaderLog.leaderEpochs().length, 30000);
    } finally {
      clearInterval(sampler);
    }
    expect(back.broker.partitionLog(topic, 0), 'the same log object: never deleted and re-created').to.equal(rejoined);
    expect(lowestEnd >= 20n, `cut back to the common prefix, not to 0 (lowest end seen: ${lowestEnd})`).to.equal(true);
    expect(rejoined.logStartOffset).to.equal(0n);
    expect(logBytes(rejoined).equals(logBytes(leaderLog)), 'byte-identical logs').to.equal(true);
    expect(rejoined.leaderEpochs()).to.deep.equal(leaderLog.leaderEpochs());
    await waitFor('the old leader to rejoin the ISR', () => cluster.isrOf(topic, 0, member(newId)).includes(oldId), 30000);
  });

  it('a follower moves its log start with the leader\'s (DeleteRecords), up to its high watermark', async () => {
    const topic = 'trim-follow';
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 12; i++) await producer.send({ topic, partition: 0, value: `r${i}` });
    await producer.close();
    const leader = member(cluster.leaderOf(topic, 0));
    const followers = [...cluster.members.values()].filter((m) => m.id !== leader.id);
    await waitFor('followers to learn high watermark 12', () => followers.every((f) => f.cluster.replicas.fetchers.highWatermark(topic, 0) === 12n));
    leader.broker.partitionLog(topic, 0)!.deleteRecordsBefore(8n);
    await waitFor('followers to move their log start to 8', () => followers.every((f) => f.broker.partitionLog(topic, 0)?.logStartOffset === 8n), 15000);
    for (const f of followers) expect(f.broker.partitionLog(topic, 0)!.logEndOffset).to.equal(12n);
  });

  it('a lagging follower whose end is below the leader\'s log start empties its log and continues from that start', async () => {
    const topic = 'trimmed';
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 10; i++) await producer.send({ topic, partition: 0, value: `early-${i}` });
    await producer.close();
    const leader = member(cluster.leaderOf(topic, 0));
    const lagging = [...cluster.members.values()].find((m) => m.id !== leader.id)!;
    await waitFor('the follower to hold the first records', () => lagging.broker.partitionLog(topic, 0)?.logEndOffset === 10n);

    lagging.cluster.replicas.fetchers.unfollow(topic, 0);
    const leaderLog = leader.broker.partitionLog(topic, 0)!;
    for (let i = 0; i < 10; i++) leaderLog.append(valuesBatch(5, `later${i}`), { leaderEpoch: epochOf(topic, leader) });
    leaderLog.roll();
    leaderLog.deleteRecordsBefore(35n); // DeleteRecords: the leader's log now starts past the follower's end
    expect(leaderLog.logStartOffset).to.equal(35n);

    const followerLog = lagging.broker.partitionLog(topic, 0)!;
    lagging.cluster.replicas.fetchers.follow(topic, 0, leader.id, epochOf(topic, lagging), { host: '127.0.0.1', port: leader.server.address.port });
    await waitFor('the follower to catch up from the leader\'s log start', () => followerLog.logEndOffset === leaderLog.logEndOffset, 30000);
    expect(followerLog.logStartOffset).to.equal(35n);
    expect(logBytes(followerLog).equals(logBytes(leaderLog))).to.equal(true);
  });
});
