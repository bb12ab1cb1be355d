/**
 * The simulated metadata client: brokers that register and heartbeat (and sometimes die), and
 * admin requests — create topic, ISR shrink/expand, config changes, preferred-leader elections,
 * reassignments, producer id blocks — sent to whichever node the
 * client believes is the controller. Expected refusals (NOT_CONTROLLER, stale epochs, ...) are
 * counted; any other exception is a bug and propagates.
 */
import { FjordError } from '../errors.js';
import { NO_LEADER } from '../cluster/metadata/records.js';
import type { SimNode } from './sim-node.js';
import type { SimRandom } from './random.js';

/** Answers a correct controller may give a client; anything else is a bug. */
const EXPECTED_REFUSALS = new Set<string>([
  'NOT_CONTROLLER',
  'TOPIC_ALREADY_EXISTS',
  'INVALID_REPLICATION_FACTOR',
  'STALE_BROKER_EPOCH',
  'BROKER_ID_NOT_REGISTERED',
  'FENCED_LEADER_EPOCH',
  'INVALID_UPDATE_VERSION',
  'INELIGIBLE_REPLICA',
  'INVALID_REQUEST',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'THROTTLING_QUOTA_EXCEEDED',
  'INVALID_REPLICA_ASSIGNMENT',
]);

interface SimBroker {
  readonly id: number;
  readonly rack: string;
  incarnation: number;
  epoch: number;
  alive: boolean;
}

/** A CreateTopics the controller accepted: its batch went into the log at (index, term). */
export interface CreatedTopic {
  readonly name: string;
  readonly topicId: string;
  readonly index: number;
  readonly term: number;
}

/** Accepted requests and refusals by error code. */
export interface WorkloadStats {
  ok: number;
  refused: Map<string, number>;
}

/** The simulated brokers and admin client. */
export class Workload {
  private readonly brokers: SimBroker[] = [];
  private topicSeq = 0;
  readonly stats: WorkloadStats = { ok: 0, refused: new Map() };
  /** Every topic the controller accepted, and the log position of its batch. */
  readonly createdTopics: CreatedTopic[] = [];

  constructor(
    private readonly random: SimRandom,
    brokerCount: number,
    private readonly topicsMax: number,
  ) {
    for (let i = 0; i < brokerCount; i++) {
      this.brokers.push({ id: 100 + i, rack: `rack-${i % 3}`, incarnation: 0, epoch: 0, alive: true });
    }
  }

  /** One admin request against a node picked like a client would (usually the known controller). */
  request(nodes: readonly SimNode[], nowMs: number): string {
    const active = nodes.filter((n) => n.isActiveController());
    const live = nodes.filter((n) => n.alive);
    if (live.length === 0) return 'no live node';
    const node = active.length > 0 && this.random.chance(0.85) ? this.random.pick(active) : this.random.pick(live);
    const roll = this.random.next();
    let what: string;
    let op: () => void;
    const unregistered = this.brokers.filter((b) => b.epoch === 0);
    if (unregistered.length > 0 || roll < 0.08) {
      const b = unregistered[0] ?? this.random.pick(this.brokers);
      what = `register broker ${b.id}`;
      op = () => this.register(node, b, nowMs);
    } else if (roll < 0.35) {
      const name = `t${this.topicSeq % this.topicsMax}`;
      const partitions = this.random.between(1, 4);
      const rf = this.random.between(1, 3);
      what = `create topic ${name} p=${partitions} rf=${rf}`;
      op = () => {
        const { topicId } = node.controller.createTopic({ name, partitions, replicationFactor: rf, configs: { 'cleanup.policy': 'compact' } });
        this.createdTopics.push({ name, topicId, ...node.lastProposal! });
        this.topicSeq++;
      };
    } else if (roll < 0.85) {
      what = 'alter partition';
      op = () => (what = this.alterPartition(node));
    } else if (roll < 0.89) {
      what = 'alter config';
      op = () => node.controller.alterConfig('broker', String(this.random.pick(this.brokers).id), 'log.retention.ms', String(this.random.int(1000)));
    } else if (roll < 0.91) {
      what = 'elect preferred leaders';
      op = () => (what = `elect preferred leaders: ${node.controller.electPreferredLeaders().filter((r) => r.outcome === 'elected').length} elected`);
    } else if (roll < 0.93) {
      const b = this.random.pick(this.brokers);
      what = `allocate producer ids for ${b.id}`;
      op = () => (what = `allocate producer ids for ${b.id}: from ${node.controller.allocateProducerIds(b.id, b.epoch).firstProducerId}`);
    } else if (roll < 0.95) {
      what = 'reassign partition';
      op = () => (what = this.reassign(node));
    } else {
      const b = this.random.pick(this.brokers);
      what = `unregister broker ${b.id}`;
      op = () => {
        node.controller.unregisterBroker(b.id);
        b.epoch = 0;
      };
    }
    const outcome = this.attempt(op);
    return `node ${node.id}: ${what} → ${outcome}`;
  }

  /** Every live broker heartbeats to the active controller (if any). */
  heartbeats(nodes: readonly SimNode[], nowMs: number): void {
    const controller = nodes.find((n) => n.isActiveController());
    if (controller === undefined) return;
    for (const b of this.brokers) {
      if (!b.alive || b.epoch === 0) continue;
      this.attempt(() => {
        try {
          controller.controller.brokerHeartbeat(b.id, b.epoch, false, nowMs);
        } catch (e) {
          // A broker told its registration is gone or stale re-registers, as a real one would.
          if (e instanceof FjordError && (e.code === 'STALE_BROKER_EPOCH' || e.code === 'BROKER_ID_NOT_REGISTERED')) {
            this.register(controller, b, nowMs);
            return;
          }
          throw e;
        }
      });
    }
  }

  /** Called when a broker dies or comes back (the replication layer crashes or restarts it). */
  onBrokerToggled: ((id: number, alive: boolean) => void) | null = null;

  /** Topics whose ISR and replicas belong to the replication layer (its leaders ask for ISR changes). */
  ownedTopic: string | null = null;

  brokerIds(): number[] {
    return this.brokers.map((b) => b.id);
  }

  /** The broker's current registration epoch (0 while it must register). */
  brokerEpoch(id: number): number {
    return this.brokers.find((b) => b.id === id)?.epoch ?? 0;
  }

  /** Healing: every dead broker comes back (a new incarnation that must register). */
  reviveAll(): void {
    for (const b of this.brokers) {
      if (b.alive) continue;
      b.alive = true;
      b.incarnation++;
      b.epoch = 0;
      this.onBrokerToggled?.(b.id, true);
    }
  }

  /** Healing: live brokers without a registration register with the active controller. */
  registerMissing(nodes: readonly SimNode[], nowMs: number): void {
    const controller = nodes.find((n) => n.isActiveController());
    if (controller === undefined) return;
    for (const b of this.brokers) if (b.alive && b.epoch === 0) this.attempt(() => this.register(controller, b, nowMs));
  }

  /** Kills or revives one broker (a dead broker stops heartbeating and gets fenced). */
  toggleBroker(): string {
    const b = this.random.pick(this.brokers);
    b.alive = !b.alive;
    if (b.alive) b.incarnation++; // a restarted broker is a new incarnation
    if (b.alive) b.epoch = 0; // ... and must register again
    this.onBrokerToggled?.(b.id, b.alive);
    return `broker ${b.id} ${b.alive ? 'restarts' : 'dies'}`;
  }

  private register(node: SimNode, b: SimBroker, nowMs: number): void {
    const { brokerEpoch } = node.controller.registerBroker(
      { brokerId: b.id, incarnationId: `${b.id}-${b.incarnation}`, rack: b.rack, endPoints: [{ name: 'PLAINTEXT', host: `b${b.id}`, port: 9092 }] },
      nowMs,
    );
    b.epoch = brokerEpoch;
  }

  /** The partition's leader asks to shrink or expand its ISR, from the node's (maybe stale) image. */
  private alterPartition(node: SimNode): string {
    const image = node.controller.isActive() ? node.controller.image() : node.image;
    const topics = [...image.topicsById.values()].filter((t) => t.name !== this.ownedTopic);
    if (topics.length === 0) return 'no topics';
    const topic = this.random.pick(topics);
    const partitionId = this.random.int(topic.partitions.size);
    const p = topic.partitions.get(partitionId)!;
    if (p.leader === NO_LEADER) return 'no leader';
    const leader = this.brokers.find((b) => b.id === p.leader);
    const outside = p.replicas.filter((r) => !p.isr.includes(r));
    const followers = p.isr.filter((r) => r !== p.leader);
    let newIsr: number[];
    if (outside.length > 0 && (followers.length === 0 || this.random.chance(0.5))) newIsr = [...p.isr, this.random.pick(outside)];
    else if (followers.length > 0) newIsr = p.isr.filter((r) => r !== this.random.pick(followers));
    else return 'nothing to change';
    node.controller.alterPartition({
      brokerId: p.leader,
      brokerEpoch: leader?.epoch ?? 0,
      topicId: topic.topicId,
      partitionId,
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
      newIsr,
    });
    return `${topic.name}-${partitionId} isr ${p.isr.join(',')} → ${newIsr.join(',')}`;
  }

  /** Moves a partition: sometimes adding a replica, sometimes dropping to some of the ISR. */
  private reassign(node: SimNode): string {
    const image = node.controller.image();
    const topics = [...image.topicsById.values()].filter((t) => t.name !== this.ownedTopic);
    if (topics.length === 0) return 'no topics';
    const topic = this.random.pick(topics);
    const partitionId = this.random.int(topic.partitions.size);
    const p = topic.partitions.get(partitionId)!;
    const others = this.brokers.map((b) => b.id).filter((id) => !p.replicas.includes(id));
    const replicas = others.length > 0 && this.random.chance(0.5)
      ? [...p.replicas, this.random.pick(others)]
      : p.replicas.filter((r, i) => i === 0 || this.random.chance(0.6));
    const after = node.controller.reassignPartition(topic.name, partitionId, replicas);
    return `reassign ${topic.name}-${partitionId} ${p.replicas.join(',')} → ${after.replicas.join(',')} (isr ${after.isr.join(',')}, leader ${after.leader})`;
  }

  private attempt(op: () => void): string {
    try {
      op();
      this.stats.ok++;
      return 'ok';
    } catch (e) {
      if (!(e instanceof FjordError) || !EXPECTED_REFUSALS.has(e.code)) throw e;
      this.stats.refused.set(e.code, (this.stats.refused.get(e.code) ?? 0) + 1);
      return e.code;
    }
  }
}
