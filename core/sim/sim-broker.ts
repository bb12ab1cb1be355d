/**
 * One simulated broker's partition replicas: it leads or follows each partition as its (maybe
 * stale) metadata image says, and drives the real pure replication logic — `LeaderState` (follower
 * progress, high watermark, ISR changes), `divergingEpoch` (the leader's answer to a diverged
 * fetch) and `followerStep` (the follower's handling of a fetch answer). Messages go through the
 * simulated network; logs are `SimPartitionLog`s that lose their unsynced tail on a crash.
 * Progress counts only synced records: a leader's own log end for the high watermark is its
 * synced end, and a follower flushes its log before each fetch (whose offset tells the leader how
 * far it got), so the simulated brokers fsync before they count a record (see the README).
 */
import { NO_LEADER } from '../cluster/metadata/records.js';
import type { PartitionState } from '../cluster/metadata/cluster-image.js';
import { LeaderState } from '../replication/leader-state.js';
import { divergingEpoch, type DivergingEpoch } from '../replication/divergence.js';
import { followerHighWatermark, followerStep } from '../replication/follower-step.js';
import { SimPartitionLog, type SimBatch } from './sim-partition-log.js';
import type { ReplicationChecker } from './replication-checker.js';
import type { SimRandom } from './random.js';

/** Messages between brokers and clients. */
export type ReplMessage =
  | { readonly kind: 'fetch'; readonly from: number; readonly to: number; readonly partition: string; readonly leaderEpoch: number; readonly fetchOffset: bigint; readonly lastFetchedEpoch: number; readonly fetchId: number }
  | {
      readonly kind: 'fetch-answer'; readonly from: number; readonly to: number; readonly partition: string; readonly leaderEpoch: number; readonly fetchId: number;
      readonly outcome: 'ok' | 'out-of-range' | 'error'; readonly diverging: DivergingEpoch | null; readonly batches: readonly SimBatch[];
      readonly highWatermark: bigint; readonly logStartOffset: bigint;
    }
  | { readonly kind: 'produce'; readonly from: number; readonly to: number; readonly partition: string; readonly producerId: number; readonly sequence: number; readonly recordId: string; readonly requestId: number }
  | { readonly kind: 'produce-answer'; readonly from: number; readonly to: number; readonly partition: string; readonly requestId: number; readonly error: string | null; readonly offset: bigint }
  | { readonly kind: 'consume'; readonly from: number; readonly to: number; readonly partition: string; readonly offset: bigint }
  | { readonly kind: 'consume-answer'; readonly from: number; readonly to: number; readonly partition: string; readonly batches: readonly SimBatch[] };

/** Builds the leader state under test (tests pass deliberately broken ones). */
export type LeaderStateFactory = (selfId: number, partition: PartitionState, startHw: bigint, nowMs: number) => LeaderState;

/** What a broker needs from the simulation around it. */
export interface BrokerHost {
  send(message: ReplMessage): void;
  readonly checker: ReplicationChecker;
  readonly leaderStateFactory: LeaderStateFactory;
  /** Kafka's replica.lag.time.max.ms (simulated). */
  readonly lagMaxMs: number;
  readonly minInsyncReplicas: number;
  readonly fetchBatchesMax: number;
  readonly produceTimeoutMs: number;
}

interface Waiter {
  readonly offset: bigint;
  readonly producer: number;
  readonly requestId: number;
  readonly deadlineMs: number;
}

/** One partition on one broker. */
interface Replica {
  readonly log: SimPartitionLog;
  state: PartitionState | null;
  leader: LeaderState | null;
  /** The partition epoch an ISR change was sent with (to forget it once the epoch moves on). */
  isrSentAtEpoch: number;
  waiters: Waiter[];
  /** The follower's high watermark (the leader's, bounded by its log end). */
  followerHw: bigint;
  fetchInFlight: { readonly id: number; readonly sentMs: number } | null;
}

/** A simulated broker's replicas (see the file comment). */
export class SimBroker {
  readonly replicas = new Map<string, Replica>();
  alive = true;
  /** After a restart, the broker acts on metadata only once an image shows its new registration. */
  awaitingRegistration = true;
  /** The metadata log index of the image it last used (0 after a restart). */
  metadataIndex = 0;
  private fetchSeq = 0;
  stats = { becameLeader: 0, truncations: 0, fetches: 0 };

  constructor(
    readonly id: number,
    private readonly host: BrokerHost,
  ) {}

  replica(partition: string): Replica {
    let r = this.replicas.get(partition);
    if (r === undefined) {
      r = { log: new SimPartitionLog(), state: null, leader: null, isrSentAtEpoch: -1, waiters: [], followerHw: 0n, fetchInFlight: null };
      this.replicas.set(partition, r);
    }
    return r;
  }

  /** Power loss: unsynced records may go, everything in memory goes. */
  crash(random: SimRandom): void {
    this.alive = false;
    this.metadataIndex = 0;
    for (const r of this.replicas.values()) {
      r.log.crash(random);
      r.state = null;
      r.leader = null;
      r.waiters = [];
      r.followerHw = 0n;
      r.fetchInFlight = null;
    }
  }

  restart(): void {
    this.alive = true;
    this.awaitingRegistration = true;
  }

  /** A partition state from the broker's metadata image; older ones than it knows are ignored. */
  applyState(partition: string, p: PartitionState, nowMs: number): string | null {
    const r = this.replica(partition);
    const known = r.state;
    if (known !== null && (p.leaderEpoch < known.leaderEpoch || (p.leaderEpoch === known.leaderEpoch && p.partitionEpoch <= known.partitionEpoch))) return null;
    r.state = p;
    if (p.leader === this.id) {
      if (r.leader !== null && r.leader.partition.leaderEpoch === p.leaderEpoch) {
        r.leader.update(p, nowMs);
        if (r.leader.pendingIsr !== null && p.partitionEpoch > r.isrSentAtEpoch) r.leader.pendingIsr = null; // answered or superseded
        return null;
      }
      this.failWaiters(r, 'NOT_LEADER_OR_FOLLOWER');
      r.log.assignEpoch(p.leaderEpoch);
      const startHw = followerHighWatermark(r.followerHw, r.log.syncedEndOffset);
      r.leader = this.host.leaderStateFactory(this.id, p, startHw, nowMs);
      this.stats.becameLeader++;
      this.host.checker.onBecomeLeader(this.id, partition, p.leaderEpoch, r.log, startHw);
      return `broker ${this.id} leads ${partition} (epoch ${p.leaderEpoch}, log end ${r.log.logEndOffset}, high watermark ${startHw}, isr ${p.isr.join(',')})`;
    }
    const wasLeader = r.leader !== null;
    if (wasLeader) {
      r.followerHw = r.leader!.highWatermark;
      r.leader = null;
      this.failWaiters(r, 'NOT_LEADER_OR_FOLLOWER');
    }
    r.fetchInFlight = null;
    return wasLeader ? `broker ${this.id} no longer leads ${partition} (epoch ${p.leaderEpoch}, leader ${p.leader})` : null;
  }

  /** Leaders: the ISR change to ask the controller for now, if any. */
  desiredIsr(partition: string, nowMs: number): { state: PartitionState; isr: number[] } | null {
    const r = this.replicas.get(partition);
    if (r?.leader == null || r.state === null) return null;
    const isr = r.leader.desiredIsr(nowMs, this.host.lagMaxMs);
    return isr === null ? null : { state: r.state, isr };
  }

  /** The controller accepted the ISR change: it counts as pending until the image shows it. */
  isrChangeSent(partition: string, isr: readonly number[], partitionEpoch: number): void {
    const r = this.replicas.get(partition);
    if (r?.leader == null) return;
    r.leader.pendingIsr = isr;
    r.isrSentAtEpoch = partitionEpoch;
  }

  /** Followers: send the next fetch to the leader (one in flight, re-sent after a timeout). */
  fetchTick(partition: string, nowMs: number, timeoutMs: number): void {
    const r = this.replicas.get(partition);
    const p = r?.state;
    if (r === undefined || p == null || r.leader !== null || p.leader === NO_LEADER || !p.replicas.includes(this.id)) return;
    if (r.fetchInFlight !== null && nowMs - r.fetchInFlight.sentMs < timeoutMs) return;
    const id = ++this.fetchSeq;
    r.fetchInFlight = { id, sentMs: nowMs };
    // Fetch from the log end, as Kafka does, after a flush: the offset reports progress to the
    // leader, so it must survive a crash (a follower that fetched past an unsynced tail of its own
    // would also stack the leader's records on top of it).
    this.beforeFetch(r.log);
    const fetchOffset = r.log.logEndOffset;
    this.stats.fetches++;
    this.host.send({ kind: 'fetch', from: this.id, to: p.leader, partition, leaderEpoch: p.leaderEpoch, fetchOffset, lastFetchedEpoch: this.lastFetchedEpoch(r.log, fetchOffset), fetchId: id });
  }

  /** A follower flushes before it fetches (its fetch offset reports progress). Overridable: see the tests. */
  protected beforeFetch(log: SimPartitionLog): void {
    log.sync();
  }

  /** Where a leader's own log counts as written for the high watermark: its synced end. Overridable: see the tests. */
  protected progressEnd(log: SimPartitionLog): bigint {
    return log.syncedEndOffset;
  }

  /** The epoch of the last batch before the fetch offset (KIP-320). Overridable by tests that break it on purpose. */
  protected lastFetchedEpoch(log: SimPartitionLog, fetchOffset: bigint): number {
    return log.epochBefore(fetchOffset);
  }

  /** Flushes every log; a leader's high watermark may then move. */
  sync(nowMs: number): void {
    for (const [partition, r] of this.replicas) {
      r.log.sync();
      if (r.leader !== null) this.advance(partition, r);
    }
  }

  receive(m: ReplMessage, nowMs: number): string | null {
    switch (m.kind) {
      case 'fetch':
        this.answerFetch(m, nowMs);
        return null;
      case 'fetch-answer':
        return this.onFetchAnswer(m);
      case 'produce':
        this.onProduce(m, nowMs);
        return null;
      case 'consume': {
        const r = this.replicas.get(m.partition);
        if (r?.leader == null) return null;
        this.host.send({ kind: 'consume-answer', from: this.id, to: m.from, partition: m.partition, batches: r.log.read(m.offset, r.leader.highWatermark, this.host.fetchBatchesMax) });
        return null;
      }
      default:
        return null;
    }
  }

  /** Produce waiters whose request timed out are answered REQUEST_TIMED_OUT. */
  expireWaiters(nowMs: number): void {
    for (const r of this.replicas.values()) {
      const expired = r.waiters.filter((w) => w.deadlineMs <= nowMs);
      if (expired.length === 0) continue;
      r.waiters = r.waiters.filter((w) => w.deadlineMs > nowMs);
      for (const w of expired) this.answerProduce(w, '', 'REQUEST_TIMED_OUT');
    }
  }

  private answerFetch(m: Extract<ReplMessage, { kind: 'fetch' }>, nowMs: number): void {
    const r = this.replicas.get(m.partition);
    const base = { kind: 'fetch-answer', from: this.id, to: m.from, partition: m.partition, leaderEpoch: m.leaderEpoch, fetchId: m.fetchId } as const;
    if (r?.leader == null || r.state!.leaderEpoch !== m.leaderEpoch) {
      this.host.send({ ...base, outcome: 'error', diverging: null, batches: [], highWatermark: -1n, logStartOffset: -1n });
      return;
    }
    const log = r.log;
    const diverging = divergingEpoch(log.epochs, log.logEndOffset, m.lastFetchedEpoch, m.fetchOffset);
    const answer = { ...base, highWatermark: r.leader.highWatermark, logStartOffset: log.logStartOffset };
    if (diverging !== null) {
      // Progress is not recorded (as replica-manager.ts): the follower must truncate first.
      this.host.send({ ...answer, outcome: 'ok', diverging, batches: [] });
      return;
    }
    if (m.fetchOffset < log.logStartOffset) {
      this.host.send({ ...answer, outcome: 'out-of-range', diverging: null, batches: [] });
      return;
    }
    r.leader.followerFetched(m.from, m.fetchOffset, log.logEndOffset, nowMs);
    this.advance(m.partition, r);
    this.host.send({ ...answer, highWatermark: r.leader.highWatermark, outcome: 'ok', diverging: null, batches: log.read(m.fetchOffset, log.logEndOffset, this.host.fetchBatchesMax) });
  }

  private onFetchAnswer(m: Extract<ReplMessage, { kind: 'fetch-answer' }>): string | null {
    const r = this.replicas.get(m.partition);
    if (r === undefined || r.leader !== null || r.fetchInFlight?.id !== m.fetchId || r.state?.leaderEpoch !== m.leaderEpoch) return null;
    r.fetchInFlight = null;
    const log = r.log;
    const action = followerStep(
      { epochs: log.epochs, logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset },
      { outcome: m.outcome, diverging: m.diverging, leaderLogStart: m.logStartOffset, leaderHighWatermark: m.highWatermark },
    );
    switch (action.kind) {
      case 'append':
        for (const b of m.batches) if (b.offset === log.logEndOffset) log.append(b);
        r.followerHw = followerHighWatermark(m.highWatermark, log.logEndOffset);
        return null;
      case 'truncate':
      case 'truncate-fully': {
        const from = log.logEndOffset;
        this.truncate(log, action.kind, action.offset);
        this.stats.truncations++;
        r.followerHw = followerHighWatermark(r.followerHw, log.logEndOffset);
        return `broker ${this.id} truncates ${m.partition} from ${from} to ${action.offset} (${action.kind}, leader ${m.from})`;
      }
      case 'retry':
        return null;
    }
  }

  /** Overridable by tests that break truncation on purpose. */
  protected truncate(log: SimPartitionLog, kind: 'truncate' | 'truncate-fully', offset: bigint): void {
    if (kind === 'truncate') log.truncateTo(offset);
    else log.truncateFullyAndStartAt(offset);
  }

  private onProduce(m: Extract<ReplMessage, { kind: 'produce' }>, nowMs: number): void {
    const r = this.replicas.get(m.partition);
    const waiter = { producer: m.from, requestId: m.requestId, deadlineMs: nowMs + this.host.produceTimeoutMs };
    if (r?.leader == null) return this.answerProduce({ ...waiter, offset: -1n }, m.partition, 'NOT_LEADER_OR_FOLLOWER');
    if (r.state!.isr.length < this.host.minInsyncReplicas) return this.answerProduce({ ...waiter, offset: -1n }, m.partition, 'NOT_ENOUGH_REPLICAS');
    const { lastSequence, existing } = r.log.producerState(m.producerId, m.sequence);
    let offset: bigint;
    if (existing !== undefined) offset = existing.offset; // a retry: wait for the first copy
    else if (m.sequence === lastSequence + 1) {
      offset = r.log.logEndOffset;
      r.log.append({ offset, epoch: r.state!.leaderEpoch, producerId: m.producerId, sequence: m.sequence, recordId: m.recordId });
    } else return this.answerProduce({ ...waiter, offset: -1n }, m.partition, 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    r.waiters.push({ ...waiter, offset });
    this.advance(m.partition, r);
  }

  /** Recomputes the high watermark (from the synced log end) and answers the waiters it passed. */
  private advance(partition: string, r: Replica): void {
    const ls = r.leader!;
    const before = ls.highWatermark;
    if (ls.advanceHighWatermark(this.progressEnd(r.log))) {
      this.host.checker.onHighWatermark(this.id, partition, ls.partition.leaderEpoch, before, ls.highWatermark, r.log);
    }
    if (r.waiters.length === 0) return;
    const done = r.waiters.filter((w) => ls.replicatedTo(w.offset));
    if (done.length === 0) return;
    r.waiters = r.waiters.filter((w) => !ls.replicatedTo(w.offset));
    for (const w of done) this.answerProduce(w, partition, null);
  }

  private failWaiters(r: Replica, error: string): void {
    for (const w of r.waiters) this.answerProduce(w, '', error);
    r.waiters = [];
  }

  private answerProduce(w: Waiter, partition: string, error: string | null): void {
    this.host.send({ kind: 'produce-answer', from: this.id, to: w.producer, partition, requestId: w.requestId, error, offset: w.offset });
  }
}
