/**
 * The network seam of the kafka transport: a connection only needs to dial an address, write
 * chunks, hear bytes and closes. `tcpDialer` is the real one (node:net); tests pass their own.
 */
import net from 'node:net';
import { FjordError } from '../../errors.js';
import { formatAddress, type BrokerAddress } from './kafka-config.js';

/** A connected, ordered byte stream to one broker. */
export interface ByteStream {
  /** Writes the chunks in order (one vectored write); `onWritten` runs once they left the process. */
  write(chunks: Buffer[], onWritten: (err?: Error | null) => void): void;
  /** Bytes as they arrive. Set once. */
  onData(listener: (chunk: Buffer) => void): void;
  /** The stream ended, with the error that ended it if any. Called at most once. */
  onClose(listener: (err: Error | null) => void): void;
  close(): void;
  /** Whether the stream should keep the process alive (it should while requests wait on it). */
  setActive(active: boolean): void;
}

/** Opens a stream to an address, failing within `timeoutMs`. */
export type Dialer = (address: BrokerAddress, timeoutMs: number) => Promise<ByteStream>;

/** Dials over TCP with Nagle off: requests are whole frames written at once, so delaying them only adds latency. */
export const tcpDialer: Dialer = (address, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: address.host, port: address.port, noDelay: true });
    const timer = setTimeout(() => socket.destroy(new FjordError('NETWORK_EXCEPTION', `connecting to ${formatAddress(address)} took over ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(err instanceof FjordError ? err : new FjordError('NETWORK_EXCEPTION', err.message, { cause: err }));
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(new TcpStream(socket));
    });
  });

class TcpStream implements ByteStream {
  private closeListener: ((err: Error | null) => void) | null = null;
  private closedWith: { err: Error | null } | null = null;

  constructor(private readonly socket: net.Socket) {
    let error: Error | null = null;
    socket.on('error', (err) => (error = err));
    socket.on('close', () => {
      this.closedWith = { err: error };
      this.closeListener?.(error);
    });
  }

  write(chunks: Buffer[], onWritten: (err?: Error | null) => void): void {
    // cork/uncork turns the chunks into one writev: the header and the record batches it references go out together.
    this.socket.cork();
    for (let i = 0; i < chunks.length - 1; i++) this.socket.write(chunks[i]);
    this.socket.write(chunks[chunks.length - 1], onWritten);
    this.socket.uncork();
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.socket.on('data', listener);
  }

  onClose(listener: (err: Error | null) => void): void {
    this.closeListener = listener;
    if (this.closedWith) listener(this.closedWith.err);
  }

  close(): void {
    this.socket.destroy();
  }

  setActive(active: boolean): void {
    if (active) this.socket.ref();
    else this.socket.unref();
  }
}
