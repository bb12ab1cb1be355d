/**
 * One broker process of a replicated cluster: by default a combined broker + controller (as in
 * Kafka's KRaft quick start) when its node id is a quorum voter, else a broker that reads the
 * image from the quorum. It registers with the active controller under a fresh incarnation,
 * heartbeats (which unfences it), feeds every committed image to the `ReplicaManager`, and on
 * `stop()` asks to be fenced first (a controlled shutdown) so leadership moves at once.
 */
import crypto from 'node:crypto';
import type { Broker } from '../broker/broker.js';
import type { Endpoint } from '../broker/broker-state.js';
import { applyRecords } from '../cluster/metadata/apply.js';
import { EMPTY_IMAGE, type ClusterImage } from '../cluster/metadata/cluster-image.js';
import type { DescribeResult } from '../cluster/node/controller-api.js';
import { ControllerClient } from '../cluster/node/controller-client.js';
import { ControllerNode } from '../cluster/node/controller-node.js';
import type { QuorumVoter } from '../cluster/raft/config.js';
import { FjordError } from '../errors.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { GroupPartitions } from './group-partitions.js';
import { CLIENT_LISTENER } from './metadata-view.js';
import { ReplicaManager } from './replica-manager.js';

/** How to run a cluster broker. */
export interface ClusterBrokerOptions {
  readonly nodeId: number;
  readonly voters: readonly QuorumVoter[];
  /** The opened broker (its data dir also holds the metadata log when combined). */
  readonly broker: Broker;
  readonly dataDir: string;
  /** Where clients and followers reach this broker. */
  readonly endpoint: Endpoint;
  readonly rack?: string | null;
  /** Run a controller in this process (default: when nodeId is a voter). */
  readonly combined?: boolean;
  readonly tickMs?: number;
  /**
   * broker.session.timeout.ms (default 3000: Kafka's is 9000, but a SIGKILLed leader's partitions
   * move only when its session ends, and the failover goal is a few seconds).
   */
  readonly sessionTimeoutMs?: number;
  /** broker.heartbeat.interval.ms (default 500; Kafka's is 2000). */
  readonly heartbeatIntervalMs?: number;
  /** replica.lag.time.max.ms (default 10000; Kafka's is 30000). */
  readonly replicaLagTimeMaxMs?: number;
  readonly defaultReplicationFactor?: number;
  readonly uncleanLeaderElection?: boolean;
  readonly logger?: Logger;
}

/** The cluster id every broker of one quorum reports: derived from the voter set. */
export function clusterIdOf(voters: readonly QuorumVoter[]): string {
  const text = [...voters].sort((a, b) => a.id - b.id).map((v) => `${v.id}@${v.host}:${v.port}`).join(',');
  return crypto.createHash('sha256').update(text).digest().subarray(0, 16).toString('base64url');
}

/** A running cluster broker (see the file comment). */
export class ClusterBroker {
  brokerEpoch = -1;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private lastDescribedIndex = -1;
  private knownControllerId = -1;
  private constructor(
    private readonly options: ClusterBrokerOptions,
    readonly controllerNode: ControllerNode | null,
    readonly client: ControllerClient,
    readonly replicas: ReplicaManager,
    /** The `__consumer_offsets` partitions this broker leads, and their groups. */
    readonly groupPartitions: GroupPartitions,
    private readonly logger: Logger,
    /** This process's registration: a restart registers anew under a fresh one. */
    readonly incarnationId: string,
  ) {}

  static async start(options: ClusterBrokerOptions): Promise<ClusterBroker> {
    const logger = options.logger ?? silentLogger;
    const combined = options.combined ?? options.voters.some((v) => v.id === options.nodeId);
    const controllerNode = combined
      ? await ControllerNode.start({
          nodeId: options.nodeId, voters: options.voters, dataDir: options.dataDir, logger,
          ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
          sessionTimeoutMs: options.sessionTimeoutMs ?? 3000,
          uncleanLeaderElection: options.uncleanLeaderElection ?? false,
        })
      : null;
    const client = new ControllerClient(options.voters);
    const incarnationId = crypto.randomUUID();
    const holder: { it?: ClusterBroker } = {};
    const replicas = new ReplicaManager({
      brokerId: options.nodeId, broker: options.broker, controller: client,
      brokerEpoch: () => holder.it?.brokerEpoch ?? -1,
      controllerId: () => holder.it?.controllerId() ?? -1,
      clusterId: clusterIdOf(options.voters),
      replicaLagTimeMaxMs: options.replicaLagTimeMaxMs ?? 10000,
      defaultReplicationFactor: options.defaultReplicationFactor ?? 1,
      dataDir: options.dataDir,
      logger,
      incarnationId,
    });
    const groupPartitions = GroupPartitions.attach({
      brokerId: options.nodeId, broker: options.broker, hooks: replicas, image: () => replicas.currentImage,
      createTopics: (req) => replicas.createTopics(req), logger,
    });
    const it = new ClusterBroker(options, controllerNode, client, replicas, groupPartitions, logger, incarnationId);
    holder.it = it;
    options.broker.cluster = replicas;
    if (controllerNode !== null) {
      it.applyImage(controllerNode.image);
      controllerNode.host.onImage((image) => it.applyImage(image));
    }
    it.loop = it.run();
    return it;
  }

  /** Applies a committed image: replica roles first, then the group coordinator's partitions. */
  private applyImage(image: ClusterImage): void {
    this.replicas.applyImage(image);
    this.groupPartitions.follow(this.replicas.currentImage);
  }

  /** The active controller's id as this broker knows it. */
  controllerId(): number {
    const s = this.controllerNode?.status();
    return s !== undefined && s.leaderId >= 0 ? s.leaderId : this.knownControllerId;
  }

  /** True once registered and unfenced in this broker's image. */
  isUnfenced(): boolean {
    return this.replicas.isServing();
  }

  private async run(): Promise<void> {
    const interval = this.options.heartbeatIntervalMs ?? 500;
    while (!this.stopped) {
      try {
        if (this.brokerEpoch < 0) await this.register();
        else await this.client.call('brokerHeartbeat', { brokerId: this.options.nodeId, brokerEpoch: this.brokerEpoch, wantFence: false }, 5000);
        if (this.controllerNode === null) await this.pollImage();
        this.sayHello();
      } catch (err) {
        if (this.stopped) return;
        const code = err instanceof FjordError ? err.code : '';
        if (code === 'STALE_BROKER_EPOCH' || code === 'BROKER_ID_NOT_REGISTERED') this.brokerEpoch = -1;
        this.logger.warn(`broker ${this.options.nodeId}: ${this.brokerEpoch < 0 ? 'registration' : 'heartbeat'} failed: ${(err as Error).message}`);
      }
      await sleep(interval);
    }
  }

  /**
   * Tells every controller voter, not only the active one, which connection is this broker's: if
   * this process dies together with the active controller, the next one sees the connection
   * close and fences this broker after a short grace instead of a whole fresh session
   * (`ControllerHost.connectionClosed`). Answers are not awaited; failures do not matter.
   */
  private sayHello(): void {
    for (const v of this.options.voters) {
      this.client.callOne(v.id, 'brokerHello', { brokerId: this.options.nodeId }, 2000).catch(() => undefined);
    }
  }

  private async register(): Promise<void> {
    const { endpoint } = this.options;
    const answer = await this.client.call<{ brokerEpoch: number }>('registerBroker', {
      brokerId: this.options.nodeId, incarnationId: this.incarnationId, rack: this.options.rack ?? null,
      endPoints: [{ name: CLIENT_LISTENER, host: endpoint.host, port: endpoint.port }],
    }, 10000);
    this.brokerEpoch = answer.brokerEpoch;
    this.logger.info(`broker ${this.options.nodeId} registered with epoch ${answer.brokerEpoch}`);
  }

  /** A broker without a controller reads the committed image from any voter. */
  private async pollImage(): Promise<void> {
    const d = await this.client.call<DescribeResult>('describe', {}, 5000);
    this.knownControllerId = d.leaderId;
    if (d.appliedIndex === this.lastDescribedIndex) return;
    this.lastDescribedIndex = d.appliedIndex;
    this.applyImage(applyRecords(EMPTY_IMAGE, d.records));
  }

  /** Controlled shutdown: asks to be fenced (leadership moves), then stops everything. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.brokerEpoch >= 0) {
      await this.client
        .call('brokerHeartbeat', { brokerId: this.options.nodeId, brokerEpoch: this.brokerEpoch, wantFence: true }, 3000)
        .catch((err: Error) => this.logger.warn(`broker ${this.options.nodeId}: controlled shutdown failed: ${err.message}`));
    }
    this.groupPartitions.stop();
    this.replicas.stop();
    this.client.close();
    await this.loop;
    await this.controllerNode?.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
