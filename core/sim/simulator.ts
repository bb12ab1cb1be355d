/**
 * The deterministic cluster simulator (in the spirit of TigerBeetle's VOPR): one seed drives a
 * quorum of controller nodes, a metadata client and every fault — message delay, loss,
 * duplication and reordering, network partitions, crashes that lose unsynced writes or tear the
 * last one, and restarts. Invariants are checked after every event; a run ends with a healing
 * phase that requires the cluster to converge. The same seed always replays the same run.
 */
import { FjordError } from '../errors.js';
import { RaftNode } from '../cluster/raft/raft-node.js';
import type { Message, NodeId } from '../cluster/raft/types.js';
import { EventQueue } from './event-queue.js';
import { InvariantChecker, InvariantViolation } from './invariants.js';
import { SimRandom } from './random.js';
import { SimNetwork } from './sim-network.js';
import { SimNode } from './sim-node.js';
import { DEFAULT_FAULTS, type FaultOptions, type SimOptions } from './sim-options.js';
import { Workload } from './workload.js';
import { describeMessage } from './describe.js';
import { REPLICATED_TOPIC, ReplicationSim, type ReplEvent } from './replication-sim.js';

type SimEvent =
  | { readonly kind: 'tick'; readonly node: NodeId; readonly generation: number }
  | { readonly kind: 'deliver'; readonly message: Message }
  | { readonly kind: 'fsync'; readonly node: NodeId; readonly generation: number }
  | { readonly kind: 'restart'; readonly node: NodeId }
  | { readonly kind: 'heal' }
  | { readonly kind: 'client' }
  | { readonly kind: 'heartbeats' }
  | { readonly kind: 'fault' }
  | { readonly kind: 'repl'; readonly event: ReplEvent };

/** What a run reports: the failure (if any), a trace and counters. */
export interface SimResult {
  readonly seed: number;
  readonly nodes: number;
  readonly stepsRun: number;
  readonly simulatedMs: number;
  /** Set when an invariant broke (or the cluster did not converge, or something threw). */
  readonly failure: { readonly invariant: string; readonly message: string; readonly step: number; readonly atMs: number } | null;
  /** The last events before the end (or the failure). */
  readonly trace: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
}

/** Runs one seed (see the file comment). */
export class Simulator {
  private readonly random: SimRandom;
  private readonly faults: FaultOptions;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly network: SimNetwork;
  readonly nodes: SimNode[] = [];
  private readonly checker: InvariantChecker;
  private readonly workload: Workload;
  /** Partition replication (brokers, producers, consumers); null with `replication: false`. */
  readonly replication: ReplicationSim | null = null;
  private readonly trace: string[] = [];
  private readonly lastRole = new Map<NodeId, string>();
  /** Each node's tick period: clocks run at slightly different rates (±20%). */
  private readonly tickMsOf = new Map<NodeId, number>();
  private nowMs = 0;
  private step = 0;
  private faultsOn = true;
  private finalReplicaChecks = 0;
  private readonly stats = { crashes: 0, restarts: 0, partitions: 0, elections: 0, clientRequests: 0 };

  constructor(private readonly options: SimOptions) {
    if (!Number.isInteger(options.steps) || options.steps < 1) {
      throw new FjordError('INVALID_ARGUMENT', `simulator: steps must be a positive integer, got ${options.steps}`);
    }
    this.random = new SimRandom(options.seed);
    this.faults = { ...DEFAULT_FAULTS, ...options.faults };
    const count = options.nodes ?? (this.random.chance(0.5) ? 3 : 5);
    if (!Number.isInteger(count) || count < 1 || count > 9) {
      throw new FjordError('INVALID_ARGUMENT', `simulator: nodes must be an integer in 1-9, got ${count}`);
    }
    this.network = new SimNetwork(this.random.fork(), this.faults.network);
    this.checker = new InvariantChecker(count);
    this.workload = new Workload(this.random.fork(), options.brokers ?? 5, options.topicsMax ?? 12);
    const voters = Array.from({ length: count }, (_, i) => i + 1);
    for (const id of voters) {
      this.nodes.push(
        new SimNode({
          id,
          voters,
          random: this.random.fork(),
          raftOverrides: { heartbeatTicks: 2, ...options.raftOverrides },
          raftFactory: options.raftFactory ?? ((config, restore) => new RaftNode(config, restore)),
          sessionTimeoutMs: options.sessionTimeoutMs ?? 3000,
          compactEveryEntries: options.compactEveryEntries ?? 25,
          storageFactory: options.storageFactory,
          observer: this.checker,
        }),
      );
    }
    if (options.replication !== false) {
      // Its own random stream: the controller-only part of a seed runs as it did without it.
      const random = new SimRandom((options.seed ^ 0x5eed1234) >>> 0);
      const r = new ReplicationSim(
        random, this.faults.network, this.workload, this.nodes,
        (atMs, event) => this.queue.push(atMs, { kind: 'repl', event }),
        (text) => this.note(text),
        typeof options.replication === 'object' ? options.replication : {},
      );
      this.replication = r;
      this.workload.ownedTopic = REPLICATED_TOPIC;
      this.workload.onBrokerToggled = (id, alive) => r.brokerToggled(id, alive);
    }
  }

  /** Runs the faulty phase and then the healing phase; never throws for a failed invariant. */
  run(): SimResult {
    let failure: SimResult['failure'] = null;
    try {
      for (const node of this.nodes) this.startNode(node);
      this.queue.push(this.clientEvery(), { kind: 'client' });
      this.queue.push(this.heartbeatEvery(), { kind: 'heartbeats' });
      this.queue.push(this.faultGap(), { kind: 'fault' });
      this.replication?.start(0);
      while (this.step < this.options.steps) this.runOne();
      this.settle();
    } catch (e) {
      const invariant = e instanceof InvariantViolation ? e.invariant : 'exception';
      const message = e instanceof Error ? e.message : String(e);
      failure = { invariant, message, step: this.step, atMs: this.nowMs };
      this.note(`FAILED ${message}`);
    }
    const stats: Record<string, number> = {
      ...this.stats,
      messages: this.network.sent,
      dropped: this.network.dropped,
      duplicated: this.network.duplicated,
      tornWrites: this.nodes.reduce((n, x) => n + x.disk.tornWrites, 0),
      lostWrites: this.nodes.reduce((n, x) => n + x.disk.lostWrites, 0),
      compactions: this.nodes.reduce((n, x) => n + x.compactions, 0),
      snapshotInstalls: this.nodes.reduce((n, x) => n + x.snapshotInstalls, 0),
      committed: this.checker.highestCommitted,
      nodeChecks: this.checker.checks,
      clientOk: this.workload.stats.ok,
      topicsCreated: this.workload.createdTopics.length,
    };
    for (const [code, n] of this.workload.stats.refused) stats[`refused.${code}`] = n;
    if (this.replication !== null) Object.assign(stats, this.replication.summary(), { 'repl.finalChecks': this.finalReplicaChecks });
    return { seed: this.options.seed, nodes: this.nodes.length, stepsRun: this.step, simulatedMs: this.nowMs, failure, trace: this.trace.slice(-(this.options.traceMax ?? 80)), stats };
  }

  private runOne(): void {
    const next = this.queue.pop();
    if (next === undefined) throw new Error('simulator ran out of events');
    this.nowMs = next.atMs;
    this.step++;
    this.handle(next.event);
    for (const node of this.nodes) this.pump(node);
    this.checkAll();
  }

  private handle(ev: SimEvent): void {
    switch (ev.kind) {
      case 'tick': {
        const node = this.nodes[ev.node - 1]!;
        if (node.generation !== ev.generation || node.raft === null) return;
        node.raft.tick();
        node.updateController(node.raft, this.nowMs);
        if (node.isActiveController()) {
          const fenced = node.controller.tick(this.nowMs);
          if (fenced.length > 0) this.note(`node ${node.id} fences brokers ${fenced.join(',')} (session expired)`);
        }
        this.queue.push(this.nowMs + this.tickMsOf.get(node.id)!, ev);
        return;
      }
      case 'deliver': {
        const m = ev.message;
        const to = this.nodes[m.to - 1]!;
        if (to.raft === null || !this.network.canReach(m.from, m.to)) return;
        if (this.options.traceMessages) this.note(describeMessage(m));
        to.raft.step(m);
        return;
      }
      case 'fsync': {
        const node = this.nodes[ev.node - 1]!;
        if (node.generation !== ev.generation || node.raft === null) return;
        this.send(node.finishReady(this.nowMs));
        return;
      }
      case 'restart':
        if (this.nodes[ev.node - 1]!.alive) return; // already restarted by the healing phase
        this.stats.restarts++;
        this.startNode(this.nodes[ev.node - 1]!);
        return;
      case 'heal':
        this.network.heal();
        this.replication?.healNetwork();
        this.note('network healed');
        return;
      case 'client':
        if (!this.faultsOn) return; // the healing phase checks convergence, so no new requests
        this.stats.clientRequests++;
        this.note(this.workload.request(this.nodes, this.nowMs));
        this.queue.push(this.nowMs + this.clientEvery(), ev);
        return;
      case 'heartbeats':
        this.workload.heartbeats(this.nodes, this.nowMs);
        this.queue.push(this.nowMs + this.heartbeatEvery(), ev);
        return;
      case 'repl':
        this.replication!.handle(ev.event, this.nowMs);
        return;
      case 'fault':
        if (!this.faultsOn) return;
        this.injectFault();
        this.queue.push(this.nowMs + this.faultGap(), ev);
        return;
    }
  }

  private injectFault(): void {
    const f = this.faults;
    const total = f.crashWeight + f.partitionWeight + f.brokerToggleWeight + f.quietWeight;
    let roll = this.random.next() * total;
    if ((roll -= f.crashWeight) < 0) {
      const live = this.nodes.filter((n) => n.alive);
      if (live.length === 0) return;
      const node = this.random.pick(live);
      node.crash(this.random);
      this.stats.crashes++;
      this.note(`node ${node.id} crashes`);
      this.checker.checkDurable(new Map(this.nodes.map((n) => [n.id, n.disk])));
      this.queue.push(this.nowMs + this.random.between(f.restartMsMin, f.restartMsMax), { kind: 'restart', node: node.id });
    } else if ((roll -= f.partitionWeight) < 0) {
      const shuffled = this.nodes.map((n) => n.id);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = this.random.int(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      if (this.random.chance(0.3)) {
        // Asymmetric: one node can hear the others but they do not hear it (or the reverse).
        const [node, ...others] = shuffled as [NodeId, ...NodeId[]];
        if (this.random.chance(0.5)) this.network.cutOneWay(node, others);
        else for (const o of others) this.network.cutOneWay(o, [node]);
      } else {
        const cut = this.random.between(1, Math.max(1, shuffled.length - 1));
        this.network.partition([shuffled.slice(0, cut), shuffled.slice(cut)]);
      }
      this.stats.partitions++;
      this.note(`network partition ${this.network.describe()}`);
      if (this.replication !== null) this.note(this.replication.partitionNetwork());
      this.queue.push(this.nowMs + this.random.between(f.partitionMsMin, f.partitionMsMax), { kind: 'heal' });
    } else if ((roll -= f.brokerToggleWeight) < 0) {
      this.note(this.workload.toggleBroker());
    }
  }

  /**
   * Liveness: with faults stopped, the network healed and every node restarted, a leader must
   * emerge and every node must apply everything it committed, within `settleMsMax`.
   */
  private settle(): void {
    const settleMsMax = this.options.settleMsMax ?? 20_000;
    if (settleMsMax <= 0) return;
    this.faultsOn = false;
    this.network.heal();
    this.replication?.healNetwork();
    if (this.replication !== null) this.replication.running = false;
    this.note('settling: faults off, network healed, every node restarted');
    for (const node of this.nodes) if (!node.alive) this.startNode(node);
    const deadline = this.nowMs + settleMsMax;
    while (this.nowMs < deadline) {
      this.runOne();
      const leader = this.nodes.find((n) => n.isActiveController());
      if (leader === undefined) continue;
      const commit = leader.raft!.commit;
      if (commit >= this.checker.highestCommitted && this.nodes.every((n) => n.alive && n.appliedIndex === commit)) {
        this.note(`settled: node ${leader.id} leads, every node applied ${commit}`);
        const images = new Map(this.nodes.map((n) => [n.id, n.image]));
        this.checker.checkCreatedTopics(this.workload.createdTopics, images);
        this.checker.checkSameImages(images);
        this.settleReplication();
        return;
      }
    }
    const states = this.nodes.map((n) => `${n.id}:${n.raft?.role}/t${n.raft?.term}/c${n.raft?.commit}/a${n.appliedIndex}`).join(' ');
    throw new InvariantViolation('liveness after healing', `no convergence within ${settleMsMax} ms: ${states}`);
  }

  /**
   * With producers stopped, brings every broker back (registered anew) and gives the replicas
   * three simulated seconds to elect leaders and catch up, then requires the leader and every
   * caught-up ISR member of each partition to hold every committed record.
   */
  private settleReplication(): void {
    if (this.replication === null) return;
    this.workload.reviveAll();
    const until = this.nowMs + 3000;
    while (this.nowMs < until) {
      this.workload.registerMissing(this.nodes, this.nowMs);
      this.runOne();
    }
    this.finalReplicaChecks = this.replication.checkFinal();
    this.note(`replication checked on ${this.finalReplicaChecks} replicas: ${this.replication.checker.acknowledged} acknowledged, ${this.replication.checker.consumed} consumed`);
  }

  private startNode(node: SimNode): void {
    const state = node.start();
    this.note(`node ${node.id} starts (term ${state.hardState.term}, snapshot ${state.snapshot.index}, ${state.entries.length} entries)`);
    const base = this.options.tickMs ?? 10;
    const tickMs = this.random.between(Math.max(1, Math.floor(base * 0.8)), Math.ceil(base * 1.2));
    this.tickMsOf.set(node.id, tickMs);
    const ev: SimEvent = { kind: 'tick', node: node.id, generation: node.generation };
    this.queue.push(this.nowMs + this.random.between(1, tickMs), ev);
  }

  private pump(node: SimNode): void {
    for (;;) {
      const result = node.beginReady();
      if (result === 'idle') return;
      if (result === 'sync') {
        const delay = this.random.between(this.faults.fsyncMsMin, this.faults.fsyncMsMax);
        this.queue.push(this.nowMs + delay, { kind: 'fsync', node: node.id, generation: node.generation });
        return;
      }
      this.send(node.finishReady(this.nowMs));
    }
  }

  private send(messages: readonly Message[]): void {
    for (const m of messages) {
      for (const delay of this.network.delaysFor()) this.queue.push(this.nowMs + delay, { kind: 'deliver', message: m });
    }
  }

  private checkAll(): void {
    for (const node of this.nodes) {
      const raft = node.raft;
      if (raft === null) continue;
      this.checker.checkNode(raft);
      const role = `${raft.role}@${raft.term}`;
      if (this.lastRole.get(node.id) !== role) {
        this.lastRole.set(node.id, role);
        if (raft.role === 'leader') this.stats.elections++;
        if (raft.role === 'leader' || raft.role === 'candidate') this.note(`node ${node.id} is ${raft.role} of term ${raft.term}`);
      }
    }
  }

  private note(text: string): void {
    this.trace.push(`#${this.step} t=${this.nowMs}ms ${text}`);
    const max = this.options.traceMax ?? 80;
    if (this.trace.length > max * 2) this.trace.splice(0, this.trace.length - max);
  }

  private clientEvery(): number {
    return this.random.between(1, 2 * (this.options.clientEveryMs ?? 40));
  }

  private heartbeatEvery(): number {
    return this.options.heartbeatEveryMs ?? 500;
  }

  private faultGap(): number {
    return this.random.between(1, 2 * this.faults.faultEveryMsMean);
  }
}
