/**
 * The listening side of the controller-quorum protocol: accepts TCP connections, hands Raft
 * messages to `onRaft`, and answers requests through `onRequest` on the socket they came in on.
 * A connection that sends a bad frame is closed (its peer reconnects); Raft tolerates the loss.
 */
import net from 'node:net';
import { FjordError } from '../../errors.js';
import type { Message } from '../raft/types.js';
import { decodeFrame, encodeFrame, FrameSplitter, type RequestFrame, type ResponseFrame } from './wire.js';

/** What the server does with what arrives. */
export interface QuorumServerHandlers {
  onRaft(message: Message): void;
  /**
   * The answer body, or a thrown error (FjordError codes travel to the caller). `connectionId`
   * names the connection it came in on (unique per server), as `onClosed` does.
   */
  onRequest(method: string, body: unknown, connectionId: number): Promise<unknown>;
  /** A connection ended (the peer closed it, it failed, or the server closed). */
  onClosed?(connectionId: number): void;
  /** Added to an error answer so callers can go to the leader directly. */
  leaderHint(): number | undefined;
  onError(message: string): void;
}

/** A TCP listener for controller peers and controller clients. */
export class QuorumServer {
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on host:port (port 0 picks a free one). */
  static async listen(host: string, port: number, handlers: QuorumServerHandlers): Promise<QuorumServer> {
    const server = net.createServer();
    const holder: { it?: QuorumServer } = {};
    server.on('connection', (socket) => holder.it?.accept(socket, handlers));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as net.AddressInfo;
    holder.it = new QuorumServer(server, address.port);
    return holder.it;
  }

  private accept(socket: net.Socket, handlers: QuorumServerHandlers): void {
    const where = `${socket.remoteAddress}:${socket.remotePort}`;
    const splitter = new FrameSplitter(where);
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => {
      this.sockets.delete(socket);
      handlers.onClosed?.(connectionId);
    });
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const bytes of splitter.push(chunk)) {
          const frame = decodeFrame(bytes, where);
          if (frame.kind === 'raft') handlers.onRaft(frame.message);
          else if (frame.kind === 'request') void this.answer(socket, connectionId, frame, handlers);
          else throw new FjordError('INVALID_REQUEST', `controller quorum: ${where} sent a response to a server`);
        }
      } catch (err) {
        handlers.onError(`closing quorum connection from ${where}: ${(err as Error).message}`);
        socket.destroy();
      }
    });
  }

  private async answer(socket: net.Socket, connectionId: number, frame: RequestFrame, handlers: QuorumServerHandlers): Promise<void> {
    const { id, method, body } = frame;
    let response: ResponseFrame;
    try {
      response = { kind: 'response', id, body: await handlers.onRequest(method, body, connectionId) };
    } catch (err) {
      const code = err instanceof FjordError ? err.code : 'UNKNOWN_SERVER_ERROR';
      if (!(err instanceof FjordError)) handlers.onError(`controller request ${method} failed: ${(err as Error).stack ?? String(err)}`);
      response = { kind: 'response', id, error: { code, message: (err as Error).message, leaderId: handlers.leaderHint() } };
    }
    if (!socket.destroyed) socket.write(encodeFrame(response));
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
