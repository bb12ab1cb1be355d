/**
 * The host around one controller's pure parts — RaftNode, its durable storage, the metadata
 * image and the QuorumController — following the Ready contract (core/cluster/README.md):
 * persist and fsync, then send, then apply, then advance. It owns no sockets and no timers:
 * `ControllerNode` calls `tick`, `step` and `drain` and passes `send` in, so this class can be
 * driven by hand in tests. It also follows each controller request to the commit of its batch.
 */
import { assert, FjordError } from '../../errors.js';
import type { Logger } from '../../io/logger.js';
import { applyRecords } from '../metadata/apply.js';
import { EMPTY_IMAGE, type ClusterImage } from '../metadata/cluster-image.js';
import { QuorumController } from '../metadata/controller.js';
import { encodeImageSnapshot, restoreImageSnapshot } from '../metadata/image-snapshot.js';
import { decodeRecords, encodeRecords } from '../metadata/records.js';
import type { RaftConfig } from '../raft/config.js';
import { RaftNode } from '../raft/raft-node.js';
import type { RaftStorage } from '../raft/storage.js';
import type { Entry, Message, NodeId } from '../raft/types.js';

/** What the host needs from its process. */
export interface ControllerHostOptions {
  readonly raft: RaftConfig;
  readonly storage: RaftStorage;
  readonly sessionTimeoutMs: number;
  readonly uncleanLeaderElection: boolean;
  /** Snapshot and compact once this many entries were applied since the last snapshot. */
  readonly compactEveryEntries: number;
  /** Requests waiting for their batch to commit, at most (a bounded queue). */
  readonly commitWaitersMax: number;
  readonly send: (message: Message) => void;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

interface CommitWaiter {
  readonly index: number;
  readonly term: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** One controller's state machines and their durable log (see the file comment). */
export class ControllerHost {
  readonly raft: RaftNode;
  image: ClusterImage = EMPTY_IMAGE;
  appliedIndex = 0;
  readonly controller: QuorumController;
  private activeTerm = 0;
  private lastProposal: { index: number; term: number } | null = null;
  private waiters: CommitWaiter[] = [];
  private readonly imageListeners: Array<(image: ClusterImage, index: number) => void> = [];
  /** broker id → the connection its latest registration, heartbeat or hello came in on. */
  private readonly brokerConnections = new Map<number, number>();
  /** broker id → when its connection to this node closed (cleared when it connects again). */
  private readonly brokerConnectionsLostMs = new Map<number, number>();

  constructor(private readonly options: ControllerHostOptions) {
    const state = options.storage.load();
    this.raft = new RaftNode(options.raft, state);
    this.image = restoreImageSnapshot(state.snapshot.data);
    this.appliedIndex = state.snapshot.index;
    this.controller = new QuorumController({
      random: options.raft.random,
      sessionTimeoutMs: options.sessionTimeoutMs,
      uncleanLeaderElection: options.uncleanLeaderElection,
      propose: (records) => {
        if (!this.isActiveController()) return false;
        const index = this.raft.propose(encodeRecords(records));
        if (index === null) return false;
        this.lastProposal = { index, term: this.raft.term };
        return true;
      },
    });
  }

  get id(): NodeId {
    return this.raft.id;
  }

  /** Called with every new committed image (after each applied entry or installed snapshot). */
  onImage(listener: (image: ClusterImage, index: number) => void): void {
    this.imageListeners.push(listener);
  }

  isActiveController(): boolean {
    return this.controller.isActive() && this.raft.role === 'leader' && this.raft.term === this.activeTerm;
  }

  /** One tick of Raft time; the active controller also fences brokers whose session expired. */
  tick(): void {
    this.raft.tick();
    if (this.isActiveController()) {
      const fenced = this.controller.tick(this.options.nowMs());
      if (fenced.length > 0) this.options.logger.info(`controller ${this.id} fenced broker(s) ${fenced.join(',')}: session expired`);
    }
  }

  /**
   * Broker `brokerId` registered, heartbeated or said hello (`brokerHello`, sent to every voter)
   * on connection `connectionId` (see `connectionClosed`).
   */
  brokerConnected(brokerId: number, connectionId: number): void {
    this.brokerConnections.set(brokerId, connectionId);
    this.brokerConnectionsLostMs.delete(brokerId);
  }

  /**
   * A connection closed: a broker whose latest connection to this node it was most likely died.
   * An active controller cuts its session to a short grace at once
   * (`QuorumController.connectionLost`); a standby remembers when, and applies the same cut if it
   * becomes the active controller before the broker connects again — so a broker that dies with
   * the active controller (combined mode) is not given a whole fresh session by the next one.
   */
  connectionClosed(connectionId: number): void {
    const nowMs = this.options.nowMs();
    for (const [brokerId, id] of this.brokerConnections) {
      if (id !== connectionId) continue;
      this.brokerConnections.delete(brokerId);
      this.brokerConnectionsLostMs.set(brokerId, nowMs);
      this.controller.connectionLost(brokerId, nowMs);
    }
  }

  step(message: Message): void {
    if (message.to !== this.id) return; // misrouted
    this.raft.step(message);
  }

  /**
   * Runs `call` on the active controller and resolves once the batch it proposed (or the latest
   * batch before it, whose outcome it may have read) is committed. NOT_CONTROLLER when this node
   * is not the active controller or loses its term before the batch commits.
   */
  async submit<T>(what: string, call: (controller: QuorumController, nowMs: number) => T): Promise<T> {
    if (!this.isActiveController()) {
      throw new FjordError('NOT_CONTROLLER', `${what}: node ${this.id} is not the active controller (leader ${this.raft.leaderId})`);
    }
    const result = call(this.controller, this.options.nowMs());
    this.drain();
    const target = this.lastProposal;
    if (target !== null && target.index > this.appliedIndex) await this.waitForCommit(target, what);
    return result;
  }

  private waitForCommit(target: { index: number; term: number }, what: string): Promise<void> {
    if (this.waiters.length >= this.options.commitWaitersMax) {
      return Promise.reject(new FjordError('THROTTLING_QUOTA_EXCEEDED', `${what}: ${this.waiters.length} controller requests already wait for commit`, { retriable: true }));
    }
    return new Promise((resolve, reject) => this.waiters.push({ ...target, resolve, reject }));
  }

  /** Fails every request still waiting (process shutdown). */
  failWaiters(err: Error): void {
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
  }

  /** Handles every pending Ready in order: persist + fsync, send, apply, advance. */
  drain(): void {
    const raft = this.raft;
    while (raft.hasReady()) {
      const rd = raft.ready();
      if (rd.entries.length > 0 || rd.hardState !== null || rd.snapshot !== null) {
        this.options.storage.write(rd);
        this.options.storage.sync();
      }
      for (const m of rd.messages) this.options.send(m);
      if (rd.snapshot !== null) {
        this.image = restoreImageSnapshot(rd.snapshot.data);
        this.appliedIndex = rd.snapshot.index;
        this.settleWaiters(null);
        this.publish();
      }
      for (const e of rd.committedEntries) this.apply(e);
      raft.advance(rd);
      this.maybeCompact();
      this.updateController();
    }
  }

  private apply(e: Entry): void {
    assert(e.index === this.appliedIndex + 1, `controller ${this.id} applies ${e.index} after ${this.appliedIndex}`);
    if (e.data.length > 0) this.image = applyRecords(this.image, decodeRecords(e.data, `metadata log entry ${e.index}`));
    this.appliedIndex = e.index;
    this.settleWaiters(e);
    if (e.data.length > 0) this.publish();
  }

  private publish(): void {
    for (const l of this.imageListeners) l(this.image, this.appliedIndex);
  }

  /** Settles waiters at or below the applied index: committed iff the entry there is theirs. */
  private settleWaiters(applied: Entry | null): void {
    if (this.waiters.length === 0) return;
    const still: CommitWaiter[] = [];
    for (const w of this.waiters) {
      if (w.index > this.appliedIndex) still.push(w);
      else if (applied !== null && applied.index === w.index && applied.term === w.term) w.resolve();
      else if (applied !== null && applied.index === w.index) w.reject(new FjordError('NOT_CONTROLLER', `controller ${this.id} lost its term before the batch at ${w.index} committed`));
      else if (applied === null) w.reject(new FjordError('NOT_CONTROLLER', `controller ${this.id}: a snapshot replaced the log before the batch at ${w.index} was seen to commit`));
      else still.push(w); // (unreachable: entries apply one index at a time)
    }
    this.waiters = still;
  }

  private maybeCompact(): void {
    const raft = this.raft;
    if (raft.appliedIndex - raft.log.snapshot.index < this.options.compactEveryEntries) return;
    const data = encodeImageSnapshot(this.image);
    const snapshot = { index: this.appliedIndex, term: raft.log.term(this.appliedIndex)!, data };
    this.options.storage.compact(snapshot);
    raft.compact(snapshot.index, data);
  }

  /** The controller is active only on a leader that applied its own term's first entry. */
  private updateController(): void {
    const raft = this.raft;
    if (this.controller.isActive() && !(raft.role === 'leader' && raft.term === this.activeTerm)) {
      this.controller.deactivate();
      this.activeTerm = 0;
      this.options.logger.info(`controller ${this.id} resigned (role ${raft.role}, term ${raft.term})`);
    }
    if (!this.controller.isActive() && raft.role === 'leader' && raft.leaderStartIndex > 0 && this.appliedIndex >= raft.leaderStartIndex) {
      this.activeTerm = raft.term;
      this.controller.activate(this.image, this.options.nowMs());
      for (const [brokerId, lostMs] of this.brokerConnectionsLostMs) this.controller.connectionLost(brokerId, lostMs);
      this.options.logger.info(`controller ${this.id} is the active controller (term ${raft.term})`);
    }
  }
}
