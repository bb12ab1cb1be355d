/**
 * A replicated cluster of combined broker + controller nodes in this process, each with its
 * own data dir, Kafka listener (BrokerServer on a free loopback port) and controller port.
 */
import { Broker } from '../../core/broker/broker.js';
import { BrokerServer } from '../../core/broker/server/broker-server.js';
import type { QuorumVoter } from '../../core/cluster/raft/config.js';
import { ClusterBroker } from '../../core/replication/cluster-broker.js';
import { silentLogger, stderrLogger } from '../../core/io/logger.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { loopbackVoters, waitFor } from '../cluster/quorum-helpers.js';

export interface ClusterMember {
  readonly id: number;
  readonly dataDir: string;
  broker: Broker;
  server: BrokerServer;
  cluster: ClusterBroker;
  bootstrap: string;
}

/** Test timings: fast elections, heartbeats and ISR decisions, still generous for a loaded machine. */
export const TEST_TIMINGS = { tickMs: 50, heartbeatIntervalMs: 200, sessionTimeoutMs: 4000, replicaLagTimeMaxMs: 3000 };

export class InProcessCluster {
  readonly members = new Map<number, ClusterMember>();

  private constructor(readonly voters: QuorumVoter[], private readonly dirs: Map<number, string>) {}

  static async start(size: number): Promise<InProcessCluster> {
    const voters = await loopbackVoters(size);
    const c = new InProcessCluster(voters, new Map(voters.map((v) => [v.id, tmpDir(`fjord-node${v.id}-`)])));
    await Promise.all(voters.map((v) => c.startMember(v.id)));
    await c.waitUnfenced();
    return c;
  }

  get bootstrap(): string {
    return [...this.members.values()].map((m) => m.bootstrap).join(',');
  }

  /** Kafka ports by member: a restarted member listens where it did before, as a real one would. */
  private readonly ports = new Map<number, number>();

  async startMember(id: number): Promise<ClusterMember> {
    const dataDir = this.dirs.get(id)!;
    let broker: Broker | null = null;
    const server = await BrokerServer.start({
      host: '127.0.0.1', port: this.ports.get(id) ?? 0,
      // keepRestoredGroupMembers, as `fjord broker` does: a restarted broker must not write group
      // records to its copies of __consumer_offsets before it knows which partitions it leads.
      broker: async (endpoint) => (broker = await Broker.open({ dataDir, endpoint, keepRestoredGroupMembers: true, config: { nodeId: id, groupInitialRebalanceDelayMs: 0, offsetsTopicNumPartitions: 2 } })),
    });
    const cluster = await ClusterBroker.start({
      nodeId: id, voters: this.voters, broker: broker!, dataDir, endpoint: server.address, defaultReplicationFactor: 3, ...TEST_TIMINGS,
      logger: process.env.FJORD_TEST_LOG ? stderrLogger(`node ${id}`) : silentLogger,
    });
    this.ports.set(id, server.address.port);
    const m = { id, dataDir, broker: broker!, server, cluster, bootstrap: `127.0.0.1:${server.address.port}` };
    this.members.set(id, m);
    return m;
  }

  /** Stops a member as SIGTERM does: controlled shutdown, then the listener, then the logs. */
  async stopMember(id: number): Promise<void> {
    const m = this.members.get(id)!;
    this.members.delete(id);
    await m.cluster.stop();
    await m.server.close();
    await m.broker.close();
  }

  async waitUnfenced(): Promise<void> {
    await waitFor('every member registered and unfenced', () => [...this.members.values()].every((m) => m.cluster.isUnfenced()), 30000);
  }

  /** The current leader of topic-partition in `via`'s image. */
  leaderOf(topic: string, partition: number, via = [...this.members.values()][0]!): number {
    const image = via.cluster.replicas.currentImage;
    const id = image.topicIdsByName.get(topic);
    return id === undefined ? -1 : (image.topicsById.get(id)!.partitions.get(partition)?.leader ?? -1);
  }

  isrOf(topic: string, partition: number, via = [...this.members.values()][0]!): readonly number[] {
    const image = via.cluster.replicas.currentImage;
    const id = image.topicIdsByName.get(topic);
    return id === undefined ? [] : (image.topicsById.get(id)!.partitions.get(partition)?.isr ?? []);
  }

  async stop(): Promise<void> {
    for (const id of [...this.members.keys()]) await this.stopMember(id);
  }
}
