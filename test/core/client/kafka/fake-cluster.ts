/**
 * A cluster of fake brokers that behaves like Kafka where routing is concerned: only a
 * partition's leader answers for it (others say NOT_LEADER_OR_FOLLOWER), only a group's
 * coordinator for the group (NOT_COORDINATOR), only the controller for admin changes
 * (NOT_CONTROLLER). Tests move leaders, coordinators and the controller by editing the model.
 */
import { resolveKafkaTransportConfig, type KafkaTransportConfig } from '../../../../core/client/kafka/kafka-config.js';
import { KafkaTransport } from '../../../../core/client/kafka/kafka-transport.js';
import { FakeNetwork, type FakeBroker, type FakeRequest } from './fake-broker.js';

const NOT_LEADER = 6;
const UNKNOWN_TOPIC = 3;
const NOT_COORDINATOR = 16;
const NOT_CONTROLLER = 41;

/** Offsets in answers encode who answered: node * 1000 + partition. */
export const answeredBy = (offset: bigint | number | undefined): number => Math.floor(Number(offset) / 1000);

export class FakeCluster {
  readonly network = new FakeNetwork();
  controllerId = 1;
  /** Leader node per partition, by topic. */
  readonly leaders = new Map<string, number[]>();
  /** Coordinator node per group (default node 1). */
  readonly coordinators = new Map<string, number>();
  readonly transports: KafkaTransport[] = [];

  constructor(nodeIds = [1, 2, 3]) {
    for (const id of nodeIds) this.install(this.network.add(id));
  }

  broker(nodeId: number): FakeBroker {
    return this.network.broker(nodeId);
  }

  get brokers(): FakeBroker[] {
    return this.network.brokers;
  }

  coordinatorOf(groupId: string): number {
    return this.coordinators.get(groupId) ?? 1;
  }

  /** A transport bootstrapped from the given nodes (default: the first). */
  transport(overrides: Partial<KafkaTransportConfig> = {}, bootstrapNodes = [this.brokers[0].nodeId]): KafkaTransport {
    const config = resolveKafkaTransportConfig({
      bootstrap: bootstrapNodes.map((id) => this.broker(id).address),
      retryBackoffMs: 5,
      retryBackoffMaxMs: 20,
      reconnectBackoffMs: 5,
      ...overrides,
    });
    const t = new KafkaTransport(config, { dial: this.network.dial });
    this.transports.push(t);
    return t;
  }

  async close(): Promise<void> {
    await Promise.all(this.transports.map((t) => t.close()));
  }

  private install(b: FakeBroker): void {
    const mine = (topic: string, partition: number) => this.leaders.get(topic)?.[partition] === b.nodeId;
    const partitionError = (topic: string, partition: number) => (!this.leaders.has(topic) ? UNKNOWN_TOPIC : mine(topic, partition) ? 0 : NOT_LEADER);
    const offset = (partition: number) => BigInt(b.nodeId * 1000 + partition);
    b.handlers.Metadata = (req) => this.metadata(req);
    b.handlers.Produce = (req) => ({
      throttleTimeMs: 0,
      responses: req.body.topicData.map((t: { name: string; partitionData: { index: number }[] }) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: partitionError(t.name, p.index), baseOffset: offset(p.index) })),
      })),
    });
    b.handlers.Fetch = (req) => ({
      throttleTimeMs: 0, errorCode: 0, sessionId: 0,
      responses: req.body.topics.map((t: { topic: string; partitions: { partition: number }[] }) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, errorCode: partitionError(t.topic, p.partition), highWatermark: offset(p.partition), records: null })),
      })),
    });
    b.handlers.ListOffsets = (req) => ({
      throttleTimeMs: 0,
      topics: req.body.topics.map((t: { name: string; partitions: { partitionIndex: number }[] }) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: partitionError(t.name, p.partitionIndex), timestamp: -1n, offset: offset(p.partitionIndex) })),
      })),
    });
    b.handlers.FindCoordinator = (req) => this.findCoordinator(req);
    const groupError = (groupId: string) => (this.coordinatorOf(groupId) === b.nodeId ? 0 : NOT_COORDINATOR);
    b.handlers.Heartbeat = (req) => ({ throttleTimeMs: 0, errorCode: groupError(req.body.groupId) });
    b.handlers.OffsetCommit = (req) => ({
      throttleTimeMs: 0,
      topics: req.body.topics.map((t: { name: string; partitions: { partitionIndex: number }[] }) => ({
        name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: groupError(req.body.groupId) })),
      })),
    });
    b.handlers.OffsetFetch = (req) => this.offsetFetch(req, groupError);
    b.handlers.DescribeGroups = (req) => ({
      throttleTimeMs: 0,
      groups: req.body.groups.map((groupId: string) => ({ errorCode: groupError(groupId), groupId, groupState: `on ${b.nodeId}`, protocolType: 'consumer', protocolData: '', members: [] })),
    });
    b.handlers.ListGroups = () => ({
      throttleTimeMs: 0, errorCode: 0,
      groups: [...this.coordinators].filter(([, node]) => node === b.nodeId).map(([groupId]) => ({ groupId, protocolType: 'consumer', groupState: 'Stable' })),
    });
    b.handlers.CreateTopics = (req) => ({
      throttleTimeMs: 0,
      topics: req.body.topics.map((t: { name: string; numPartitions: number }) => {
        if (this.controllerId !== b.nodeId) return { name: t.name, errorCode: NOT_CONTROLLER, errorMessage: null };
        this.leaders.set(t.name, Array.from({ length: t.numPartitions }, (_, i) => this.brokers[i % this.brokers.length].nodeId));
        return { name: t.name, errorCode: 0, errorMessage: null, numPartitions: t.numPartitions, replicationFactor: 1 };
      }),
    });
  }

  private metadata(req: FakeRequest) {
    const asked: string[] = req.body.topics === null ? [...this.leaders.keys()] : req.body.topics.map((t: { name: string }) => t.name);
    return {
      throttleTimeMs: 0,
      brokers: this.brokers.map((x) => ({ nodeId: x.nodeId, host: x.address.host, port: x.address.port, rack: null })),
      clusterId: 'fake',
      controllerId: this.controllerId,
      topics: asked.map((name) => {
        const leaders = this.leaders.get(name);
        if (!leaders) return { errorCode: UNKNOWN_TOPIC, name, isInternal: false, partitions: [] };
        return {
          errorCode: 0, name, isInternal: false,
          partitions: leaders.map((leaderId, partitionIndex) => ({ errorCode: 0, partitionIndex, leaderId, replicaNodes: [leaderId], isrNodes: [leaderId] })),
        };
      }),
    };
  }

  private findCoordinator(req: FakeRequest) {
    const keys: string[] = req.apiVersion >= 4 ? req.body.coordinatorKeys : [req.body.key];
    const found = keys.map((key) => {
      const node = this.broker(this.coordinatorOf(key));
      return { key, nodeId: node.nodeId, host: node.address.host, port: node.address.port, errorCode: 0, errorMessage: null };
    });
    if (req.apiVersion >= 4) return { throttleTimeMs: 0, coordinators: found };
    const [one] = found;
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: one.nodeId, host: one.host, port: one.port };
  }

  private offsetFetch(req: FakeRequest, groupError: (g: string) => number) {
    const answer = (groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null) => ({
      errorCode: groupError(groupId),
      topics: (topics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: BigInt(partitionIndex * 10), committedLeaderEpoch: -1, metadata: null, errorCode: 0 })),
      })),
    });
    if (req.apiVersion >= 8) return { throttleTimeMs: 0, groups: req.body.groups.map((g: { groupId: string; topics: null }) => ({ groupId: g.groupId, ...answer(g.groupId, g.topics) })) };
    return { throttleTimeMs: 0, ...answer(req.body.groupId, req.body.topics) };
  }
}
