/**
 * One TCP connection to one broker: opened lazily on the first request, ApiVersions negotiated
 * before anything else is written, requests pipelined up to max.in.flight.requests.per.connection
 * and matched to responses by correlation id (a broker answers in order), timed out after
 * request.timeout.ms, and reopened with exponential backoff after it is lost. Where requests
 * wait, and the bound on each place, is `PendingCalls`. Requests are encoded only when written,
 * because the version depends on the negotiation.
 */
import { FjordError } from '../../errors.js';
import { supportedApis, type ApiName, type RequestOf, type ResponseOf } from '../../broker/apis.js';
import type { Clock } from '../../io/clock.js';
import type { Logger } from '../../io/logger.js';
import type { TimerHandle, Timers } from '../../io/timers.js';
import { decodeResponse, encodeRequest, peekCorrelationId } from '../../protocol/messages.js';
import type { ByteStream, Dialer } from './byte-stream.js';
import { FrameReader } from './frame-reader.js';
import { formatAddress, type BrokerAddress, type KafkaTransportConfig } from './kafka-config.js';
import { PendingCalls, type Call } from './pending-calls.js';
import { interpretApiVersions, VersionTable } from './version-table.js';
import { requestForVersion, responseFromVersion, type TopicIds } from './version-shapes.js';

/** ApiVersions attempts per connect: the newest version, the broker's newest, then v0. */
const NEGOTIATION_ATTEMPTS_MAX = 3;
/** Sent in ApiVersions v3+ (KIP-511); must match [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?. */
const CLIENT_SOFTWARE = { clientSoftwareName: 'fjord', clientSoftwareVersion: '0.1.0' };
/** Timeout checks run this often relative to request.timeout.ms, within [10, 1000] ms. */
const SWEEPS_PER_TIMEOUT = 10;
/** Correlation ids wrap before int32 overflows. */
const CORRELATION_ID_MAX = 0x7fffffff;

/**
 * A request that failed at the connection level: NETWORK_EXCEPTION (could not connect, or the
 * connection was lost) or REQUEST_TIMED_OUT. `sent` says whether it may have reached the broker;
 * one that was never written is safe to send again whatever the API.
 */
export class ConnectionError extends FjordError {
  constructor(code: 'NETWORK_EXCEPTION' | 'REQUEST_TIMED_OUT', message: string, readonly sent: boolean, cause?: unknown) {
    super(code, message, { cause, retriable: true });
  }
}

export interface ConnectionOptions {
  /** The broker's node id (negative for a bootstrap address whose id is not known yet). */
  nodeId: number;
  address: BrokerAddress;
  config: KafkaTransportConfig;
  dial: Dialer;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  topicIds: TopicIds;
}

export interface SendOptions {
  /** False for a Produce with acks=0: the broker sends nothing back; resolve null once written. */
  expectResponse?: boolean;
  /** Added to request.timeout.ms for requests the broker may hold on purpose (Fetch max wait, JoinGroup). */
  extraTimeoutMs?: number;
}

type State = 'idle' | 'connecting' | 'ready' | 'closed';

export class BrokerConnection {
  readonly nodeId: number;
  readonly address: BrokerAddress;
  /** Names the broker in errors: "broker 2 at 127.0.0.1:9092". */
  readonly description: string;
  private state: State = 'idle';
  private stream: ByteStream | null = null;
  private table: VersionTable | null = null;
  private readonly calls: PendingCalls;
  private readonly readyWaiters: { resolve(t: VersionTable): void; reject(e: Error): void }[] = [];
  private handshake: { correlationId: number; resolve(frame: Buffer): void; reject(e: Error): void } | null = null;
  private frames: FrameReader;
  private nextCorrelationId = 0;
  private consecutiveFailures = 0;
  private nextConnectAtMs = 0;
  private sweepTimer: TimerHandle | null = null;
  private active = false;

  constructor(private readonly options: ConnectionOptions) {
    this.nodeId = options.nodeId;
    this.address = options.address;
    const who = options.nodeId >= 0 ? `broker ${options.nodeId}` : 'bootstrap broker';
    this.description = `${who} at ${formatAddress(options.address)}`;
    this.frames = new FrameReader(options.config.receiveMessageMaxBytes);
    this.calls = new PendingCalls(options.config.maxInFlightRequestsPerConnection, options.config.queuedRequestsMax);
  }

  /** The negotiated versions, once connected. */
  get versions(): VersionTable | null {
    return this.table;
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  /**
   * True after a failed or lost connection while the reconnect backoff runs: a request sent now
   * would only wait for the next attempt. (Kafka's NetworkClient is not `ready` then either, and
   * a producer keeps such a node's batches back and refreshes metadata instead.)
   */
  get inReconnectBackoff(): boolean {
    return this.state !== 'ready' && this.state !== 'closed' && this.consecutiveFailures > 0 && this.options.clock.nowMs() < this.nextConnectAtMs;
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Requests accepted and not yet answered: in flight, queued and blocked. */
  get pendingRequests(): number {
    return this.calls.count;
  }

  /** How many requests are in flight, queued and blocked (for tests and diagnostics). */
  pendingSizes(): { inFlight: number; queued: number; blocked: number } {
    return this.calls.sizes();
  }

  /** Connects (if needed) and resolves with the broker's versions. */
  ready(): Promise<VersionTable> {
    if (this.state === 'ready' && this.table) return Promise.resolve(this.table);
    if (this.state === 'closed') return Promise.reject(this.closedError());
    const p = new Promise<VersionTable>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    if (this.state === 'idle') this.connect();
    return p;
  }

  /**
   * Sends one request in the newest shape; it is converted to the negotiated version when
   * written and the response converted back. Rejects with NETWORK_EXCEPTION when the
   * connection fails or is lost before the answer, REQUEST_TIMED_OUT after request.timeout.ms,
   * UNSUPPORTED_VERSION when the broker does not speak the API in a version Fjord knows.
   */
  send<K extends ApiName>(api: K, body: RequestOf<K>, options: SendOptions = {}): Promise<ResponseOf<K> | null> {
    if (this.state === 'closed') return Promise.reject(this.closedError());
    return new Promise<ResponseOf<K> | null>((resolve, reject) => {
      const timeoutMs = this.options.config.requestTimeoutMs + (options.extraTimeoutMs ?? 0);
      const call: Call = {
        api,
        body,
        expectResponse: options.expectResponse ?? true,
        timeoutMs,
        deadlineMs: this.options.clock.nowMs() + timeoutMs,
        correlationId: -1,
        version: -1,
        resolve: resolve as (r: unknown) => void,
        reject,
      };
      this.calls.accept(call);
      this.pump();
    });
  }

  /** Fails everything pending with CLOSED and closes the socket. Idempotent. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const err = this.closedError();
    this.stopSweeping();
    this.handshake?.reject(err);
    for (const w of this.readyWaiters.splice(0)) w.reject(err);
    this.failAll(err);
    this.stream?.close();
    this.stream = null;
  }

  private closedError(): FjordError {
    return new FjordError('CLOSED', `the connection to ${this.description} is closed`);
  }

  private pump(): void {
    if (this.state === 'idle' && this.pendingRequests > 0) this.connect();
    if (this.state === 'ready') {
      for (let call = this.calls.nextToWrite(); call; call = this.calls.nextToWrite()) this.write(call);
    }
    this.updateActivity();
  }

  private write(call: Call): void {
    let chunks: Buffer[];
    try {
      call.version = this.table!.versionFor(call.api);
      const wire = requestForVersion(call.api, call.version, call.body as RequestOf<ApiName>, this.options.topicIds);
      call.correlationId = this.correlationId();
      chunks = encodeRequest(supportedApis[call.api].apiKey, call.version, call.correlationId, this.options.config.clientId, wire);
    } catch (err) {
      call.reject(err as Error);
      return;
    }
    const stream = this.stream!;
    // The wait for an answer starts now; the time spent queued had its own limit.
    call.deadlineMs = this.options.clock.nowMs() + call.timeoutMs;
    if (call.expectResponse) {
      this.calls.awaitAnswer(call);
      // A failed write closes the stream, and onStreamClosed fails what is in flight.
      stream.write(chunks, () => {});
      return;
    }
    this.calls.startWrite();
    stream.write(chunks, (err) => {
      this.calls.written();
      if (err) call.reject(this.networkError(`writing ${call.api} to`, err, true));
      else call.resolve(null);
      this.pump();
    });
  }

  private correlationId(): number {
    const id = this.nextCorrelationId;
    this.nextCorrelationId = id >= CORRELATION_ID_MAX ? 0 : id + 1;
    return id;
  }

  private connect(): void {
    this.state = 'connecting';
    this.startSweeping();
    const delayMs = Math.max(0, this.nextConnectAtMs - this.options.clock.nowMs());
    if (delayMs === 0) void this.open();
    else this.options.timers.setTimeout(() => void this.open(), delayMs);
  }

  private async open(): Promise<void> {
    if (this.state !== 'connecting') return;
    try {
      const stream = await this.options.dial(this.address, this.options.config.connectionSetupTimeoutMs);
      if (this.state !== 'connecting') {
        stream.close();
        return;
      }
      this.attach(stream);
      const table = await this.negotiate();
      if (this.state !== 'connecting') return;
      this.table = table;
      this.state = 'ready';
      this.consecutiveFailures = 0;
      for (const w of this.readyWaiters.splice(0)) w.resolve(table);
      this.pump();
    } catch (err) {
      this.onConnectFailed(err as Error);
    }
  }

  private attach(stream: ByteStream): void {
    this.stream = stream;
    // A fresh socket keeps the process alive until updateActivity says otherwise.
    this.active = true;
    this.frames = new FrameReader(this.options.config.receiveMessageMaxBytes);
    stream.onData((chunk) => this.onData(stream, chunk));
    stream.onClose((err) => this.onStreamClosed(stream, err));
  }

  private async negotiate(): Promise<VersionTable> {
    let version = supportedApis.ApiVersions.maxVersion;
    for (let attempt = 1; attempt <= NEGOTIATION_ATTEMPTS_MAX; attempt++) {
      const frame = await this.exchangeApiVersions(version);
      const outcome = interpretApiVersions(frame, version, this.description);
      if (outcome.kind === 'done') return VersionTable.fromResponse(outcome.response, this.description, this.options.config.apiVersionsMax);
      version = outcome.version;
    }
    throw new FjordError('UNSUPPORTED_VERSION', `${this.description} accepted no ApiVersions version in ${NEGOTIATION_ATTEMPTS_MAX} attempts`, { retriable: false });
  }

  private exchangeApiVersions(version: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const correlationId = this.correlationId();
      const timer = this.options.timers.setTimeout(() => {
        this.handshake = null;
        reject(new FjordError('REQUEST_TIMED_OUT', `${this.description} did not answer ApiVersions within ${this.options.config.connectionSetupTimeoutMs} ms`));
      }, this.options.config.connectionSetupTimeoutMs);
      const settle = (): void => {
        this.options.timers.clearTimeout(timer);
        this.handshake = null;
      };
      this.handshake = {
        correlationId,
        resolve: (frame) => (settle(), resolve(frame)),
        reject: (err) => (settle(), reject(err)),
      };
      this.stream!.write(encodeRequest(supportedApis.ApiVersions.apiKey, version, correlationId, this.options.config.clientId, CLIENT_SOFTWARE), () => {});
    });
  }

  private onConnectFailed(err: Error): void {
    if (this.state === 'closed') return;
    this.stream?.close();
    this.stream = null;
    this.table = null;
    this.state = 'idle';
    this.backOff();
    const failure = err instanceof FjordError && !err.retriable ? err : this.networkError('cannot connect to', err, false);
    this.options.logger.warn(failure.message);
    for (const w of this.readyWaiters.splice(0)) w.reject(failure);
    this.failAll(failure);
    this.updateActivity();
  }

  private backOff(): void {
    this.consecutiveFailures++;
    const { reconnectBackoffMs, reconnectBackoffMaxMs } = this.options.config;
    const backoffMs = Math.min(reconnectBackoffMaxMs, reconnectBackoffMs * 2 ** Math.min(this.consecutiveFailures - 1, 20));
    this.nextConnectAtMs = this.options.clock.nowMs() + backoffMs;
  }

  private onData(stream: ByteStream, chunk: Buffer): void {
    if (stream !== this.stream) return;
    try {
      this.frames.push(chunk, (frame) => this.onFrame(frame));
    } catch (err) {
      this.lose(err as Error);
    }
  }

  private onFrame(frame: Buffer): void {
    const correlationId = peekCorrelationId(frame);
    if (this.handshake) {
      if (correlationId !== this.handshake.correlationId) throw this.desync(correlationId, this.handshake.correlationId);
      this.handshake.resolve(frame);
      return;
    }
    const call = this.calls.oldestInFlight();
    if (!call) throw this.desync(correlationId, null);
    if (correlationId !== call.correlationId) throw this.desync(correlationId, call.correlationId);
    this.calls.answered();
    try {
      const decoded = decodeResponse(supportedApis[call.api].apiKey, call.version, frame).body;
      call.resolve(responseFromVersion(call.api, call.version, decoded as ResponseOf<ApiName>, call.body as RequestOf<ApiName>, this.options.topicIds));
    } catch (err) {
      // The frame boundaries are intact, so only this response is lost; the connection stays.
      call.reject(this.undecodable(call, err as Error));
    }
    this.pump();
  }

  private undecodable(call: Call, err: Error): FjordError {
    const hint = 'if this broker encodes that version wrongly, cap it with the apiVersionsMax setting';
    return new FjordError('CORRUPT_MESSAGE', `${call.api} v${call.version} response from ${this.description} does not parse: ${err.message} (${hint})`, { cause: err, retriable: false });
  }

  private desync(got: number, expected: number | null): FjordError {
    const want = expected === null ? 'no request was waiting' : `expected ${expected}`;
    return new FjordError('CORRUPT_MESSAGE', `${this.description} answered correlation id ${got}, ${want}`, { retriable: true });
  }

  private onStreamClosed(stream: ByteStream, err: Error | null): void {
    if (stream !== this.stream) return;
    this.lose(err ?? new Error('closed by the broker'));
  }

  /** The connection is gone: in-flight requests fail, queued ones wait for the reconnect. */
  private lose(cause: Error, timedOut?: Call): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting') {
      const failure = this.networkError('lost the connection during setup to', cause, false);
      if (this.handshake) this.handshake.reject(failure);
      else this.onConnectFailed(failure);
      return;
    }
    this.stream?.close();
    this.stream = null;
    this.table = null;
    this.state = 'idle';
    this.backOff();
    const lost = this.networkError('lost the connection before the response from', cause, true);
    for (const call of this.calls.takeInFlight()) call.reject(call === timedOut ? this.timeoutError(call, true) : lost);
    this.pump();
  }

  private networkError(what: string, cause: Error, sent: boolean): ConnectionError {
    if (cause instanceof ConnectionError && cause.sent === sent) return cause;
    return new ConnectionError('NETWORK_EXCEPTION', `${what} ${this.description}: ${cause.message}`, sent, cause);
  }

  private timeoutError(call: Call, sent: boolean): ConnectionError {
    const waited = sent ? 'got no response' : 'could not be sent';
    return new ConnectionError('REQUEST_TIMED_OUT', `${call.api} to ${this.description} ${waited} within ${call.timeoutMs} ms (request.timeout.ms ${this.options.config.requestTimeoutMs} plus what the broker may hold it)`, sent);
  }

  private failAll(err: Error): void {
    for (const call of this.calls.takeAll()) call.reject(err);
  }

  private startSweeping(): void {
    if (this.sweepTimer) return;
    const everyMs = Math.min(1000, Math.max(10, Math.floor(this.options.config.requestTimeoutMs / SWEEPS_PER_TIMEOUT)));
    this.sweepTimer = this.options.timers.setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
      if (this.pendingRequests > 0 && this.state !== 'closed') this.startSweeping();
    }, everyMs);
    this.sweepTimer.unref?.();
  }

  private stopSweeping(): void {
    if (this.sweepTimer) this.options.timers.clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
  }

  /**
   * Times out what waited too long. An unanswered in-flight request means the stream can no
   * longer be trusted (a late answer would arrive out of turn), so the connection is closed;
   * a request still queued never reached the broker and just fails.
   */
  private sweep(): void {
    const now = this.options.clock.nowMs();
    const late = this.calls.lateInFlight(now);
    if (late) this.lose(new Error('a request timed out'), late);
    for (const call of this.calls.takeExpiredWaiting(now)) call.reject(this.timeoutError(call, false));
    this.updateActivity();
  }

  /** An idle connection must not keep the process alive; one with requests waiting must. */
  private updateActivity(): void {
    const active = this.pendingRequests > 0;
    if (active) this.startSweeping();
    if (active === this.active || !this.stream) return;
    this.active = active;
    this.stream.setActive(active);
  }
}
