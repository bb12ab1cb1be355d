/**
 * A deliberately small Kafka-protocol client for the server's tests: it writes frames exactly as
 * told (valid or not, pipelined or one at a time) and matches responses to requests by order,
 * checking each correlation id, as real clients do.
 */
import net from 'node:net';
import type { Endpoint } from '../../../../core/broker/broker-state.js';
import { decodeResponse, encodeRequest, type ApiKey, type RequestOf, type ResponseOf } from '../../../../core/protocol/messages.js';

interface Expected {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  resolve: (body: unknown) => void;
  reject: (err: Error) => void;
}

/** A raw TCP connection to a Kafka-protocol broker. */
export class RawClient {
  /** Frames received, size prefix stripped, before they are matched (for tests that count them). */
  framesReceived = 0;
  /** Resolves when the socket has closed (by either side). */
  readonly closed: Promise<void>;
  private nextCorrelationId = 1;
  private expected: Expected[] = [];
  private expectedHead = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private isClosed = false;

  private constructor(readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {}); // a reset by the server shows up as 'close'
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.once('close', () => {
      this.isClosed = true;
      const unanswered = this.expected.slice(this.expectedHead);
      this.expected = [];
      this.expectedHead = 0;
      for (const e of unanswered) e.reject(new Error(`connection closed before the response to correlation id ${e.correlationId}`));
    });
  }

  static connect(address: Endpoint): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: address.host, port: address.port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** The frame of a request, for tests that write several at once or mangle it. */
  frame<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestOf<K>, correlationId = this.nextCorrelationId++): Buffer {
    return Buffer.concat(encodeRequest(apiKey, apiVersion, correlationId, 'raw-client', body));
  }

  /** Registers that the next response (in order) answers `correlationId`. */
  expect<K extends ApiKey>(apiKey: K, apiVersion: number, correlationId: number): Promise<ResponseOf<K>> {
    return new Promise((resolve, reject) => {
      this.expected.push({ apiKey, apiVersion, correlationId, resolve: resolve as (b: unknown) => void, reject });
    });
  }

  /** Sends one request and resolves with its response body. */
  request<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestOf<K>): Promise<ResponseOf<K>> {
    const correlationId = this.nextCorrelationId++;
    const response = this.expect(apiKey, apiVersion, correlationId);
    this.socket.write(this.frame(apiKey, apiVersion, body, correlationId));
    return response;
  }

  /** Sends a request that gets no response (Produce with acks=0). */
  send<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestOf<K>): void {
    this.socket.write(this.frame(apiKey, apiVersion, body));
  }

  /** Writes bytes as they are. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    // Chunks are joined only once a whole frame is there, so big responses are not copied over and over.
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= 4) {
      if (this.chunks[0].length < 4) this.join();
      const size = this.chunks[0].readInt32BE(0);
      if (this.buffered < 4 + size) return;
      this.join();
      const all = this.chunks[0];
      const frame = all.subarray(4, 4 + size);
      const rest = all.subarray(4 + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.framesReceived++;
      this.match(frame);
    }
  }

  private join(): void {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
  }

  private match(frame: Buffer): void {
    const e = this.expected[this.expectedHead];
    if (e !== undefined) this.expectedHead++;
    if (this.expectedHead === this.expected.length) {
      this.expected = [];
      this.expectedHead = 0;
    }
    if (e === undefined) {
      this.socket.destroy(new Error(`unexpected response frame of ${frame.length} bytes`));
      return;
    }
    try {
      const { correlationId, body } = decodeResponse(e.apiKey, e.apiVersion, frame);
      if (correlationId !== e.correlationId) throw new Error(`expected correlation id ${e.correlationId}, got ${correlationId}`);
      e.resolve(body);
    } catch (err) {
      e.reject(err as Error);
    }
  }
}
