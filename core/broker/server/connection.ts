/**
 * One client connection of the Kafka-protocol listener: frames in, decoded requests to the
 * broker, encoded responses out in request order. Everything here is transport plumbing; what a
 * request means is the broker's business.
 *
 * Back-pressure: the connection stops reading its socket while it has `inFlightRequestsMax`
 * requests unanswered or `inFlightBytesMax` bytes pinned (requests plus responses not yet handed
 * to the socket), and stops writing while the socket asks for 'drain'. A client that never reads
 * therefore stalls only itself, with bounded memory.
 */
import type { Socket } from 'node:net';
import { FjordError } from '../../errors.js';
import type { Logger } from '../../io/logger.js';
import { decodeRequestBody, decodeRequestHeader, encodeResponse, type DecodedRequestHeader } from '../../protocol/messages.js';
import type { ApiVersionsResponse } from '../../protocol/generated/api-versions.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { RequestContext } from '../broker-state.js';
import { FrameDecoder, SIZE_PREFIX_BYTES } from './frame-decoder.js';
import { API_VERSIONS_KEY, apiLabel, routedApi, supportsVersion, type RequestHandler, type RoutedApi } from './request-handler.js';
import { ResponseQueue, type PendingRequest } from './response-queue.js';
import type { ServerLimits } from './server-limits.js';

/** Counters of one connection, for tests and operators. */
export interface ConnectionStats {
  /** `host:port` of the client. */
  remote: string;
  bytesRead: number;
  requestsRead: number;
  responsesWritten: number;
  /** Requests read whose responses are not yet written (acks=0 produces included until passed). */
  inFlightRequests: number;
  /** Bytes pinned: unanswered request frames plus responses waiting for the socket. */
  inFlightBytes: number;
  /** Bytes received but not yet a whole frame, or whole frames held back by the limits. */
  bufferedBytes: number;
  /** Whether reading the socket is paused by the limits. */
  readPaused: boolean;
  /** How often the limits paused reading. */
  readPauses: number;
  /** Whether writing waits for the socket's 'drain'. */
  waitingForDrain: boolean;
}

/** How a connection was set up. */
export interface ConnectionOptions {
  socket: Socket;
  handler: RequestHandler;
  limits: ServerLimits;
  logger: Logger;
  /** Called once when the socket has closed, for whatever reason. */
  onClose: (connection: Connection) => void;
}

/** One client connection. */
export class Connection {
  readonly remote: string;
  /** Set when the connection was dropped for a protocol violation or a handler failure. */
  closedOnError = false;
  private readonly socket: Socket;
  private readonly decoder: FrameDecoder;
  private readonly queue = new ResponseQueue();
  private closed = false;
  private readPaused = true; // the server accepts sockets paused (pauseOnConnect)
  private waitingForDrain = false;
  private pumpScheduled = false;
  private bytesRead = 0;
  private requestsRead = 0;
  private responsesWritten = 0;
  private readPauses = 0;

  constructor(private readonly options: ConnectionOptions) {
    this.socket = options.socket;
    this.remote = formatRemote(options.socket);
    this.decoder = new FrameDecoder(options.limits.requestBytesMax);
  }

  /** Starts reading; the socket must have been accepted paused. */
  start(): void {
    const s = this.socket;
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('end', () => this.onEnd());
    s.on('drain', () => this.onDrain());
    s.on('error', (err) => this.options.logger.info(`connection from ${this.remote}: ${err.message}`));
    s.on('close', () => this.onSocketClose());
    this.pump();
  }

  stats(): ConnectionStats {
    return {
      remote: this.remote,
      bytesRead: this.bytesRead,
      requestsRead: this.requestsRead,
      responsesWritten: this.responsesWritten,
      inFlightRequests: this.queue.length,
      inFlightBytes: this.queue.bytes,
      bufferedBytes: this.decoder.bufferedBytes,
      readPaused: this.readPaused,
      readPauses: this.readPauses,
      waitingForDrain: this.waitingForDrain,
    };
  }

  /** Closes the connection without a word to the client (server shutdown); pending responses are dropped. */
  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.bytesRead += chunk.length;
    this.decoder.push(chunk);
    this.pump();
  }

  /**
   * Dispatches the next buffered frame if the limits allow, then pauses or resumes the socket.
   * One frame per event-loop turn: the handler's synchronous part runs and its response counts
   * against the limits before the next request is admitted (a synchronous loop over a chunk of
   * pipelined Fetches would admit them all before any response size were known).
   */
  private pump(): void {
    if (this.closed || this.pumpScheduled) return;
    if (!this.mayDispatch()) {
      this.pauseReading();
      return;
    }
    let frame: Buffer | null;
    try {
      frame = this.decoder.next();
    } catch (err) {
      this.drop((err as Error).message);
      return;
    }
    if (frame !== null) {
      this.dispatch(frame);
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
    if (this.closed) return;
    if (this.mayRead()) this.resumeReading();
    else this.pauseReading();
  }

  /**
   * Whether another request may be taken: not while the client leaves its responses unread,
   * nor with too many requests or bytes in flight. With nothing in flight one request is always
   * admitted, so a request of up to requestBytesMax gets through whatever inFlightBytesMax is.
   */
  private mayDispatch(): boolean {
    if (this.waitingForDrain) return false;
    const n = this.queue.length;
    return n === 0 || (n < this.options.limits.inFlightRequestsMax && this.queue.bytes < this.options.limits.inFlightBytesMax);
  }

  /**
   * Whether to read more from the socket: only if requests may be dispatched, and, once the
   * bytes held (in flight plus buffered) reach inFlightBytesMax, only to complete a frame.
   */
  private mayRead(): boolean {
    if (!this.mayDispatch()) return false;
    if (this.queue.bytes + this.decoder.bufferedBytes < this.options.limits.inFlightBytesMax) return true;
    return !this.decoder.hasCompleteFrame;
  }

  private pauseReading(): void {
    if (this.readPaused) return;
    this.readPaused = true;
    this.readPauses++;
    this.socket.pause();
  }

  private resumeReading(): void {
    if (!this.readPaused) return;
    this.readPaused = false;
    this.socket.resume();
  }

  /** Handles one whole frame: header, routing, body, then hands the request to the broker. */
  private dispatch(frame: Buffer): void {
    this.requestsRead++;
    let header: DecodedRequestHeader;
    try {
      header = decodeRequestHeader(frame);
    } catch (err) {
      this.drop(`malformed request header (${frame.length} bytes): ${(err as Error).message}`);
      return;
    }
    const label = apiLabel(header.apiKey, header.apiVersion);
    const api = routedApi(header.apiKey);
    if (api === undefined) {
      this.drop(`unsupported api key ${header.apiKey} (${label}, correlation id ${header.correlationId})`);
    } else if (!supportsVersion(api, header.apiVersion)) {
      if (api.apiKey === API_VERSIONS_KEY) this.answerUnknownApiVersions(header, frame.length);
      else this.drop(`${label} is not supported (supported: v${api.minVersion}-v${api.maxVersion}; correlation id ${header.correlationId})`);
    } else {
      this.decodeAndHandle(api, header, frame, label);
    }
  }

  private decodeAndHandle(api: RoutedApi, header: DecodedRequestHeader, frame: Buffer, label: string): void {
    let body: unknown;
    try {
      body = decodeRequestBody(header.apiKey, header.apiVersion, frame, header.headerBytes);
    } catch (err) {
      this.drop(`malformed ${label} request (correlation id ${header.correlationId}): ${(err as Error).message}`);
      return;
    }
    const entry = this.queue.add(header.correlationId, frame.length + SIZE_PREFIX_BYTES);
    this.settle(this.call(api, body, header), (response) => this.respond(entry, header, header.apiVersion, response), header, label);
  }

  /**
   * An ApiVersions request in a version this broker does not know: answer in v0 with
   * UNSUPPORTED_VERSION and the supported ranges, as Kafka does; the client retries lower.
   */
  private answerUnknownApiVersions(header: DecodedRequestHeader, frameBytes: number): void {
    this.options.logger.info(`${this.remote} asked for ApiVersions v${header.apiVersion}; answering UNSUPPORTED_VERSION in v0`);
    const entry = this.queue.add(header.correlationId, frameBytes + SIZE_PREFIX_BYTES);
    const v0: DecodedRequestHeader = { ...header, apiVersion: 0 };
    const withError = (response: unknown): void =>
      this.respond(entry, header, 0, { ...(response as ApiVersionsResponse), errorCode: errorCode('UNSUPPORTED_VERSION') });
    this.settle(this.call(routedApi(API_VERSIONS_KEY)!, {}, v0), withError, header, apiLabel(header.apiKey, header.apiVersion));
  }

  /** Calls the broker; a synchronous throw becomes a rejection so both paths are handled alike. */
  private call(api: RoutedApi, body: unknown, header: DecodedRequestHeader): Promise<unknown> {
    const ctx: RequestContext = { apiVersion: header.apiVersion, clientId: header.clientId ?? '', clientHost: this.socket.remoteAddress ?? '' };
    try {
      return this.options.handler.handle(api.name, body as never, ctx);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Routes a handler's outcome; a throw while answering is treated like a handler failure, never left unhandled. */
  private settle(result: Promise<unknown>, onResponse: (response: unknown) => void, header: DecodedRequestHeader, label: string): void {
    result.then(onResponse).catch((err: unknown) => this.handlerFailed(header, label, err));
  }

  private respond(entry: PendingRequest, header: DecodedRequestHeader, responseVersion: number, response: unknown): void {
    if (this.closed) return; // the client is gone; its responses were dropped
    let chunks: Buffer[] | null = null;
    if (response !== null) {
      try {
        chunks = encodeResponse(header.apiKey, responseVersion, header.correlationId, response);
      } catch (err) {
        this.handlerFailed(header, apiLabel(header.apiKey, header.apiVersion), err);
        return;
      }
    }
    this.queue.complete(entry, chunks);
    this.flush();
  }

  private handlerFailed(header: DecodedRequestHeader, label: string, err: unknown): void {
    if (this.closed) return;
    if (err instanceof FjordError && err.code === 'UNSUPPORTED_VERSION') {
      this.drop(`${err.message} (${label}, correlation id ${header.correlationId})`);
      return;
    }
    if (err instanceof FjordError && err.code === 'CLOSED') {
      this.options.logger.info(`closing connection from ${this.remote}: the broker is shutting down`);
      this.close();
      return;
    }
    // Anything else is a bug in a handler or an encoder: keep the process, lose the connection.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.options.logger.error(`closing connection from ${this.remote}: ${label} (correlation id ${header.correlationId}) failed: ${detail}`);
    this.closedOnError = true;
    this.close();
  }

  /** Writes settled responses from the head of the queue until one is still pending or the socket is full. */
  private flush(): void {
    if (this.waitingForDrain || this.closed) return;
    this.socket.cork(); // one vectored write for everything settled now; record buffers are not copied
    try {
      for (let entry = this.queue.takeReady(); entry !== undefined; entry = this.queue.takeReady()) {
        if (entry.state === 'none') continue;
        for (const chunk of entry.chunks) this.socket.write(chunk);
        this.responsesWritten++;
        if (this.socket.writableNeedDrain) {
          this.waitingForDrain = true;
          break;
        }
      }
    } finally {
      this.socket.uncork();
    }
    if (this.readPaused) this.pump();
  }

  private onDrain(): void {
    if (!this.waitingForDrain) return;
    this.waitingForDrain = false;
    this.flush();
  }

  /** End of input: Kafka clients never half-close, so the client has gone. */
  private onEnd(): void {
    this.clientGone();
  }

  /** Logs one line naming the client and the reason, and drops only this connection. */
  private drop(reason: string): void {
    this.options.logger.warn(`closing connection from ${this.remote}: ${reason}`);
    this.closedOnError = true;
    this.close();
  }

  private onSocketClose(): void {
    this.clientGone();
    this.options.onClose(this);
  }

  /**
   * The client left (FIN or reset). Requests it sent whole are still handled, as Kafka's graceful
   * close does (an acks=0 producer closes right after writing and expects its batches appended);
   * their responses, and any partial request, are dropped. One log line if anything was left.
   */
  private clientGone(): void {
    if (this.closed) return;
    const handledLate = this.dispatchRemaining();
    if (this.closed) return; // a remaining frame was malformed: drop() said so
    this.closed = true;
    const unanswered = this.queue.length;
    const partial = this.decoder.hasPartialFrame;
    if (unanswered > 0 || partial) {
      const parts = [
        handledLate > 0 ? `${handledLate} buffered request(s) still handled` : '',
        unanswered > 0 ? `${unanswered} response(s) dropped` : '',
        partial ? `a partial request (${this.decoder.bufferedBytes} bytes) dropped` : '',
      ];
      this.options.logger.info(`client ${this.remote} disconnected: ${parts.filter(Boolean).join(', ')}`);
    }
    this.queue.clear();
    this.socket.destroy();
  }

  /**
   * Dispatches every whole frame still buffered, ignoring the limits: their responses will never
   * be written, and what is buffered is already bounded by inFlightBytesMax.
   */
  private dispatchRemaining(): number {
    let count = 0;
    while (!this.closed && this.decoder.hasCompleteFrame) {
      let frame: Buffer | null;
      try {
        frame = this.decoder.next();
      } catch {
        break; // a bad size prefix: nothing after it can be read
      }
      if (frame === null) break;
      this.dispatch(frame);
      count++;
    }
    return count;
  }
}

function formatRemote(socket: Socket): string {
  const host = socket.remoteAddress ?? 'unknown';
  return `${host.includes(':') ? `[${host}]` : host}:${socket.remotePort ?? 0}`;
}
