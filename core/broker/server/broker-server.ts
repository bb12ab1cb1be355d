/**
 * The Kafka-protocol TCP listener: a thin shell around a `RequestHandler` (the broker). It
 * accepts connections, enforces `connectionsMax`, and gives each socket a `Connection` that does
 * framing, routing and in-order responses. It owns sockets, never the broker: closing the server
 * leaves the broker open for its owner to close.
 */
import net from 'node:net';
import { silentLogger, type Logger } from '../../io/logger.js';
import type { Endpoint } from '../broker-state.js';
import { Connection, type ConnectionStats } from './connection.js';
import type { RequestHandler } from './request-handler.js';
import { checkServerLimits, defaultServerLimits, type ServerLimits } from './server-limits.js';

/** How to start a server. */
export interface BrokerServerOptions {
  /**
   * The broker to serve, or a function that opens it once the listener is bound: a broker must
   * advertise the real address (port 0 picks a free port only at bind time).
   */
  broker: RequestHandler | ((address: Endpoint) => Promise<RequestHandler>);
  host: string;
  /** 0 picks a free port. */
  port: number;
  logger?: Logger;
  limits?: Partial<ServerLimits>;
}

/** Counters of the listener and of each open connection. */
export interface ServerStats {
  connectionsOpen: number;
  connectionsAccepted: number;
  /** Connections closed at once because `connectionsMax` were open. */
  connectionsRefused: number;
  /** Connections dropped for a protocol violation or a handler failure. */
  connectionsClosedOnError: number;
  connections: ConnectionStats[];
}

/** A listening Kafka-protocol server. */
export class BrokerServer {
  private handler: RequestHandler | null = null;
  /** Sockets accepted while the broker was still opening; bounded by connectionsMax. */
  private readonly waiting: net.Socket[] = [];
  private readonly connections = new Set<Connection>();
  private connectionsAccepted = 0;
  private connectionsRefused = 0;
  private connectionsClosedOnError = 0;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly server: net.Server,
    /** The address actually bound (the real port when 0 was asked for). */
    readonly address: Endpoint,
    readonly limits: ServerLimits,
    private readonly logger: Logger,
  ) {
    server.on('connection', (socket) => this.accept(socket));
    // After listen() succeeded, errors are accept failures (EMFILE...): the listener keeps going.
    server.on('error', (err) => logger.error(`listener on ${address.host}:${address.port}: ${err.message}`));
  }

  /** Binds `host:port`, opens the broker if given a function, then serves. */
  static async start(options: BrokerServerOptions): Promise<BrokerServer> {
    const limits = { ...defaultServerLimits, ...options.limits };
    checkServerLimits(limits);
    // Paused: nothing is read before a Connection takes the socket. Half-open: an end of input is
    // handled by the Connection (it drops the client), not answered by node with an automatic end.
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    await listen(server, options.host, options.port);
    const bound = server.address() as net.AddressInfo;
    const self = new BrokerServer(server, { host: bound.address, port: bound.port }, limits, options.logger ?? silentLogger);
    try {
      self.handler = typeof options.broker === 'function' ? await options.broker(self.address) : options.broker;
    } catch (err) {
      await self.close();
      throw err;
    }
    for (const socket of self.waiting.splice(0)) self.serve(socket);
    return self;
  }

  /** The broker being served. */
  get broker(): RequestHandler {
    if (this.handler === null) throw new Error('assertion failed: the broker is not open yet');
    return this.handler;
  }

  stats(): ServerStats {
    return {
      connectionsOpen: this.connections.size + this.waiting.length,
      connectionsAccepted: this.connectionsAccepted,
      connectionsRefused: this.connectionsRefused,
      connectionsClosedOnError: this.connectionsClosedOnError,
      connections: [...this.connections].map((c) => c.stats()),
    };
  }

  /** Stops accepting, closes every connection (dropping unsent responses) and waits for the listener to close. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.waiting.splice(0)) socket.destroy();
      for (const c of this.connections) c.close();
    });
    return this.closing;
  }

  private accept(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.connections.size + this.waiting.length >= this.limits.connectionsMax) {
      this.connectionsRefused++;
      this.logger.warn(`refusing connection from ${socket.remoteAddress}:${socket.remotePort}: max.connections (${this.limits.connectionsMax}) reached`);
      socket.destroy();
      return;
    }
    this.connectionsAccepted++;
    if (this.handler === null) {
      this.waiting.push(socket);
      socket.on('error', () => {}); // a reset while waiting just closes it; 'close' below forgets it
      socket.once('close', () => {
        const i = this.waiting.indexOf(socket);
        if (i >= 0) this.waiting.splice(i, 1);
      });
      return;
    }
    this.serve(socket);
  }

  private serve(socket: net.Socket): void {
    if (socket.destroyed) return;
    const connection = new Connection({
      socket,
      handler: this.broker,
      limits: this.limits,
      logger: this.logger,
      onClose: (c) => {
        this.connections.delete(c);
        if (c.closedOnError) this.connectionsClosedOnError++;
      },
    });
    this.connections.add(connection);
    connection.start();
  }
}

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
