/**
 * A controller process's quorum member: a `ControllerHost` wired to real TCP (a `QuorumServer`
 * on its voter address, a `PeerConnection` to every other voter), a tick timer, and the
 * controller requests brokers and the CLI send (`controller-api.ts`). Its Raft log lives in
 * `<metadataDir>/raft.log` (Kafka keeps it in `__cluster_metadata-0`).
 */
import { FjordError } from '../../errors.js';
import { silentLogger, type Logger } from '../../io/logger.js';
import { nodeStorage } from '../../io/node-storage.js';
import type { Storage } from '../../io/storage.js';
import { systemTimers, type TimerHandle, type Timers } from '../../io/timers.js';
import { systemClock, type Clock } from '../../io/clock.js';
import type { ClusterImage } from '../metadata/cluster-image.js';
import { raftConfig, type QuorumVoter, type Random } from '../raft/config.js';
import { FileRaftStorage } from '../raft/file-raft-storage.js';
import type { Message, NodeId, RaftRole } from '../raft/types.js';
import { handleControllerRequest } from './controller-api.js';
import { ControllerHost } from './controller-host.js';
import { PeerConnection } from './peer-connection.js';
import { QuorumServer } from './quorum-server.js';

/** The directory name Kafka gives the metadata log. */
export const METADATA_LOG_DIR = '__cluster_metadata-0';

/** How to start a controller. */
export interface ControllerNodeOptions {
  readonly nodeId: NodeId;
  readonly voters: readonly QuorumVoter[];
  /** The data directory; the Raft log goes in `<dataDir>/__cluster_metadata-0/`. */
  readonly dataDir: string;
  /** Listen address; defaults to this node's voter host (use 0.0.0.0 to accept from anywhere). */
  readonly listenHost?: string;
  /** Milliseconds per Raft tick (default 100: heartbeats every 100 ms, elections after 1-2 s). */
  readonly tickMs?: number;
  readonly electionTicks?: number;
  /** broker.session.timeout.ms: a broker silent this long is fenced (default 9000, Kafka's). */
  readonly sessionTimeoutMs?: number;
  readonly uncleanLeaderElection?: boolean;
  readonly compactEveryEntries?: number;
  readonly storage?: Storage;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: Random;
  readonly logger?: Logger;
}

/** A one-line view of a controller, for `fjord cluster describe` and tests. */
export interface ControllerStatus {
  readonly nodeId: NodeId;
  readonly role: RaftRole;
  readonly term: number;
  readonly leaderId: NodeId;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  readonly activeController: boolean;
}

/** A running quorum member (see the file comment). */
export class ControllerNode {
  private tickTimer: TimerHandle | null = null;
  private drainScheduled = false;
  private stopped = false;

  private constructor(
    readonly host: ControllerHost,
    private readonly server: QuorumServer,
    private readonly peers: ReadonlyMap<NodeId, PeerConnection>,
    private readonly storage: FileRaftStorage,
    private readonly timers: Timers,
    private readonly tickMs: number,
    readonly logger: Logger,
  ) {}

  /** Opens the metadata log, listens on this node's voter port and starts ticking. */
  static async start(options: ControllerNodeOptions): Promise<ControllerNode> {
    const self = options.voters.find((v) => v.id === options.nodeId);
    if (self === undefined) {
      throw new FjordError('INVALID_ARGUMENT', `--node-id ${options.nodeId} is not one of the controller quorum voters ${options.voters.map((v) => v.id).join(',')}`);
    }
    const logger = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    const storage = new FileRaftStorage(options.storage ?? nodeStorage, `${options.dataDir}/${METADATA_LOG_DIR}`);
    const peers = new Map<NodeId, PeerConnection>();
    for (const v of options.voters) if (v.id !== options.nodeId) peers.set(v.id, new PeerConnection(v.host, v.port));
    const host = new ControllerHost({
      raft: raftConfig({
        id: options.nodeId,
        voters: options.voters.map((v) => v.id),
        random: options.random ?? Math.random,
        ...(options.electionTicks !== undefined ? { electionTicks: options.electionTicks } : {}),
      }),
      storage,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 9000,
      uncleanLeaderElection: options.uncleanLeaderElection ?? false,
      compactEveryEntries: options.compactEveryEntries ?? 1000,
      commitWaitersMax: 4096,
      send: (m: Message) => peers.get(m.to)?.sendRaft(m),
      nowMs: () => clock.nowMs(),
      logger,
    });
    const holder: { node?: ControllerNode } = {};
    let server: QuorumServer;
    try {
      server = await QuorumServer.listen(options.listenHost ?? self.host, self.port, {
        onRaft: (m) => holder.node?.input(() => host.step(m)),
        onRequest: (method, body, connectionId) => handleControllerRequest(host, method, body, connectionId),
        onClosed: (connectionId) => holder.node?.input(() => host.connectionClosed(connectionId)),
        leaderHint: () => (host.raft.leaderId >= 0 ? host.raft.leaderId : undefined),
        onError: (msg) => logger.warn(msg),
      });
    } catch (err) {
      storage.close();
      throw new FjordError('INVALID_ARGUMENT', `controller ${options.nodeId}: cannot listen on ${self.host}:${self.port}: ${(err as Error).message}`, { cause: err });
    }
    const node = new ControllerNode(host, server, peers, storage, options.timers ?? systemTimers, options.tickMs ?? 100, logger);
    holder.node = node;
    host.drain(); // re-applies the committed entries after the snapshot, so the image is current at once
    node.scheduleTick();
    return node;
  }

  get nodeId(): NodeId {
    return this.host.id;
  }

  /** The committed metadata image this node has applied. */
  get image(): ClusterImage {
    return this.host.image;
  }

  status(): ControllerStatus {
    const r = this.host.raft;
    return {
      nodeId: r.id, role: r.role, term: r.term, leaderId: r.leaderId, commitIndex: r.commit,
      appliedIndex: this.host.appliedIndex, activeController: this.host.isActiveController(),
    };
  }

  /** Runs a Raft input, then handles the Readys it produced (coalesced per event-loop turn). */
  input(fn: () => void): void {
    if (this.stopped) return;
    fn();
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      if (!this.stopped) this.host.drain();
    });
  }

  private scheduleTick(): void {
    this.tickTimer = this.timers.setTimeout(() => {
      if (this.stopped) return;
      this.input(() => this.host.tick());
      this.scheduleTick();
    }, this.tickMs);
  }

  /** Stops ticking, closes sockets and the log. What is on disk is what a restart resumes from. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer !== null) this.timers.clearTimeout(this.tickTimer);
    this.host.failWaiters(new FjordError('NOT_CONTROLLER', `controller ${this.nodeId} is shutting down`));
    for (const p of this.peers.values()) p.close();
    await this.server.close();
    this.storage.close();
  }
}
