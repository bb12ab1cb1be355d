/**
 * Partition replication in the simulator: the workload's brokers (ids 100..) host replicas of
 * the topic `rep` (1–3 partitions, replication factor 3, min.insync.replicas 2), created through
 * the simulated controllers. Each broker follows the metadata image of a random live controller
 * node (so sometimes a stale one, but never older than the last it used), leads or follows as it says (`SimBroker`), asks the active
 * controller for ISR changes, and fetches from leaders over its own simulated network (delay,
 * drop, duplicate, reorder, partitions). One idempotent acks=all producer per partition sends one
 * record at a time and retries it until acknowledged; one consumer per partition reads up to the
 * high watermark. A broker the workload kills loses power (`SimPartitionLog.crash`); when it comes
 * back it acts only once an image shows its new registration. `ReplicationChecker` checks the
 * invariants as things happen and once more at the end.
 */
import { FjordError } from '../errors.js';
import { NO_LEADER } from '../cluster/metadata/records.js';
import type { ClusterImage, PartitionState } from '../cluster/metadata/cluster-image.js';
import { LeaderState } from '../replication/leader-state.js';
import { ReplicationChecker } from './replication-checker.js';
import { SimBroker, type BrokerHost, type LeaderStateFactory, type ReplMessage } from './sim-broker.js';
import { SimNetwork, type NetworkFaults } from './sim-network.js';
import type { SimNode } from './sim-node.js';
import type { SimRandom } from './random.js';
import type { Workload } from './workload.js';

/** The topic the replication layer owns (the workload leaves its ISR and replicas alone). */
export const REPLICATED_TOPIC = 'rep';

/** Events of the replication layer, scheduled on the simulator's queue. */
export type ReplEvent =
  | { readonly kind: 'deliver'; readonly message: ReplMessage }
  | { readonly kind: 'metadata' }
  | { readonly kind: 'fetch' }
  | { readonly kind: 'sync' }
  | { readonly kind: 'produce' }
  | { readonly kind: 'consume' };

/** Options of the replication layer. */
export interface ReplicationOptions {
  readonly partitions?: number;
  readonly leaderStateFactory?: LeaderStateFactory;
  /** Builds each broker (tests pass deliberately broken ones). */
  readonly brokerFactory?: (id: number, host: BrokerHost) => SimBroker;
}

interface Producer {
  readonly id: number;
  readonly partition: string;
  nextSequence: number;
  inFlight: { readonly sequence: number; readonly requestId: number; readonly sentMs: number } | null;
  acked: number;
}

interface Consumer {
  readonly id: number;
  readonly partition: string;
  position: bigint;
  inFlightSinceMs: number | null;
}

const PRODUCER_BASE = 1000;
const CONSUMER_BASE = 2000;
const FETCH_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 1000;

/** Brokers, producers and consumers of replicated partitions (see the file comment). */
export class ReplicationSim implements BrokerHost {
  readonly checker = new ReplicationChecker();
  readonly brokers: SimBroker[];
  private readonly network: SimNetwork;
  private readonly producers: Producer[] = [];
  private readonly consumers: Consumer[] = [];
  private readonly partitionCount: number;
  readonly leaderStateFactory: LeaderStateFactory;
  readonly lagMaxMs = 1000;
  readonly minInsyncReplicas = 2;
  readonly fetchBatchesMax = 20;
  readonly produceTimeoutMs = REQUEST_TIMEOUT_MS;
  private requestSeq = 0;
  private readonly refusedBy = new Map<string, number>();
  private nowMs = 0;
  running = true;
  readonly stats = { produced: 0, acked: 0, refused: 0, isrChanges: 0, isrRefused: 0, consumed: 0, brokerCrashes: 0 };

  constructor(
    private readonly random: SimRandom,
    network: NetworkFaults,
    private readonly workload: Workload,
    private readonly nodes: readonly SimNode[],
    private readonly schedule: (atMs: number, event: ReplEvent) => void,
    private readonly note: (text: string) => void,
    options: ReplicationOptions = {},
  ) {
    this.network = new SimNetwork(random.fork(), network);
    this.partitionCount = options.partitions ?? random.between(1, 3);
    this.leaderStateFactory = options.leaderStateFactory ?? ((id, p, hw, now) => new LeaderState(id, p, hw, now));
    const make = options.brokerFactory ?? ((id, host) => new SimBroker(id, host));
    this.brokers = workload.brokerIds().map((id) => make(id, this));
    for (let i = 0; i < this.partitionCount; i++) {
      // Two producers per partition: their records interleave, so an old leader's unacknowledged
      // tail differs from what the new leader writes at the same offsets.
      for (const k of [0, 1]) this.producers.push({ id: PRODUCER_BASE + 2 * i + k, partition: `${REPLICATED_TOPIC}-${i}`, nextSequence: 0, inFlight: null, acked: 0 });
      this.consumers.push({ id: CONSUMER_BASE + i, partition: `${REPLICATED_TOPIC}-${i}`, position: 0n, inFlightSinceMs: null });
    }
  }

  /** The first events of every kind. */
  start(nowMs: number): void {
    for (const kind of ['metadata', 'fetch', 'sync', 'produce', 'consume'] as const) this.schedule(nowMs + this.random.between(1, 20), { kind });
  }

  send(message: ReplMessage): void {
    for (const delay of this.network.delaysFor()) this.schedule(this.nowMs + delay, { kind: 'deliver', message });
  }

  /** Cuts the brokers' network into two groups for a while (the simulator heals it). */
  partitionNetwork(): string {
    const ids = this.brokers.map((b) => b.id);
    const cut = this.random.between(1, ids.length - 1);
    const shuffled = ids.map((id) => ({ id, k: this.random.next() })).sort((a, b) => a.k - b.k).map((x) => x.id);
    this.network.partition([shuffled.slice(0, cut), shuffled.slice(cut)]);
    return `broker network partition ${this.network.describe()}`;
  }

  healNetwork(): void {
    this.network.heal();
  }

  /** The workload killed or revived a broker. */
  brokerToggled(id: number, alive: boolean): void {
    const b = this.brokers.find((x) => x.id === id);
    if (b === undefined) return;
    if (!alive) {
      b.crash(this.random);
      this.stats.brokerCrashes++;
    } else b.restart();
  }

  handle(ev: ReplEvent, nowMs: number): void {
    this.nowMs = nowMs;
    switch (ev.kind) {
      case 'deliver':
        return this.deliver(ev.message);
      case 'metadata':
        this.metadataRound();
        this.schedule(nowMs + this.random.between(10, 40), ev);
        return;
      case 'fetch':
        for (const b of this.brokers) if (b.alive && !b.awaitingRegistration) for (const p of this.partitionNames()) b.fetchTick(p, nowMs, FETCH_TIMEOUT_MS);
        this.schedule(nowMs + this.random.between(2, 15), ev);
        return;
      case 'sync':
        // Like a log flush every few ms: a crash in between loses (or tears) the unsynced tail.
        for (const b of this.brokers) if (b.alive) b.sync(nowMs);
        this.schedule(nowMs + this.random.between(10, 120), ev);
        return;
      case 'produce':
        if (this.running) for (const p of this.producers) this.produce(p);
        this.schedule(nowMs + this.random.between(1, 30), ev);
        return;
      case 'consume':
        for (const c of this.consumers) this.consume(c);
        this.schedule(nowMs + this.random.between(5, 50), ev);
        return;
    }
  }

  private partitionNames(): string[] {
    return this.consumers.map((c) => c.partition);
  }

  private deliver(m: ReplMessage): void {
    // Partitions split the brokers; clients reach every broker (their messages still get delayed, dropped, duplicated).
    const client = m.from >= PRODUCER_BASE || m.to >= PRODUCER_BASE;
    if (!client && !this.network.canReach(m.from, m.to)) return;
    if (m.kind === 'produce-answer') return this.onProduceAnswer(m);
    if (m.kind === 'consume-answer') return this.onConsumeAnswer(m);
    const b = this.brokers.find((x) => x.id === m.to);
    if (b === undefined || !b.alive || b.awaitingRegistration) return;
    const what = b.receive(m, this.nowMs);
    if (what !== null) this.note(what);
  }

  /** Each live broker reads a random live node's image; leaders ask for ISR changes; the topic gets created. */
  private metadataRound(): void {
    const live = this.nodes.filter((n) => n.alive);
    if (live.length === 0) return;
    for (const b of this.brokers) {
      if (!b.alive) continue;
      b.expireWaiters(this.nowMs);
      // A broker's metadata only moves forward (it replays one log): an image behind the one it
      // last used is skipped, so it may lag but never goes back to an older leader epoch.
      const node = this.random.pick(live);
      if (node.appliedIndex < b.metadataIndex) continue;
      const image = node.image;
      if (b.awaitingRegistration) {
        const reg = image.brokers.get(b.id);
        const epoch = this.workload.brokerEpoch(b.id);
        if (epoch === 0 || reg === undefined || reg.brokerEpoch !== epoch || reg.fenced) continue;
        b.awaitingRegistration = false;
      }
      b.metadataIndex = node.appliedIndex;
      for (const [partition, p] of this.partitionsOf(image)) {
        const what = b.applyState(partition, p, this.nowMs);
        if (what !== null) this.note(what);
        this.maybeAlterIsr(b, partition);
      }
    }
    this.maybeCreateTopic();
  }

  private partitionsOf(image: ClusterImage): [string, PartitionState][] {
    const id = image.topicIdsByName.get(REPLICATED_TOPIC);
    const topic = id === undefined ? undefined : image.topicsById.get(id);
    if (topic === undefined) return [];
    return [...topic.partitions].map(([i, p]) => [`${REPLICATED_TOPIC}-${i}`, p]);
  }

  private activeController(): SimNode | undefined {
    return this.nodes.find((n) => n.isActiveController());
  }

  private maybeAlterIsr(b: SimBroker, partition: string): void {
    const want = b.desiredIsr(partition, this.nowMs);
    const controller = this.activeController();
    if (want === null || controller === undefined) return;
    const topicId = controller.controller.image().topicIdsByName.get(REPLICATED_TOPIC);
    if (topicId === undefined) return;
    try {
      controller.controller.alterPartition({
        brokerId: b.id, brokerEpoch: this.workload.brokerEpoch(b.id), topicId, partitionId: Number(partition.slice(REPLICATED_TOPIC.length + 1)),
        leaderEpoch: want.state.leaderEpoch, partitionEpoch: want.state.partitionEpoch, newIsr: want.isr,
      });
      b.isrChangeSent(partition, want.isr, want.state.partitionEpoch);
      this.stats.isrChanges++;
      this.note(`broker ${b.id} asks for ${partition} isr ${want.state.isr.join(',')} → ${want.isr.join(',')}`);
    } catch (e) {
      if (!(e instanceof FjordError)) throw e;
      this.stats.isrRefused++;
    }
  }

  private maybeCreateTopic(): void {
    const controller = this.activeController();
    if (controller === undefined || controller.controller.image().topicIdsByName.has(REPLICATED_TOPIC)) return;
    try {
      controller.controller.createTopic({ name: REPLICATED_TOPIC, partitions: this.partitionCount, replicationFactor: 3, configs: {} });
      this.note(`create topic ${REPLICATED_TOPIC} p=${this.partitionCount} rf=3`);
    } catch (e) {
      if (!(e instanceof FjordError)) throw e;
    }
  }

  /** The leader as a client sees it: from a random live node's image. */
  private leaderOf(partition: string): { leader: number } | null {
    const live = this.nodes.filter((n) => n.alive);
    if (live.length === 0) return null;
    const p = new Map(this.partitionsOf(this.random.pick(live).image)).get(partition);
    return p === undefined || p.leader === NO_LEADER ? null : { leader: p.leader };
  }

  private produce(p: Producer): void {
    if (p.inFlight !== null && this.nowMs - p.inFlight.sentMs < REQUEST_TIMEOUT_MS + 100) return;
    const target = this.leaderOf(p.partition);
    if (target === null) return;
    const sequence = p.inFlight?.sequence ?? p.nextSequence;
    const requestId = ++this.requestSeq;
    p.inFlight = { sequence, requestId, sentMs: this.nowMs };
    this.stats.produced++;
    this.send({ kind: 'produce', from: p.id, to: target.leader, partition: p.partition, producerId: p.id, sequence, recordId: `${p.id}:${sequence}`, requestId });
  }

  private onProduceAnswer(m: Extract<ReplMessage, { kind: 'produce-answer' }>): void {
    const p = this.producers.find((x) => x.id === m.to);
    if (p === undefined || p.inFlight?.requestId !== m.requestId) return;
    const sequence = p.inFlight.sequence;
    if (m.error !== null) {
      this.stats.refused++;
      this.refusedBy.set(m.error, (this.refusedBy.get(m.error) ?? 0) + 1);
      p.inFlight = { ...p.inFlight, sentMs: -Infinity }; // retry the same sequence at the next round
      return;
    }
    this.checker.onAcknowledged(p.partition, m.offset, `${p.id}:${sequence}`);
    this.stats.acked++;
    p.acked++;
    p.nextSequence = sequence + 1;
    p.inFlight = null;
  }

  private consume(c: Consumer): void {
    if (c.inFlightSinceMs !== null && this.nowMs - c.inFlightSinceMs < REQUEST_TIMEOUT_MS) return;
    const target = this.leaderOf(c.partition);
    if (target === null) return;
    c.inFlightSinceMs = this.nowMs;
    this.send({ kind: 'consume', from: c.id, to: target.leader, partition: c.partition, offset: c.position });
  }

  private onConsumeAnswer(m: Extract<ReplMessage, { kind: 'consume-answer' }>): void {
    const c = this.consumers.find((x) => x.id === m.to);
    if (c === undefined) return;
    c.inFlightSinceMs = null;
    for (const b of m.batches) {
      if (b.offset !== c.position) continue; // a duplicated or reordered answer
      this.checker.onConsumed(c.partition, b.offset, b.recordId);
      c.position++;
      this.stats.consumed++;
    }
  }

  /**
   * After the run: the leader of each partition (by the active controller's image), if it is
   * alive and leads in that epoch, and every ISR member whose log reaches as far as the records
   * committed, hold every committed record. Returns how many replicas were checked.
   */
  checkFinal(): number {
    const controller = this.activeController();
    if (controller === undefined) return 0;
    let checked = 0;
    for (const [partition, p] of this.partitionsOf(controller.image)) {
      const committed = BigInt(this.checker.committedCount(partition));
      for (const b of this.brokers) {
        const r = b.replicas.get(partition);
        if (!b.alive || r === undefined || !p.isr.includes(b.id)) continue;
        const isLeader = b.id === p.leader && r.leader !== null && r.leader.partition.leaderEpoch === p.leaderEpoch;
        if (!isLeader && r.log.logEndOffset < committed) continue; // not caught up (yet)
        this.checker.checkHoldsCommitted(b.id, isLeader ? 'leader' : 'ISR member', partition, r.log);
        checked++;
      }
    }
    return checked;
  }

  /** Counters for the run summary. */
  summary(): Record<string, number> {
    return {
      'repl.partitions': this.partitionCount,
      'repl.produced': this.stats.produced,
      'repl.acked': this.stats.acked,
      'repl.refused': this.stats.refused,
      'repl.consumed': this.stats.consumed,
      'repl.isrChanges': this.stats.isrChanges,
      'repl.brokerCrashes': this.stats.brokerCrashes,
      'repl.leaderChanges': this.brokers.reduce((n, b) => n + b.stats.becameLeader, 0),
      'repl.truncations': this.brokers.reduce((n, b) => n + b.stats.truncations, 0),
      'repl.lostBatches': this.brokers.reduce((n, b) => n + [...b.replicas.values()].reduce((m, r) => m + r.log.lostBatches, 0), 0),
      'repl.tornWrites': this.brokers.reduce((n, b) => n + [...b.replicas.values()].reduce((m, r) => m + r.log.tornWrites, 0), 0),
      'repl.messages': this.network.sent,
      'repl.dropped': this.network.dropped,
      'repl.duplicated': this.network.duplicated,
      ...Object.fromEntries([...this.refusedBy].map(([code, n]) => [`repl.refused.${code}`, n])),
    };
  }
}
