/**
 * An in-memory Kafka broker for the kafka transport's tests: a `Dialer` hands the transport
 * in-memory streams whose request frames are decoded with Fjord's codecs and answered by
 * per-API handlers a test sets. Answers leave in request order per stream, as a broker's do,
 * even when a test holds one back and releases it later.
 */
import { FjordError } from '../../../../core/errors.js';
import { supportedApis, type ApiName, type ApiRange } from '../../../../core/broker/apis.js';
import type { ByteStream, Dialer } from '../../../../core/client/kafka/byte-stream.js';
import { formatAddress, type BrokerAddress } from '../../../../core/client/kafka/kafka-config.js';
import { decodeRequestBody, decodeRequestHeader, encodeResponse } from '../../../../core/protocol/messages.js';

/** Returned by a handler that answers later through `request.reply()`. */
export const HOLD = Symbol('hold');
/** Returned by a handler that never answers (acks=0 Produce, or a broker that hangs). */
export const NO_REPLY = Symbol('no reply');

export interface FakeRequest {
  api: ApiName;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  // Tests read whatever fields they assert on; the codecs already typed them.
  body: any;
  broker: FakeBroker;
  stream: FakeStream;
  /** Answers a held request (in order with the stream's other answers). */
  reply(body: unknown): void;
}

export type FakeHandler = (req: FakeRequest) => any;

const apiByKey = new Map<number, ApiName>((Object.entries(supportedApis) as [ApiName, ApiRange][]).map(([name, r]) => [r.apiKey, name]));

export class FakeStream implements ByteStream {
  closed = false;
  active = true;
  readonly activity: boolean[] = [];
  private dataListener: ((chunk: Buffer) => void) | null = null;
  private closeListener: ((err: Error | null) => void) | null = null;
  /** Answers in request order: a slot per request, sent once every earlier slot is filled. */
  private readonly slots: { chunks: Buffer[] | null }[] = [];

  constructor(readonly broker: FakeBroker) {}

  write(chunks: Buffer[], onWritten: (err?: Error | null) => void): void {
    if (this.closed) {
      queueMicrotask(() => onWritten(new Error('write EPIPE')));
      return;
    }
    const frame = Buffer.concat(chunks).subarray(4);
    queueMicrotask(() => {
      onWritten(null);
      this.broker.receive(this, frame);
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: (err: Error | null) => void): void {
    this.closeListener = listener;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.closeListener?.(null));
  }

  setActive(active: boolean): void {
    this.active = active;
    this.activity.push(active);
  }

  /** The broker drops the connection. */
  drop(reason = 'read ECONNRESET'): void {
    if (this.closed) return;
    this.closed = true;
    queueMicrotask(() => this.closeListener?.(new Error(reason)));
  }

  /** Reserves the next answer's place; fill it with `fill`. */
  slot(): (chunks: Buffer[]) => void {
    const slot: { chunks: Buffer[] | null } = { chunks: null };
    this.slots.push(slot);
    return (chunks) => {
      slot.chunks = chunks;
      while (this.slots.length > 0 && this.slots[0].chunks) this.deliver(Buffer.concat(this.slots.shift()!.chunks!));
    };
  }

  /** Raw bytes to the client, as they would arrive from the socket. */
  deliver(bytes: Buffer): void {
    if (!this.closed) this.dataListener?.(bytes);
  }
}

export class FakeBroker {
  readonly address: BrokerAddress;
  /** Version range per API this broker advertises (default: what Fjord supports). */
  ranges: Partial<Record<ApiName, [number, number]>> = Object.fromEntries(Object.entries(supportedApis).map(([n, r]) => [n, [r.minVersion, r.maxVersion]]));
  /** Newest ApiVersions version this broker parses; newer ones get UNSUPPORTED_VERSION in a v0 body. */
  apiVersionsMax = 3;
  readonly handlers: Partial<Record<ApiName, FakeHandler>> = {};
  /** Refuse new connections. */
  refuse = false;
  readonly requests: FakeRequest[] = [];
  readonly apiVersionsAsked: number[] = [];
  readonly streams: FakeStream[] = [];

  constructor(readonly nodeId: number, port: number) {
    this.address = { host: '127.0.0.1', port };
  }

  get bootstrap(): string {
    return formatAddress(this.address);
  }

  /** Requests of one API, in arrival order. */
  received(api: ApiName): FakeRequest[] {
    return this.requests.filter((r) => r.api === api);
  }

  receive(stream: FakeStream, frame: Buffer): void {
    const header = decodeRequestHeader(frame);
    if (header.apiKey === supportedApis.ApiVersions.apiKey) return this.answerApiVersions(stream, header.apiVersion, header.correlationId);
    const api = apiByKey.get(header.apiKey);
    if (!api) throw new Error(`fake broker: unknown api key ${header.apiKey}`);
    const body = decodeRequestBody(header.apiKey, header.apiVersion, frame, header.headerBytes);
    const noResponse = api === 'Produce' && (body as { acks: number }).acks === 0;
    const fill = noResponse ? null : stream.slot();
    const req: FakeRequest = {
      api, apiVersion: header.apiVersion, correlationId: header.correlationId, clientId: header.clientId, body, broker: this, stream,
      reply: (res) => fill?.(encodeResponse(header.apiKey, header.apiVersion, header.correlationId, res)),
    };
    this.requests.push(req);
    const handler = this.handlers[api];
    if (!handler) throw new Error(`fake broker ${this.nodeId}: no handler for ${api}`);
    const answer = handler(req);
    if (answer !== HOLD && answer !== NO_REPLY && !noResponse) req.reply(answer);
  }

  private answerApiVersions(stream: FakeStream, version: number, correlationId: number): void {
    this.apiVersionsAsked.push(version);
    const fill = stream.slot();
    const key = supportedApis.ApiVersions.apiKey;
    if (version > this.apiVersionsMax) {
      fill(encodeResponse(key, 0, correlationId, { errorCode: 35, apiKeys: [{ apiKey: key, minVersion: 0, maxVersion: this.apiVersionsMax }] }));
      return;
    }
    const apiKeys = (Object.entries(this.ranges) as [ApiName, [number, number]][]).map(([name, [min, max]]) => ({ apiKey: supportedApis[name].apiKey, minVersion: min, maxVersion: max }));
    fill(encodeResponse(key, version, correlationId, { errorCode: 0, apiKeys, throttleTimeMs: 0 }));
  }
}

/** Fake brokers reachable through one Dialer. */
export class FakeNetwork {
  readonly brokers: FakeBroker[] = [];
  readonly dials: { address: string; atMs: number }[] = [];

  add(nodeId: number): FakeBroker {
    const broker = new FakeBroker(nodeId, 9000 + nodeId);
    this.brokers.push(broker);
    return broker;
  }

  broker(nodeId: number): FakeBroker {
    const b = this.brokers.find((x) => x.nodeId === nodeId);
    if (!b) throw new Error(`no fake broker ${nodeId}`);
    return b;
  }

  readonly dial: Dialer = async (address) => {
    this.dials.push({ address: formatAddress(address), atMs: Date.now() });
    const broker = this.brokers.find((b) => b.address.host === address.host && b.address.port === address.port);
    if (!broker || broker.refuse) throw new FjordError('NETWORK_EXCEPTION', `connect ECONNREFUSED ${formatAddress(address)}`);
    const stream = new FakeStream(broker);
    broker.streams.push(stream);
    return stream;
  };
}
