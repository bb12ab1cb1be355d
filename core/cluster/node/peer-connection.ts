/**
 * The dialing side of the controller-quorum protocol: one TCP connection to one address, opened
 * on first use and re-opened after a failure (no sooner than `reconnectBackoffMs`). Raft messages
 * are fire-and-forget: while the connection is down they queue up to `queuedFramesMax` and the
 * oldest are dropped beyond that (Raft retransmits). Requests get a correlated answer or a
 * retriable error (NETWORK_EXCEPTION, REQUEST_TIMED_OUT).
 */
import net from 'node:net';
import { FjordError } from '../../errors.js';
import type { Message } from '../raft/types.js';
import { decodeFrame, encodeFrame, FrameSplitter, type QuorumFrame, type ResponseFrame } from './wire.js';

/** Limits of one peer connection. */
export interface PeerConnectionOptions {
  readonly reconnectBackoffMs: number;
  readonly queuedFramesMax: number;
  readonly connectTimeoutMs: number;
}

export const PEER_CONNECTION_DEFAULTS: PeerConnectionOptions = { reconnectBackoffMs: 100, queuedFramesMax: 1024, connectTimeoutMs: 2000 };

interface Pending {
  readonly resolve: (body: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** A connection to one quorum endpoint (see the file comment). */
export class PeerConnection {
  private socket: net.Socket | null = null;
  private connected = false;
  private nextAttemptMs = 0;
  private queue: Buffer[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: PeerConnectionOptions = PEER_CONNECTION_DEFAULTS,
  ) {}

  /** Sends a Raft message, dropping it if the peer is unreachable for now. */
  sendRaft(message: Message): void {
    this.write(encodeFrame({ kind: 'raft', message }));
  }

  /** Calls `method` on the endpoint; rejects with a FjordError carrying the remote code. */
  request(method: string, body: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new FjordError('CLOSED', `connection to ${this.where()} is closed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new FjordError('REQUEST_TIMED_OUT', `controller request ${method} to ${this.where()} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      if (!this.write(encodeFrame({ kind: 'request', id, method, body }))) {
        this.fail(id, new FjordError('NETWORK_EXCEPTION', `controller request ${method}: cannot reach ${this.where()} (reconnecting)`));
      }
    });
  }

  /** Closes the connection and fails every pending request. */
  close(): void {
    this.closed = true;
    this.reset(new FjordError('CLOSED', `connection to ${this.where()} closed`));
  }

  private where(): string {
    return `${this.host}:${this.port}`;
  }

  /** Writes or queues a frame; false when it was dropped because the peer is in backoff. */
  private write(frame: Buffer): boolean {
    if (this.closed) return false;
    if (this.connected && this.socket !== null) {
      this.socket.write(frame);
      return true;
    }
    if (this.socket === null && !this.connect()) return false;
    this.queue.push(frame);
    if (this.queue.length > this.options.queuedFramesMax) this.queue.shift();
    return true;
  }

  private connect(): boolean {
    const now = Date.now();
    if (now < this.nextAttemptMs) return false;
    this.nextAttemptMs = now + this.options.reconnectBackoffMs;
    const socket = net.connect({ host: this.host, port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.options.connectTimeoutMs, () => {
      if (!this.connected) socket.destroy(new Error(`connect timed out after ${this.options.connectTimeoutMs} ms`));
    });
    const splitter = new FrameSplitter(this.where());
    socket.on('connect', () => {
      socket.setTimeout(0);
      this.connected = true;
      for (const f of this.queue) socket.write(f);
      this.queue = [];
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const bytes of splitter.push(chunk)) this.onFrame(decodeFrame(bytes, this.where()));
      } catch (err) {
        socket.destroy(err as Error);
      }
    });
    socket.on('error', () => {}); // 'close' follows and does the work
    socket.on('close', () => {
      if (this.socket === socket) this.reset(new FjordError('NETWORK_EXCEPTION', `connection to ${this.where()} was lost`));
    });
    return true;
  }

  private onFrame(frame: QuorumFrame): void {
    if (frame.kind !== 'response') return; // peers send Raft messages to our own server, not back here
    const p = this.pending.get(frame.id);
    if (p === undefined) return; // timed out already
    this.pending.delete(frame.id);
    clearTimeout(p.timer);
    if (frame.error === undefined) p.resolve(frame.body);
    else p.reject(remoteError(frame.error));
  }

  private fail(id: number, err: Error): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.reject(err);
  }

  private reset(err: Error): void {
    this.socket?.destroy();
    this.socket = null;
    this.connected = false;
    this.queue = [];
    for (const id of [...this.pending.keys()]) this.fail(id, err);
  }
}

/** A remote error as a FjordError; `leaderId` rides along for NOT_CONTROLLER redirects. */
export class RemoteControllerError extends FjordError {
  constructor(
    code: ConstructorParameters<typeof FjordError>[0],
    message: string,
    readonly leaderId: number | undefined,
  ) {
    super(code, message);
  }
}

function remoteError(e: NonNullable<ResponseFrame['error']>): RemoteControllerError {
  return new RemoteControllerError(e.code as ConstructorParameters<typeof FjordError>[0], e.message, e.leaderId);
}
