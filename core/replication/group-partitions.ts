/**
 * Group coordination in a replicated cluster, per `__consumer_offsets` partition (Kafka's
 * GroupMetadataManager and its partition ownership):
 *
 * - `__consumer_offsets` is a cluster topic, created through the controller on the first
 *   FindCoordinator or group request (`offsets.topic.num.partitions`, replication factor
 *   `offsets.topic.replication.factor` capped at the live brokers, `cleanup.policy=compact`);
 *   until it exists requests get COORDINATOR_NOT_AVAILABLE.
 * - A group's coordinator is the leader of partition `offsetsPartitionFor(groupId)`.
 * - When this broker becomes the leader of a partition it replays that partition's log (to its
 *   end) into the group coordinator; requests meanwhile get COORDINATOR_LOAD_IN_PROGRESS. When it
 *   stops leading (or the leader epoch changes), the partition's groups are unloaded: parked
 *   joins and syncs are answered NOT_COORDINATOR, and so is every later request.
 */
import type { Broker } from '../broker/broker.js';
import type { ClusterHooks } from '../broker/cluster-hooks.js';
import { offsetsTopicConfigs, type CoordinatorAnswer, type GroupCoordination } from '../broker/offsets-topic.js';
import { CONSUMER_OFFSETS_TOPIC } from '../broker/topic-names.js';
import type { ClusterImage } from '../cluster/metadata/cluster-image.js';
import { offsetsPartitionFor } from '../group/group-coordinator.js';
import type { Logger } from '../io/logger.js';
import type { TimerHandle } from '../io/timers.js';
import { errorCode } from '../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import { CLIENT_LISTENER, topicByName } from './metadata-view.js';

/** How long to wait before loading a partition again after its log could not be read. */
const LOAD_RETRY_MS = 1000;

/** What the group partitions need from the broker's replication. */
export interface GroupPartitionsDeps {
  readonly brokerId: number;
  readonly broker: Broker;
  /** The replication hooks: leader check, leader epoch, acks=all for the offsets topic's appends. */
  readonly hooks: ClusterHooks;
  /** The committed image this broker acts on. */
  readonly image: () => ClusterImage;
  /** CreateTopics through the active controller. */
  readonly createTopics: (req: CreateTopicsRequest) => Promise<CreateTopicsResponse>;
  readonly logger: Logger;
}

interface OwnedPartition {
  readonly leaderEpoch: number;
  /** The topic's partition count when loading began (the groups' partition is computed with it). */
  readonly numPartitions: number;
  status: 'loading' | 'loaded';
}

/** The offsets partitions this broker leads, and their groups (see the file comment). */
export class GroupPartitions implements GroupCoordination {
  private readonly owned = new Map<number, OwnedPartition>();
  private creating: Promise<void> | null = null;
  private retryTimer: TimerHandle | null = null;
  private stopped = false;

  private constructor(private readonly deps: GroupPartitionsDeps) {}

  /**
   * Makes `deps.broker`'s groups follow the cluster: forgets what the broker replayed from its
   * local `__consumer_offsets` on open (only the partitions it leads count), routes the offsets
   * topic's appends through replication, and follows the current image. The cluster runtime
   * then calls `follow` with every image it applies.
   */
  static attach(deps: GroupPartitionsDeps): GroupPartitions {
    const it = new GroupPartitions(deps);
    const forgotten = deps.broker.groups.unloadGroups(() => true);
    if (forgotten > 0) deps.logger.info(`broker ${deps.brokerId}: ${forgotten} group(s) replayed at start wait until this broker leads their ${CONSUMER_OFFSETS_TOPIC} partition`);
    deps.broker.offsetsTopic.attachCluster(deps.hooks, it, (p) => deps.broker.appendWaiters.notify(CONSUMER_OFFSETS_TOPIC, p));
    it.follow(deps.image());
    return it;
  }

  numPartitions(): number | undefined {
    return topicByName(this.deps.image(), CONSUMER_OFFSETS_TOPIC)?.partitions.size;
  }

  find(groupId: string): CoordinatorAnswer {
    const image = this.deps.image();
    const n = this.numPartitions();
    if (n === undefined) {
      this.ensureTopic();
      return notAvailable(`${CONSUMER_OFFSETS_TOPIC} does not exist yet; it is being created`);
    }
    const partition = offsetsPartitionFor(groupId, n);
    const leader = topicByName(image, CONSUMER_OFFSETS_TOPIC)?.partitions.get(partition)?.leader ?? -1;
    const address = leader >= 0 ? addressIn(image, leader) : undefined;
    if (address === undefined) return notAvailable(`${CONSUMER_OFFSETS_TOPIC}-${partition} has no leader`);
    return { errorCode: 0, errorMessage: null, nodeId: leader, host: address.host, port: address.port };
  }

  check(groupId: string): number {
    const n = this.numPartitions();
    if (n === undefined) {
      this.ensureTopic();
      return errorCode('COORDINATOR_NOT_AVAILABLE');
    }
    const owned = this.owned.get(offsetsPartitionFor(groupId, n));
    if (owned === undefined || owned.numPartitions !== n) return errorCode('NOT_COORDINATOR');
    return owned.status === 'loading' ? errorCode('COORDINATOR_LOAD_IN_PROGRESS') : 0;
  }

  /** The offsets partitions this broker coordinates, with their state (for tests and tools). */
  ownedPartitions(): Map<number, 'loading' | 'loaded'> {
    return new Map([...this.owned].map(([p, o]) => [p, o.status]));
  }

  /** Unloads every group (parked requests are answered NOT_COORDINATOR); the broker is stopping. */
  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) this.deps.broker.timers.clearTimeout(this.retryTimer);
    for (const p of [...this.owned.keys()]) this.unload(p);
  }

  /**
   * Loads the partitions this broker now leads and unloads those it no longer leads; called with
   * each image right after the replica manager applied it (so the leader roles match).
   */
  follow(image: ClusterImage): void {
    if (this.stopped) return;
    const topic = topicByName(image, CONSUMER_OFFSETS_TOPIC);
    const led = new Map<number, number>();
    if (topic !== undefined) {
      for (const [p, s] of topic.partitions) if (s.leader === this.deps.brokerId) led.set(p, s.leaderEpoch);
    }
    const n = topic?.partitions.size ?? 0;
    for (const [p, owned] of [...this.owned]) {
      if (led.get(p) !== owned.leaderEpoch || owned.numPartitions !== n) this.unload(p);
    }
    for (const [p, epoch] of led) if (!this.owned.has(p)) void this.load(p, epoch, n);
  }

  private async load(partition: number, leaderEpoch: number, numPartitions: number): Promise<void> {
    const entry: OwnedPartition = { leaderEpoch, numPartitions, status: 'loading' };
    this.owned.set(partition, entry);
    const { broker, logger, brokerId } = this.deps;
    const records: [Buffer, Buffer | null][] = [];
    try {
      await broker.offsetsTopic.replayPartition(partition, (key, value) => records.push([key, value]));
    } catch (err) {
      logger.error(`broker ${brokerId}: cannot read ${CONSUMER_OFFSETS_TOPIC}-${partition} to load its groups: ${(err as Error).message}; retrying`);
      if (this.owned.get(partition) === entry) this.owned.delete(partition);
      this.retryTimer ??= broker.timers.setTimeout(() => {
        this.retryTimer = null;
        this.follow(this.deps.image());
      }, LOAD_RETRY_MS);
      return;
    }
    if (this.stopped || this.owned.get(partition) !== entry) return; // leadership moved while reading
    let skipped = 0;
    for (const [key, value] of records) {
      try {
        broker.groups.loadRecord(key, value);
      } catch (err) {
        if (skipped++ === 0) logger.warn(`broker ${brokerId}: ${CONSUMER_OFFSETS_TOPIC}-${partition}: skipping a record it cannot read: ${(err as Error).message}`);
      }
    }
    entry.status = 'loaded';
    logger.info(`broker ${brokerId} coordinates the groups of ${CONSUMER_OFFSETS_TOPIC}-${partition} (epoch ${leaderEpoch}): loaded ${records.length - skipped} record(s)${skipped > 0 ? `, skipped ${skipped} unreadable` : ''}`);
    broker.afterGroupChange(); // arms the session timers of the loaded members
  }

  private unload(partition: number): void {
    const owned = this.owned.get(partition);
    if (owned === undefined) return;
    this.owned.delete(partition);
    const count = this.deps.broker.groups.unloadGroups((g) => offsetsPartitionFor(g, owned.numPartitions) === partition);
    this.deps.logger.info(`broker ${this.deps.brokerId} no longer coordinates the groups of ${CONSUMER_OFFSETS_TOPIC}-${partition}: unloaded ${count} group(s)`);
  }

  /** Creates `__consumer_offsets` through the controller (one attempt at a time). */
  private ensureTopic(): void {
    if (this.creating !== null || this.stopped) return;
    const image = this.deps.image();
    const live = [...image.brokers.values()].filter((b) => !b.fenced).length;
    if (live === 0) return;
    const config = this.deps.broker.config;
    // Kafka (since 0.11, KIP-115) refuses to create the topic until enough brokers are alive; Fjord
    // caps the factor at the live brokers, as Kafka did before, so small dev clusters have groups.
    const replicationFactor = Math.max(1, Math.min(config.offsetsTopicReplicationFactor, live));
    const configs = Object.entries(offsetsTopicConfigs(config.offsetsTopicSegmentBytes)).map(([name, value]) => ({ name, value }));
    const req = { topics: [{ name: CONSUMER_OFFSETS_TOPIC, numPartitions: config.offsetsTopicNumPartitions, replicationFactor, assignments: [], configs }], timeoutMs: 30000, validateOnly: false } as unknown as CreateTopicsRequest;
    this.creating = this.deps
      .createTopics(req)
      .then((res) => {
        const t = res.topics[0];
        if (t === undefined || t.errorCode === 0) this.deps.logger.info(`created ${CONSUMER_OFFSETS_TOPIC} (${config.offsetsTopicNumPartitions} partitions, replication factor ${replicationFactor})`);
        else if (t.errorCode !== errorCode('TOPIC_ALREADY_EXISTS')) this.deps.logger.warn(`cannot create ${CONSUMER_OFFSETS_TOPIC}: ${t.errorMessage ?? t.errorCode}`);
      })
      .catch((err: Error) => this.deps.logger.warn(`cannot create ${CONSUMER_OFFSETS_TOPIC}: ${err.message}`))
      .finally(() => (this.creating = null));
  }
}

function notAvailable(message: string): CoordinatorAnswer {
  return { errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), errorMessage: message, nodeId: -1, host: '', port: -1 };
}

/** Where clients reach broker `brokerId`, from its registration in the image. */
function addressIn(image: ClusterImage, brokerId: number): { host: string; port: number } | undefined {
  const reg = image.brokers.get(brokerId);
  if (reg === undefined || reg.fenced) return undefined;
  const ep = reg.endPoints.find((e) => e.name === CLIENT_LISTENER) ?? reg.endPoints[0];
  return ep === undefined ? undefined : { host: ep.host, port: ep.port };
}
