/**
 * The broker's side of a replicated cluster (Kafka's ReplicaManager), implementing the broker's
 * `ClusterHooks`. It follows the committed metadata image: creates the local logs of every
 * topic, leads the partitions the image says this broker leads (a `LeaderState` each: follower
 * progress, high watermark, ISR changes sent to the controller as AlterPartition) and follows
 * the others (`ReplicaFetchers`). Produce with acks=all waits here until the high watermark
 * passes the records; consumers read up to the high watermark; any request for a partition
 * this broker does not lead gets NOT_LEADER_OR_FOLLOWER, so clients refresh metadata.
 */
import type { Broker } from '../broker/broker.js';
import type { RequestContext } from '../broker/broker-state.js';
import { isInternalTopic } from '../broker/topic-names.js';
import type { ClusterHooks, ClusterRefusal, FetchView } from '../broker/cluster-hooks.js';
import type { ClusterImage, PartitionState } from '../cluster/metadata/cluster-image.js';
import { EMPTY_IMAGE } from '../cluster/metadata/cluster-image.js';
import type { ControllerClient } from '../cluster/node/controller-client.js';
import type { Logger } from '../io/logger.js';
import { errorCode } from '../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import type { MetadataRequest, MetadataResponse } from '../protocol/generated/metadata.js';
import { kafkaCodeOf } from './create-topics.js';
import { ClusterAdmin } from './cluster-admin.js';
import { divergingEpoch } from './divergence.js';
import { LeaderState } from './leader-state.js';
import { LocalTopics } from './local-topics.js';
import { CLIENT_LISTENER, metadataFromImage, partitionByName } from './metadata-view.js';
import { ReplicaFetchers } from './replica-fetcher.js';
import { FjordError } from '../errors.js';

/** How a broker replicates. */
export interface ReplicaManagerOptions {
  readonly brokerId: number;
  readonly broker: Broker;
  readonly controller: ControllerClient;
  /** The broker epoch the controller gave this incarnation (AlterPartition must carry it). */
  readonly brokerEpoch: () => number;
  /** The active controller's id as far as this broker knows, -1 if unknown. */
  readonly controllerId: () => number;
  readonly clusterId: string;
  /** replica.lag.time.max.ms: an ISR member that has not caught up for this long is dropped. */
  readonly replicaLagTimeMaxMs: number;
  /** default.replication.factor for CreateTopics with -1 and auto-created topics. */
  readonly defaultReplicationFactor: number;
  /** The broker's data dir (for `cluster-topic-ids.json`). */
  readonly dataDir: string;
  readonly logger: Logger;
  /**
   * This process's registration (ClusterBroker's incarnation id). When set, the broker leads
   * partitions only once the image shows this incarnation registered and unfenced: a restarted
   * broker first replays its own, stale, metadata log, which may still name it leader of
   * partitions that moved on — it must not take writes for them (Kafka's broker likewise leads
   * nothing until it has caught up and been unfenced).
   */
  readonly incarnationId?: string;
}

interface AckWaiter {
  readonly offset: bigint;
  readonly resolve: (refusal: ClusterRefusal | null) => void;
  readonly timer: NodeJS.Timeout;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** How long a Metadata request waits for the topics it auto-creates. */
const AUTO_CREATE_WAIT_MS = 5000;

/** Replication on one broker (see the file comment). */
export class ReplicaManager implements ClusterHooks {
  private image: ClusterImage = EMPTY_IMAGE;
  private readonly leaders = new Map<string, LeaderState>();
  private readonly ackWaiters = new Map<string, AckWaiter[]>();
  readonly fetchers: ReplicaFetchers;
  private isrTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly localTopics: LocalTopics;
  private readonly admin: ClusterAdmin;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.localTopics = new LocalTopics(options.broker, options.dataDir, options.logger, (topic, partitions) => {
      for (let p = 0; p < partitions; p++) {
        this.fetchers.unfollow(topic, p);
        const k = key(topic, p);
        if (this.leaders.delete(k)) this.failWaiters(k, 'NOT_LEADER_OR_FOLLOWER', `topic ${topic} was deleted`);
      }
    });
    this.admin = new ClusterAdmin({
      brokerId: options.brokerId, brokerEpoch: options.brokerEpoch, broker: options.broker, controller: options.controller,
      image: () => this.image, defaultReplicationFactor: options.defaultReplicationFactor, logger: options.logger,
    });
    this.fetchers = new ReplicaFetchers(options.brokerId, options.broker, options.logger);
    options.broker.logs.setHighWatermarkSource(() => this.highWatermarkEntries());
    const periodMs = Math.max(50, Math.min(1000, Math.floor(options.replicaLagTimeMaxMs / 4)));
    this.isrTimer = setInterval(() => this.maintainIsr(), periodMs);
  }

  /** The committed image this broker acts on. */
  get currentImage(): ClusterImage {
    return this.image;
  }

  /** Roles of this broker's partitions, for tests and `cluster describe`: topic-partition → role. */
  roles(): Map<string, 'leader' | 'follower'> {
    const out = new Map<string, 'leader' | 'follower'>();
    for (const t of this.image.topicsById.values()) {
      for (const [p, s] of t.partitions) {
        if (s.leader === this.options.brokerId) out.set(`${t.name}-${p}`, 'leader');
        else if (s.replicas.includes(this.options.brokerId)) out.set(`${t.name}-${p}`, 'follower');
      }
    }
    return out;
  }

  stop(): void {
    this.stopped = true;
    if (this.isrTimer !== null) clearInterval(this.isrTimer);
    this.isrTimer = null;
    this.fetchers.stop();
    for (const k of [...this.ackWaiters.keys()]) this.failWaiters(k, 'NOT_LEADER_OR_FOLLOWER', 'the broker is shutting down');
  }

  // ---- following the image ------------------------------------------------------------------

  /** Applies a newly committed image: local logs, leader and follower roles. */
  applyImage(image: ClusterImage): void {
    if (this.stopped) return; // the process is shutting down: its logs are closing
    this.image = image;
    this.localTopics.reconcile(image); // before creating local topics: a re-created topic starts empty
    const nowMs = Date.now();
    const seen = new Set<string>();
    const serving = this.isServing(image);
    for (const t of image.topicsById.values()) {
      try {
        this.localTopics.ensure(t.name, t.partitions.size, image);
      } catch (err) {
        this.options.logger.error(`cannot create the local logs of topic ${t.name}: ${(err as Error).message}`);
        continue;
      }
      for (const [p, state] of t.partitions) {
        const k = key(t.name, p);
        seen.add(k);
        if (state.leader === this.options.brokerId && serving) this.lead(t.name, p, state, nowMs);
        else this.stopLeading(k, t.name, p, state);
        if (state.leader !== this.options.brokerId && state.leader >= 0 && state.replicas.includes(this.options.brokerId)) {
          const address = this.addressOf(state.leader);
          if (address) this.fetchers.follow(t.name, p, state.leader, state.leaderEpoch, address);
        } else if (state.leader !== this.options.brokerId) {
          this.fetchers.unfollow(t.name, p);
        }
      }
    }
    for (const k of [...this.leaders.keys()]) {
      if (seen.has(k)) continue;
      this.leaders.delete(k);
      this.failWaiters(k, 'NOT_LEADER_OR_FOLLOWER', 'the topic was deleted');
    }
  }

  /** Whether this incarnation is registered and unfenced in `image` (always, without an incarnation id). */
  isServing(image: ClusterImage = this.image): boolean {
    if (this.options.incarnationId === undefined) return true;
    const reg = image.brokers.get(this.options.brokerId);
    return reg !== undefined && reg.incarnationId === this.options.incarnationId && !reg.fenced;
  }

  private addressOf(brokerId: number): { host: string; port: number } | undefined {
    const reg = this.image.brokers.get(brokerId);
    const ep = reg?.endPoints.find((e) => e.name === CLIENT_LISTENER) ?? reg?.endPoints[0];
    return ep ? { host: ep.host, port: ep.port } : undefined;
  }

  private lead(topic: string, partition: number, state: PartitionState, nowMs: number): void {
    const k = key(topic, partition);
    const current = this.leaders.get(k);
    if (current !== undefined && current.partition.leaderEpoch === state.leaderEpoch) {
      current.update(state, nowMs);
    } else {
      this.fetchers.unfollow(topic, partition);
      const startHw = this.fetchers.highWatermark(topic, partition) ?? this.options.broker.logs.checkpointedHighWatermark(topic, partition) ?? 0n;
      this.leaders.set(k, new LeaderState(this.options.brokerId, state, startHw, nowMs));
      this.options.logger.info(`broker ${this.options.brokerId} leads ${topic}-${partition} (epoch ${state.leaderEpoch}, ISR ${state.isr.join(',')})`);
    }
    this.onAppend(topic, partition); // the ISR may have shrunk: the high watermark may move
  }

  /** Leaders' and followers' high watermarks, for `replication-offset-checkpoint`. */
  private highWatermarkEntries(): { topic: string; partition: number; offset: bigint }[] {
    const out = this.fetchers.highWatermarkEntries();
    for (const [k, ls] of this.leaders) {
      const [topic, partition] = k.split('\u0000') as [string, string];
      out.push({ topic, partition: Number(partition), offset: ls.highWatermark });
    }
    return out;
  }

  private stopLeading(k: string, topic: string, partition: number, state: PartitionState): void {
    if (!this.leaders.delete(k)) return;
    this.options.logger.info(`broker ${this.options.brokerId} no longer leads ${topic}-${partition} (leader ${state.leader})`);
    this.failWaiters(k, 'NOT_LEADER_OR_FOLLOWER', `broker ${this.options.brokerId} is no longer the leader of ${topic}-${partition}`);
  }

  // ---- the broker's hooks -------------------------------------------------------------------

  async metadata(req: MetadataRequest, ctx: RequestContext): Promise<MetadataResponse> {
    const answer = () => metadataFromImage(this.image, req, ctx.apiVersion, { clusterId: this.options.clusterId, controllerId: this.options.controllerId() });
    const first = answer();
    const b = this.options.broker;
    if (!(req.allowAutoTopicCreation ?? true) || !b.config.autoCreateTopicsEnable) return first;
    // Internal topics are created by their owners with their own settings, never as ordinary topics.
    const missing = first.topics.filter((t) => t.errorCode === errorCode('UNKNOWN_TOPIC_OR_PARTITION') && t.name && !isInternalTopic(t.name)).map((t) => t.name!);
    if (missing.length === 0) return first;
    // Create them through the controller and answer with the result (Kafka answers LEADER_NOT_AVAILABLE
    // at once and lets the client retry; waiting here spares clients that do not retry).
    await Promise.race([Promise.all(missing.map((name) => this.admin.autoCreate(name))), new Promise((r) => setTimeout(r, AUTO_CREATE_WAIT_MS).unref())]);
    const res = answer();
    for (const t of res.topics) if (t.errorCode === errorCode('UNKNOWN_TOPIC_OR_PARTITION') && missing.includes(t.name ?? '')) t.errorCode = errorCode('LEADER_NOT_AVAILABLE');
    return res;
  }

  createTopics(req: CreateTopicsRequest): Promise<CreateTopicsResponse> {
    return this.admin.createTopics(req);
  }

  createPartitions(topic: string, count: number): Promise<void> {
    return this.admin.createPartitions(topic, count);
  }

  deleteTopics(names: string[]): Promise<(ClusterRefusal | null)[]> {
    return this.admin.deleteTopics(names);
  }

  alterTopicConfigs(topic: string, before: Record<string, string>, after: Record<string, string>): Promise<void> {
    return this.admin.alterTopicConfigs(topic, before, after);
  }

  allocateProducerId(): Promise<bigint> {
    return this.admin.allocateProducerId();
  }

  checkProduce(topic: string, partition: number, acks: number): ClusterRefusal | null {
    const ls = this.leaders.get(key(topic, partition));
    if (ls === undefined) return this.notLeader(topic, partition);
    const minIsr = this.options.broker.partitionLog(topic, partition)?.config.minInsyncReplicas ?? 1;
    if (acks === -1 && ls.partition.isr.length < minIsr) {
      return { errorCode: errorCode('NOT_ENOUGH_REPLICAS'), message: `${topic}-${partition}: the ISR (${ls.partition.isr.join(',')}) is smaller than min.insync.replicas ${minIsr}` };
    }
    return null;
  }

  leaderEpochOf(topic: string, partition: number): number | undefined {
    return this.leaders.get(key(topic, partition))?.partition.leaderEpoch;
  }

  awaitAcks(topic: string, partition: number, lastOffset: bigint, _acks: number, timeoutMs: number): Promise<ClusterRefusal | null> {
    const k = key(topic, partition);
    const ls = this.leaders.get(k);
    if (ls === undefined) return Promise.resolve(this.notLeader(topic, partition));
    if (ls.replicatedTo(lastOffset)) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.ackWaiters.get(k) ?? [];
        this.ackWaiters.set(k, list.filter((w) => w.timer !== timer));
        resolve({ errorCode: errorCode('REQUEST_TIMED_OUT'), message: `${topic}-${partition}: the in-sync replicas did not all get offset ${lastOffset} within ${timeoutMs} ms` });
      }, Math.max(1, timeoutMs));
      const list = this.ackWaiters.get(k) ?? [];
      list.push({ offset: lastOffset, resolve, timer });
      this.ackWaiters.set(k, list);
    });
  }

  fetchView(topic: string, partition: number, replicaId: number, fetchOffset: bigint, lastFetchedEpoch = -1): FetchView {
    const ls = this.leaders.get(key(topic, partition));
    if (ls === undefined) return { errorCode: this.notLeader(topic, partition).errorCode, highWatermark: -1n, maxOffset: undefined };
    if (replicaId >= 0) {
      const log = this.options.broker.partitionLog(topic, partition);
      const leo = log?.logEndOffset ?? 0n;
      const diverging = log === undefined ? null : divergingEpoch(log.leaderEpochs(), leo, lastFetchedEpoch, fetchOffset);
      if (diverging !== null) {
        // As Kafka: the follower's progress is not recorded; it truncates its tail and fetches again.
        this.options.logger.info(`follower ${replicaId} of ${topic}-${partition} diverged (epoch ${lastFetchedEpoch} at ${fetchOffset}): epoch ${diverging.epoch} ends at ${diverging.endOffset} here`);
        return { errorCode: 0, highWatermark: ls.highWatermark, maxOffset: undefined, divergingEpoch: diverging };
      }
      if (!ls.followerFetched(replicaId, fetchOffset, leo, Date.now())) {
        this.options.logger.warn(`follower ${replicaId} of ${topic}-${partition} fetches at ${fetchOffset}, past this leader's log end ${leo}: dropping it from the ISR`);
        setImmediate(() => this.maintainIsr());
      }
      this.afterProgress(topic, partition, ls, leo);
      return { errorCode: 0, highWatermark: ls.highWatermark, maxOffset: undefined };
    }
    return { errorCode: 0, highWatermark: ls.highWatermark, maxOffset: ls.highWatermark };
  }

  /**
   * Groups spread over the unfenced brokers by the hash of their id (Java's String.hashCode, as
   * Kafka picks an offsets partition), so every member finds the same coordinator. Group state
   * is not replicated yet: when the set of brokers changes, groups move and start afresh.
   */
  coordinatorFor(key: string): { nodeId: number; host: string; port: number } | undefined {
    const live = [...this.image.brokers.values()].filter((x) => !x.fenced).map((x) => x.brokerId).sort((a, b) => a - b);
    if (live.length === 0) return undefined;
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    const nodeId = live[Math.abs(h) % live.length]!;
    const address = this.addressOf(nodeId);
    return address === undefined ? undefined : { nodeId, ...address };
  }

  onAppend(topic: string, partition: number): void {
    const ls = this.leaders.get(key(topic, partition));
    if (ls === undefined) return;
    this.afterProgress(topic, partition, ls, this.options.broker.partitionLog(topic, partition)?.logEndOffset ?? 0n);
  }

  private afterProgress(topic: string, partition: number, ls: LeaderState, leo: bigint): void {
    if (!ls.advanceHighWatermark(leo)) return;
    this.options.broker.appendWaiters.notify(topic, partition); // consumers parked at the old high watermark
    const k = key(topic, partition);
    const list = this.ackWaiters.get(k);
    if (list === undefined) return;
    const still = list.filter((w) => {
      if (!ls.replicatedTo(w.offset)) return true;
      clearTimeout(w.timer);
      w.resolve(null);
      return false;
    });
    if (still.length > 0) this.ackWaiters.set(k, still);
    else this.ackWaiters.delete(k);
  }

  private notLeader(topic: string, partition: number): ClusterRefusal {
    const p = partitionByName(this.image, topic, partition);
    // A log here but no partition in the image: this broker's image is behind (it just restarted).
    // NOT_LEADER_OR_FOLLOWER makes the client refresh its metadata and go elsewhere.
    const local = this.options.broker.partitionLog(topic, partition) !== undefined;
    if (p === undefined && !local) return { errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), message: `${topic}-${partition} does not exist` };
    if (p === undefined) return { errorCode: errorCode('NOT_LEADER_OR_FOLLOWER'), message: `broker ${this.options.brokerId} does not know ${topic}-${partition} yet (its metadata is catching up)` };
    return { errorCode: errorCode('NOT_LEADER_OR_FOLLOWER'), message: `broker ${this.options.brokerId} is not the leader of ${topic}-${partition} (leader ${p.leader})` };
  }

  private failWaiters(k: string, code: 'NOT_LEADER_OR_FOLLOWER', message: string): void {
    for (const w of this.ackWaiters.get(k) ?? []) {
      clearTimeout(w.timer);
      w.resolve({ errorCode: errorCode(code), message });
    }
    this.ackWaiters.delete(k);
  }

  // ---- ISR maintenance ----------------------------------------------------------------------

  private maintainIsr(): void {
    const nowMs = Date.now();
    for (const [k, ls] of this.leaders) {
      const desired = ls.desiredIsr(nowMs, this.options.replicaLagTimeMaxMs);
      if (desired === null) continue;
      // A fenced broker may not join (INELIGIBLE_REPLICA): wait for its heartbeat to unfence it.
      const newIsr = desired.filter((id) => ls.partition.isr.includes(id) || this.image.brokers.get(id)?.fenced === false);
      if (newIsr.length === ls.partition.isr.length && newIsr.every((id) => ls.partition.isr.includes(id))) continue;
      const [topic, partitionText] = k.split('\u0000') as [string, string];
      const topicId = this.image.topicIdsByName.get(topic);
      if (topicId === undefined) continue;
      ls.pendingIsr = newIsr;
      const p = ls.partition;
      this.options.logger.info(`broker ${this.options.brokerId} asks to change the ISR of ${topic}-${partitionText} from ${p.isr.join(',')} to ${newIsr.join(',')}`);
      const body = { brokerId: this.options.brokerId, brokerEpoch: this.options.brokerEpoch(), topicId, partitionId: Number(partitionText), leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr };
      this.options.controller.call<PartitionState>('alterPartition', body, 10000).then(
        (state) => {
          if (this.leaders.get(k) === ls && state.leaderEpoch === ls.partition.leaderEpoch && state.partitionEpoch >= ls.partition.partitionEpoch) ls.update(state, Date.now());
          this.onAppend(topic, Number(partitionText));
          if (ls.pendingIsr === newIsr) ls.pendingIsr = null;
        },
        (err: unknown) => {
          if (ls.pendingIsr === newIsr) ls.pendingIsr = null;
          const code = err instanceof FjordError ? err.code : 'UNKNOWN';
          this.options.logger.warn(`AlterPartition ${topic}-${partitionText} failed (${code} ${kafkaCodeOf(code)}): ${(err as Error).message}`);
        },
      );
    }
  }
}
