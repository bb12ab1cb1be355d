import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Broker } from '../../core/broker/broker.js';
import type { ClusterImage } from '../../core/cluster/metadata/cluster-image.js';
import type { ControllerClient } from '../../core/cluster/node/controller-client.js';
import { Fjord } from '../../core/client/fjord.js';
import { silentLogger } from '../../core/io/logger.js';
import { errorCode } from '../../core/protocol/error-codes.js';
import { HIGH_WATERMARK_CHECKPOINT_FILE } from '../../core/log/log-manager.js';
import { ReplicaFetchers } from '../../core/replication/replica-fetcher.js';
import { ReplicaManager } from '../../core/replication/replica-manager.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { InProcessCluster } from './in-process-cluster.js';

/** A loopback port nobody listens on: a fetcher pointed there never gets an answer. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `image` with `topic`-0 led by `leader` in a new leader epoch. */
function ledBy(image: ClusterImage, topic: string, leader: number): ClusterImage {
  const id = image.topicIdsByName.get(topic)!;
  const t = image.topicsById.get(id)!;
  const p = t.partitions.get(0)!;
  const partitions = new Map(t.partitions);
  partitions.set(0, { ...p, leader, leaderEpoch: p.leaderEpoch + 1, partitionEpoch: p.partitionEpoch + 1 });
  return { ...image, topicsById: new Map([...image.topicsById, [id, { ...t, partitions }]]) };
}

describe('high watermark checkpoint across a broker restart', function () {
  this.timeout(90000);
  let cluster: InProcessCluster;

  before(async () => {
    cluster = await InProcessCluster.start(3);
  });
  after(async () => {
    await cluster?.stop();
  });

  it('a restarted replica starts from the checkpointed high watermark before any follower fetch, as follower and as leader', async () => {
    const topic = 'hw';
    const fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 30; i++) await producer.send({ topic, partition: 0, value: `r${i}` });
    await producer.close();
    await fjord.close();
    const leaderId = cluster.leaderOf(topic, 0);
    const x = [...cluster.members.values()].find((m) => m.id !== leaderId)!;
    await waitFor('the follower to learn high watermark 30', () => x.cluster.replicas.fetchers.highWatermark(topic, 0) === 30n);
    const image = x.cluster.replicas.currentImage;
    await cluster.stopMember(x.id);
    expect(fs.readFileSync(path.join(x.dataDir, HIGH_WATERMARK_CHECKPOINT_FILE), 'utf8').split('\n')).to.include(`${topic} 0 30`);

    const broker = await Broker.open({ dataDir: x.dataDir, config: { nodeId: x.id } });
    try {
      expect(broker.logs.checkpointedHighWatermark(topic, 0)).to.equal(30n);
      // As a follower whose leader cannot be reached: no fetch ever answers.
      const fetchers = new ReplicaFetchers(x.id, broker, silentLogger);
      fetchers.follow(topic, 0, leaderId, 1, { host: '127.0.0.1', port: await deadPort() });
      expect(fetchers.highWatermark(topic, 0)).to.equal(30n);
      fetchers.stop();
      // As a leader whose followers have not fetched yet: consumers may read up to 30 at once.
      const controller = { call: () => new Promise(() => {}) } as unknown as ControllerClient;
      const manager = new ReplicaManager({
        brokerId: x.id, broker, controller, brokerEpoch: () => 1, controllerId: () => -1, clusterId: 'test',
        replicaLagTimeMaxMs: 60000, defaultReplicationFactor: 3, dataDir: x.dataDir, logger: silentLogger,
      });
      manager.applyImage(ledBy(image, topic, x.id));
      expect(manager.fetchView(topic, 0, -1, 0n).highWatermark).to.equal(30n);
      manager.stop();
    } finally {
      await broker.close();
    }
  });

  it('a restarted broker leads nothing from its stale image until it is registered again and unfenced', async () => {
    const topic = 'stale';
    for (const v of cluster.voters) if (!cluster.members.has(v.id)) await cluster.startMember(v.id); // the test before stopped one
    await cluster.waitUnfenced();
    const fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    await fjord.close();
    const x = [...cluster.members.values()].find((m) => m.id !== cluster.leaderOf(topic, 0))!;
    await waitFor('the topic on every member', () => [...cluster.members.values()].every((m) => m.cluster.replicas.currentImage.topicIdsByName.has(topic)));
    // The image this broker's metadata log held when it stopped, in which it now leads the partition.
    const stale = ledBy(x.cluster.replicas.currentImage, topic, x.id);
    await cluster.stopMember(x.id);
    const broker = await Broker.open({ dataDir: x.dataDir, config: { nodeId: x.id } });
    const controller = { call: () => new Promise(() => {}) } as unknown as ControllerClient;
    const manager = new ReplicaManager({
      brokerId: x.id, broker, controller, brokerEpoch: () => -1, controllerId: () => -1, clusterId: 'test',
      replicaLagTimeMaxMs: 60000, defaultReplicationFactor: 3, dataDir: x.dataDir, logger: silentLogger, incarnationId: 'restarted',
    });
    try {
      manager.applyImage(stale); // registered under the previous incarnation
      expect(manager.checkProduce(topic, 0, 1)?.errorCode).to.equal(errorCode('NOT_LEADER_OR_FOLLOWER'));
      const reg = stale.brokers.get(x.id)!;
      manager.applyImage({ ...stale, brokers: new Map([...stale.brokers, [x.id, { ...reg, incarnationId: 'restarted', fenced: true }]]) });
      expect(manager.checkProduce(topic, 0, 1)?.errorCode).to.equal(errorCode('NOT_LEADER_OR_FOLLOWER'));
      manager.applyImage({ ...stale, brokers: new Map([...stale.brokers, [x.id, { ...reg, incarnationId: 'restarted', fenced: false }]]) });
      expect(manager.checkProduce(topic, 0, 1)).to.equal(null);
    } finally {
      manager.stop();
      await broker.close();
      await cluster.startMember(x.id);
    }
  });
});
