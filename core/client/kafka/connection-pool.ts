/**
 * The transport's connections: one per broker node (keyed by node id, addressed from metadata),
 * a second one to each group coordinator, and one per bootstrap address, used until the
 * cluster's brokers are known. Connections open lazily, so holding one costs nothing until a
 * request goes through it.
 *
 * Group requests get their own connection (as Kafka's Java consumer does) because a broker
 * answers a connection's requests in order: behind a long-poll Fetch or a JoinGroup waiting for
 * a rebalance, a heartbeat or commit would wait too, and the member could miss its session.
 */
import { FjordError } from '../../errors.js';
import type { Clock } from '../../io/clock.js';
import type { Logger } from '../../io/logger.js';
import type { Timers } from '../../io/timers.js';
import type { Dialer } from './byte-stream.js';
import type { ClusterMetadata } from './cluster-metadata.js';
import { BrokerConnection } from './connection.js';
import type { BrokerAddress, KafkaTransportConfig } from './kafka-config.js';

export interface PoolDeps {
  dial: Dialer;
  clock: Clock;
  timers: Timers;
  logger: Logger;
}

export class ConnectionPool {
  private readonly byNode = new Map<number, BrokerConnection>();
  private readonly coordinatorByNode = new Map<number, BrokerConnection>();
  private readonly bootstrap: BrokerConnection[];
  /** Rotates "any broker" choices among equals, so one dead broker is not picked forever. */
  private turn = 0;
  private closed = false;

  constructor(
    private readonly config: KafkaTransportConfig,
    private readonly deps: PoolDeps,
    private readonly metadata: ClusterMetadata,
  ) {
    // Negative ids, as Kafka's clients number bootstrap nodes: they are no broker's real id.
    this.bootstrap = config.bootstrap.map((address, i) => this.make(-1 - i, address));
  }

  /**
   * The connection to a node, at `address` or where metadata says it is. A node that moved to a
   * new address gets a new connection. Null when the node's address is unknown.
   */
  forNode(nodeId: number, address: BrokerAddress | undefined = this.metadata.addressOf(nodeId)): BrokerConnection | null {
    return this.connectionIn(this.byNode, nodeId, address);
  }

  /** The connection for group requests to the coordinator `nodeId` at `address` (separate from forNode's). */
  forCoordinator(nodeId: number, address: BrokerAddress): BrokerConnection {
    return this.connectionIn(this.coordinatorByNode, nodeId, address)!;
  }

  private connectionIn(map: Map<number, BrokerConnection>, nodeId: number, address: BrokerAddress | undefined): BrokerConnection | null {
    this.assertOpen();
    let conn = map.get(nodeId);
    if (!address) return conn && !conn.isClosed ? conn : null;
    if (conn && (conn.isClosed || conn.address.host !== address.host || conn.address.port !== address.port)) {
      conn.close();
      conn = undefined;
    }
    if (!conn) {
      conn = this.make(nodeId, address);
      map.set(nodeId, conn);
    }
    return conn;
  }

  /**
   * A connection to some broker, for requests any broker can answer: a ready connection with the
   * fewest pending requests, else a known broker, else a bootstrap address. Connections in
   * `avoid` (they just failed this caller) are skipped unless nothing else is left.
   */
  any(avoid: ReadonlySet<BrokerConnection> = new Set()): BrokerConnection {
    this.assertOpen();
    const known = this.metadata.brokerIds().map((id) => this.forNode(id)).filter((c): c is BrokerConnection => c !== null);
    const usable = (list: BrokerConnection[]) => list.filter((c) => !avoid.has(c) && !c.isClosed);
    const ready = usable(known).filter((c) => c.isReady);
    if (ready.length > 0) return ready.reduce((best, c) => (c.pendingRequests < best.pendingRequests ? c : best));
    const candidates = [...usable(known), ...usable(this.bootstrap)];
    const pool = candidates.length > 0 ? candidates : [...known, ...this.bootstrap];
    return pool[this.turn++ % pool.length];
  }

  /** Closes every connection; pending requests fail with CLOSED. */
  closeAll(): void {
    this.closed = true;
    for (const c of [...this.byNode.values(), ...this.coordinatorByNode.values(), ...this.bootstrap]) c.close();
    this.byNode.clear();
    this.coordinatorByNode.clear();
  }

  /** A retry that wakes after close() must not open new connections. */
  private assertOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', 'the client is closed');
  }

  private make(nodeId: number, address: BrokerAddress): BrokerConnection {
    return new BrokerConnection({ nodeId, address, config: this.config, topicIds: this.metadata, ...this.deps });
  }
}
