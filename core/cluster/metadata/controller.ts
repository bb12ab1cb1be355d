/**
 * The quorum controller: turns cluster requests (broker registration and heartbeats, topic
 * creation, ISR changes, configs) into metadata records, as KRaft's QuorumController does.
 *
 * It runs only on the Raft leader, and only once that leader has applied everything up to the
 * start of its own term (`activate`). From then on it works on a *pending* image: the committed
 * image plus every batch it proposed, so two requests in a row never decide from the same stale
 * state (e.g. elect two different leaders). Losing leadership discards the pending image.
 * Broker session liveness (last heartbeat) is soft state, rebuilt with a grace period on activation.
 */
import { FjordError } from '../../errors.js';
import { topicNameProblem } from '../../topic-partition.js';
import type { Random } from '../raft/config.js';
import { applyRecords } from './apply.js';
import { type ClusterImage, type PartitionState, partitionOf } from './cluster-image.js';
import { afterFence, afterUnfence, electLeader, partitionChange, type Usable } from './partition-changes.js';
import { placeReplicas } from './placement.js';
import { NO_LEADER, NO_LEADER_CHANGE, type BrokerEndpoint, type MetadataRecord } from './records.js';

/** The controller's dependencies: randomness, timing and the way into Raft. */
export interface ControllerOptions {
  readonly random: Random;
  /** Kafka's broker.session.timeout.ms: a broker silent this long is fenced. */
  readonly sessionTimeoutMs: number;
  /** Kafka's unclean.leader.election.enable; off by default. */
  readonly uncleanLeaderElection?: boolean;
  /**
   * How long a broker whose controller connection closed has to heartbeat again before it is
   * fenced (default CONNECTION_LOSS_GRACE_MS; never longer than its session). See `connectionLost`.
   */
  readonly connectionLossGraceMs?: number;
  /** Hands one atomic batch to Raft; false when this node is no longer the leader. */
  readonly propose: (records: MetadataRecord[]) => boolean;
}

/** Kafka's BrokerRegistration request, reduced. */
export interface RegisterBrokerRequest {
  readonly brokerId: number;
  readonly incarnationId: string;
  readonly rack: string | null;
  readonly endPoints: readonly BrokerEndpoint[];
}

/** One topic of a CreateTopics request. */
export interface CreateTopicRequest {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs?: Readonly<Record<string, string>>;
}

/** Kafka's AlterPartition: the partition leader asks to change the ISR. */
export interface AlterPartitionRequest {
  readonly brokerId: number;
  readonly brokerEpoch: number;
  readonly topicId: string;
  readonly partitionId: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly newIsr: readonly number[];
}

/**
 * A live broker heartbeats every 500 ms (broker.heartbeat.interval.ms) and reconnects on its next
 * heartbeat, so one whose connection merely dropped is heard from well within this.
 */
export const CONNECTION_LOSS_GRACE_MS = 1000;

/** Producer ids per AllocateProducerIds block (Kafka's). */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

/** Turns cluster requests into metadata record batches (see the file comment). */
export class QuorumController {
  private pending: ClusterImage | null = null;
  private readonly lastHeartbeatMs = new Map<number, number>();

  constructor(private readonly options: ControllerOptions) {}

  isActive(): boolean {
    return this.pending !== null;
  }

  /** The image including proposed but not yet committed batches (active only). */
  image(): ClusterImage {
    return this.pending ?? notController('image');
  }

  /** Becomes the active controller over `committed`; every broker gets a fresh session. */
  activate(committed: ClusterImage, nowMs: number): void {
    this.pending = committed;
    this.lastHeartbeatMs.clear();
    for (const id of committed.brokers.keys()) this.lastHeartbeatMs.set(id, nowMs);
  }

  deactivate(): void {
    this.pending = null;
    this.lastHeartbeatMs.clear();
  }

  registerBroker(req: RegisterBrokerRequest, nowMs: number): { brokerEpoch: number } {
    const image = this.image();
    const old = image.brokers.get(req.brokerId);
    if (old !== undefined && old.incarnationId === req.incarnationId) return { brokerEpoch: old.brokerEpoch };
    const brokerEpoch = (old?.brokerEpoch ?? 0) + 1;
    const records: MetadataRecord[] = [{ type: 'RegisterBrokerRecord', ...req, brokerEpoch, fenced: true }];
    // A new incarnation starts fenced: partitions it led must move, as when it is fenced.
    if (old !== undefined && !old.fenced) records.push(...this.fenceChanges(req.brokerId));
    this.commit(records);
    this.lastHeartbeatMs.set(req.brokerId, nowMs);
    return { brokerEpoch };
  }

  /** A broker heartbeat: keeps its session, unfences it (or fences it when it asks to). */
  brokerHeartbeat(brokerId: number, brokerEpoch: number, wantFence: boolean, nowMs: number): { fenced: boolean } {
    const b = this.checkBroker(brokerId, brokerEpoch, 'BrokerHeartbeat');
    this.lastHeartbeatMs.set(brokerId, nowMs);
    if (b.fenced && !wantFence) {
      this.commit([{ type: 'UnfenceBrokerRecord', id: brokerId, epoch: brokerEpoch }, ...this.unfenceChanges(brokerId)]);
    } else if (!b.fenced && wantFence) {
      this.fence(brokerId);
    }
    return { fenced: wantFence };
  }

  unregisterBroker(brokerId: number): void {
    const b = this.image().brokers.get(brokerId);
    if (b === undefined) throw new FjordError('BROKER_ID_NOT_REGISTERED', `UnregisterBroker: broker ${brokerId} is not registered`);
    const moves = b.fenced ? [] : this.fenceChanges(brokerId);
    this.commit([...moves, { type: 'UnregisterBrokerRecord', brokerId, brokerEpoch: b.brokerEpoch }]);
    this.lastHeartbeatMs.delete(brokerId);
  }

  /**
   * The connection a broker heartbeats on was closed by its end (a FIN or RST: its process died or
   * closed the socket). Its session is cut to `connectionLossGraceMs` from now: a live broker
   * reconnects and heartbeats within that and keeps its session; a dead one is fenced by `tick`
   * without waiting out the whole session. A network partition closes no connection, so there the
   * session timeout decides as before; fencing early is always safe (leadership moves by the
   * usual epoch bump), only a false positive costs a leader move.
   */
  connectionLost(brokerId: number, nowMs: number): void {
    if (!this.isActive()) return;
    const last = this.lastHeartbeatMs.get(brokerId);
    if (last === undefined) return;
    const graceMs = Math.min(this.options.connectionLossGraceMs ?? CONNECTION_LOSS_GRACE_MS, this.options.sessionTimeoutMs);
    this.lastHeartbeatMs.set(brokerId, Math.min(last, nowMs - this.options.sessionTimeoutMs + graceMs));
  }

  /** Fences every unfenced broker whose session expired. Returns the fenced ids. */
  tick(nowMs: number): number[] {
    if (!this.isActive()) return [];
    const expired: number[] = [];
    for (const b of this.image().brokers.values()) {
      const last = this.lastHeartbeatMs.get(b.brokerId) ?? nowMs;
      if (!b.fenced && nowMs - last > this.options.sessionTimeoutMs) expired.push(b.brokerId);
    }
    for (const id of expired) this.fence(id);
    return expired;
  }

  createTopic(req: CreateTopicRequest): { topicId: string; assignments: number[][] } {
    const image = this.image();
    const where = `CreateTopics "${req.name}"`;
    const problem = topicNameProblem(req.name);
    if (problem !== null) throw new FjordError('INVALID_TOPIC_EXCEPTION', `${where}: ${problem}`);
    if (image.topicIdsByName.has(req.name)) throw new FjordError('TOPIC_ALREADY_EXISTS', `${where}: topic already exists`);
    const usable = [...image.brokers.values()].filter((b) => !b.fenced).map((b) => ({ id: b.brokerId, rack: b.rack }));
    let assignments: number[][];
    try {
      assignments = placeReplicas(usable, req.partitions, req.replicationFactor, Math.floor(this.options.random() * 1000));
    } catch (e) {
      throw e instanceof FjordError ? new FjordError(e.code, `${where}: ${e.message}`) : e;
    }
    const topicId = this.newTopicId();
    const records: MetadataRecord[] = [{ type: 'TopicRecord', name: req.name, topicId }];
    assignments.forEach((replicas, partitionId) =>
      records.push({ type: 'PartitionRecord', topicId, partitionId, replicas, isr: replicas, leader: replicas[0]!, leaderEpoch: 0, partitionEpoch: 0 }),
    );
    for (const [name, value] of Object.entries(req.configs ?? {})) {
      records.push({ type: 'ConfigRecord', resourceType: 'topic', resourceName: req.name, name, value });
    }
    this.commit(records);
    return { topicId, assignments };
  }

  /**
   * CreatePartitions: grows a topic to `count` partitions, placing the new ones round-robin with
   * the replication factor of partition 0.
   */
  createPartitions(name: string, count: number): { assignments: number[][] } {
    const image = this.image();
    const where = `CreatePartitions "${name}"`;
    const topicId = image.topicIdsByName.get(name);
    const topic = topicId === undefined ? undefined : image.topicsById.get(topicId);
    if (topicId === undefined || topic === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `${where}: no such topic`);
    const current = topic.partitions.size;
    if (!Number.isInteger(count) || count <= current) throw new FjordError('INVALID_PARTITIONS', `${where}: topic has ${current} partition(s); the new count ${count} must be larger`);
    const rf = topic.partitions.get(0)?.replicas.length ?? 1;
    const usable = [...image.brokers.values()].filter((b) => !b.fenced).map((b) => ({ id: b.brokerId, rack: b.rack }));
    let assignments: number[][];
    try {
      assignments = placeReplicas(usable, count - current, rf, Math.floor(this.options.random() * 1000));
    } catch (e) {
      throw e instanceof FjordError ? new FjordError(e.code, `${where}: ${e.message}`) : e;
    }
    this.commit(assignments.map((replicas, i) => ({
      type: 'PartitionRecord', topicId, partitionId: current + i, replicas, isr: replicas, leader: replicas[0]!, leaderEpoch: 0, partitionEpoch: 0,
    })));
    return { assignments };
  }

  /** DeleteTopics: removes the topic (its partitions and configs) from the image. */
  deleteTopic(name: string): { topicId: string } {
    const topicId = this.image().topicIdsByName.get(name);
    if (topicId === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `DeleteTopics "${name}": no such topic`);
    this.commit([{ type: 'RemoveTopicRecord', topicId }]);
    return { topicId };
  }

  /** ISR shrink or expand requested by the partition leader; returns the new partition state. */
  alterPartition(req: AlterPartitionRequest): PartitionState {
    const where = `AlterPartition ${req.topicId}-${req.partitionId} from broker ${req.brokerId}`;
    this.checkBroker(req.brokerId, req.brokerEpoch, where);
    const image = this.image();
    const p = partitionOf(image, req.topicId, req.partitionId);
    if (p === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `${where}: no such partition`);
    if (req.leaderEpoch !== p.leaderEpoch) {
      throw new FjordError('FENCED_LEADER_EPOCH', `${where}: leader epoch ${req.leaderEpoch} is not the current ${p.leaderEpoch}`);
    }
    if (req.brokerId !== p.leader) throw new FjordError('INVALID_REQUEST', `${where}: broker ${req.brokerId} is not the leader (${p.leader})`);
    if (req.partitionEpoch !== p.partitionEpoch) {
      throw new FjordError('INVALID_UPDATE_VERSION', `${where}: partition epoch ${req.partitionEpoch} is not the current ${p.partitionEpoch}`);
    }
    if (!req.newIsr.includes(p.leader)) throw new FjordError('INVALID_REQUEST', `${where}: new ISR ${req.newIsr.join(',')} leaves out the leader`);
    for (const r of req.newIsr) {
      if (!p.replicas.includes(r)) throw new FjordError('INVALID_REQUEST', `${where}: ${r} in the new ISR is not a replica`);
      if (!p.isr.includes(r) && !this.usable(image)(r)) {
        throw new FjordError('INELIGIBLE_REPLICA', `${where}: broker ${r} cannot join the ISR while fenced or unregistered`);
      }
    }
    const change = partitionChange(req.topicId, req.partitionId, p, { leader: p.leader, isr: req.newIsr });
    if (change !== null) this.commit([change]);
    return partitionOf(this.image(), req.topicId, req.partitionId)!;
  }

  /**
   * Preferred-leader election (Kafka's ElectLeaders, PREFERRED): moves leadership back to the
   * first replica where it is in the ISR and usable. Returns the outcome per partition:
   * 'elected', ELECTION_NOT_NEEDED or PREFERRED_LEADER_NOT_AVAILABLE. `only` limits it to some
   * partitions (by topic name); absent means every partition.
   */
  electPreferredLeaders(only?: readonly { topic: string; partition: number }[]): { topic: string; partition: number; outcome: 'elected' | 'ELECTION_NOT_NEEDED' | 'PREFERRED_LEADER_NOT_AVAILABLE' }[] {
    const image = this.image();
    const usable = this.usable(image);
    const wanted = only === undefined ? null : new Set(only.map((tp) => `${tp.topic}\u0000${tp.partition}`));
    const records: MetadataRecord[] = [];
    const out: { topic: string; partition: number; outcome: 'elected' | 'ELECTION_NOT_NEEDED' | 'PREFERRED_LEADER_NOT_AVAILABLE' }[] = [];
    for (const t of image.topicsById.values()) {
      for (const [partition, p] of t.partitions) {
        if (wanted !== null && !wanted.has(`${t.name}\u0000${partition}`)) continue;
        const preferred = p.replicas[0]!;
        if (p.leader === preferred) out.push({ topic: t.name, partition, outcome: 'ELECTION_NOT_NEEDED' });
        else if (!p.isr.includes(preferred) || !usable(preferred)) out.push({ topic: t.name, partition, outcome: 'PREFERRED_LEADER_NOT_AVAILABLE' });
        else {
          records.push(partitionChange(t.topicId, partition, p, { leader: preferred, isr: p.isr })!);
          out.push({ topic: t.name, partition, outcome: 'elected' });
        }
      }
    }
    if (records.length > 0) this.commit(records);
    return out;
  }

  /**
   * Sets a partition's replicas (one step of a reassignment). The new ISR is the old ISR within
   * the new replicas and must not be empty; the leader stays if it is still a replica, else one
   * is elected from that ISR. Moving to replicas that are not in sync yet is done in two steps
   * (as `fjord partitions reassign` does): first the union of old and new replicas, then — once
   * the new ones joined the ISR — the new list.
   */
  reassignPartition(topic: string, partitionId: number, replicas: readonly number[]): PartitionState {
    const image = this.image();
    const where = `AlterPartitionReassignments ${topic}-${partitionId}`;
    const topicId = image.topicIdsByName.get(topic);
    const p = topicId === undefined ? undefined : partitionOf(image, topicId, partitionId);
    if (topicId === undefined || p === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `${where}: no such partition`);
    if (replicas.length === 0 || new Set(replicas).size !== replicas.length) {
      throw new FjordError('INVALID_REPLICA_ASSIGNMENT', `${where}: replicas ${replicas.join(',')} must be a non-empty list without repeats`);
    }
    const unknown = replicas.find((r) => !image.brokers.has(r));
    if (unknown !== undefined) throw new FjordError('INVALID_REPLICA_ASSIGNMENT', `${where}: broker ${unknown} is not registered`);
    const isr = p.isr.filter((r) => replicas.includes(r));
    if (isr.length === 0) {
      throw new FjordError('INVALID_REPLICA_ASSIGNMENT', `${where}: none of ${replicas.join(',')} is in the ISR (${p.isr.join(',')}); add the new replicas first and wait until they are in sync`);
    }
    const target = replicas.includes(p.leader) ? { leader: p.leader, isr } : electLeader(replicas, isr, this.usable(image), false);
    if (target.leader === NO_LEADER) throw new FjordError('INVALID_REPLICA_ASSIGNMENT', `${where}: no usable in-sync replica among ${replicas.join(',')} could lead`);
    const sameReplicas = replicas.length === p.replicas.length && replicas.every((r, i) => p.replicas[i] === r);
    if (!sameReplicas || target.leader !== p.leader || isr.length !== p.isr.length) {
      this.commit([{
        type: 'PartitionChangeRecord', topicId, partitionId, replicas, isr: target.isr,
        leader: target.leader === p.leader ? NO_LEADER_CHANGE : target.leader,
      }]);
    }
    return partitionOf(this.image(), topicId, partitionId)!;
  }

  /**
   * AllocateProducerIds (KIP-730): a block of `PRODUCER_ID_BLOCK_SIZE` producer ids no other
   * broker will ever get, so idempotent producers stay unique across the cluster.
   */
  allocateProducerIds(brokerId: number, brokerEpoch: number): { firstProducerId: number; count: number } {
    this.checkBroker(brokerId, brokerEpoch, 'AllocateProducerIds');
    const first = this.image().nextProducerId ?? 0;
    const next = first + PRODUCER_ID_BLOCK_SIZE;
    if (!Number.isSafeInteger(next)) throw new FjordError('UNKNOWN_SERVER_ERROR', 'AllocateProducerIds: producer ids are exhausted');
    this.commit([{ type: 'ProducerIdsRecord', brokerId, brokerEpoch, nextProducerId: next }]);
    return { firstProducerId: first, count: PRODUCER_ID_BLOCK_SIZE };
  }

  /** Sets (or with null removes) one config key of a topic or broker. */
  alterConfig(resourceType: 'topic' | 'broker', resourceName: string, name: string, value: string | null): void {
    if (resourceType === 'topic' && !this.image().topicIdsByName.has(resourceName)) {
      throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `IncrementalAlterConfigs: topic "${resourceName}" does not exist`);
    }
    this.commit([{ type: 'ConfigRecord', resourceType, resourceName, name, value }]);
  }

  private fence(brokerId: number): void {
    const b = this.image().brokers.get(brokerId)!;
    this.commit([{ type: 'FenceBrokerRecord', id: brokerId, epoch: b.brokerEpoch }, ...this.fenceChanges(brokerId)]);
  }

  private unfenceChanges(brokerId: number): MetadataRecord[] {
    const image = this.image();
    const base = this.usable(image);
    const usable: Usable = (id) => id === brokerId || base(id);
    const out: MetadataRecord[] = [];
    for (const t of image.topicsById.values()) {
      for (const [partitionId, p] of t.partitions) {
        if (!p.replicas.includes(brokerId)) continue;
        const change = partitionChange(t.topicId, partitionId, p, afterUnfence(p, usable, this.unclean()));
        if (change !== null) out.push(change);
      }
    }
    return out;
  }

  private fenceChanges(brokerId: number): MetadataRecord[] {
    const image = this.image();
    const base = this.usable(image);
    const usable: Usable = (id) => id !== brokerId && base(id);
    const out: MetadataRecord[] = [];
    for (const t of image.topicsById.values()) {
      for (const [partitionId, p] of t.partitions) {
        const change = partitionChange(t.topicId, partitionId, p, afterFence(p, brokerId, usable, this.unclean()));
        if (change !== null) out.push(change);
      }
    }
    return out;
  }

  private usable(image: ClusterImage): Usable {
    return (id) => image.brokers.get(id)?.fenced === false;
  }

  private unclean(): boolean {
    return this.options.uncleanLeaderElection ?? false;
  }

  private checkBroker(brokerId: number, brokerEpoch: number, where: string) {
    const b = this.image().brokers.get(brokerId);
    if (b === undefined) throw new FjordError('BROKER_ID_NOT_REGISTERED', `${where}: broker ${brokerId} is not registered`);
    if (b.brokerEpoch !== brokerEpoch) {
      throw new FjordError('STALE_BROKER_EPOCH', `${where}: broker ${brokerId} epoch ${brokerEpoch} is not the current ${b.brokerEpoch}`);
    }
    return b;
  }

  /** Proposes a batch and, once Raft took it, folds it into the pending image. */
  private commit(records: MetadataRecord[]): void {
    const next = applyRecords(this.image(), records); // throws before proposing a batch that does not apply
    if (!this.options.propose(records)) {
      this.deactivate();
      notController('propose');
    }
    this.pending = next;
  }

  /** 16 random bytes as base64url, the form of Kafka's topic ids. */
  private newTopicId(): string {
    const bytes = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) bytes.writeUInt32BE(Math.floor(this.options.random() * 0x100000000), i * 4);
    return bytes.toString('base64url');
  }
}

function notController(what: string): never {
  throw new FjordError('NOT_CONTROLLER', `controller ${what}: this node is not the active controller`);
}
