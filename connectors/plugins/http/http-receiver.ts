/**
 * The HttpSource's server: accepts POSTed JSON on one path into a bounded queue that poll()
 * drains. Answers 202 once a body's objects are queued (ack.mode=queued) or 200 once they are
 * all written to Kafka (ack.mode=written; 504 if that takes longer than ack.timeout.ms), 200 for a repeated idempotency key,
 * 400 for bad JSON, 404/405 for other paths and methods, 413 for oversized bodies and 503 (with
 * Retry-After) when the queue cannot take the whole body: a body is queued entirely or not at all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdempotencyWindow } from './idempotency-window.js';
import { parseJsonBody } from './parse-json-body.js';
import { WriteTicket } from './write-ticket.js';

/** One queued object and, with ack.mode=written, the ticket of the request it came in. */
export interface QueuedObject {
  value: Record<string, unknown>;
  ticket: WriteTicket | null;
}

export type AckMode = 'queued' | 'written';

export interface HttpReceiverOptions {
  host: string;
  port: number;
  path: string;
  /** Header name carrying the idempotency key; '' disables de-duplication. */
  idempotencyHeader: string;
  idempotencyKeysMax: number;
  idempotencyWindowMs: number;
  queueRecordsMax: number;
  bodyBytesMax: number;
  ackMode: AckMode;
  ackTimeoutMs: number;
  /** Called after objects were queued (to end a waiting poll). */
  onQueued: () => void;
}

/** Seconds a client is told to wait after a 503. */
const RETRY_AFTER_S = 1;

export class HttpReceiver {
  private readonly server: http.Server;
  private queue: QueuedObject[] = [];
  private readonly idempotency: IdempotencyWindow | null;

  private constructor(private readonly options: HttpReceiverOptions) {
    this.idempotency = options.idempotencyHeader
      ? new IdempotencyWindow(options.idempotencyKeysMax, options.idempotencyWindowMs)
      : null;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening; rejects if the port cannot be bound. */
  static async listen(options: HttpReceiverOptions): Promise<HttpReceiver> {
    const receiver = new HttpReceiver(options);
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(options.port, options.host, () => {
        receiver.server.off('error', reject);
        resolve();
      });
    });
    return receiver;
  }

  /** The port actually bound (useful with port 0). */
  port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Removes and returns up to `max` queued objects, oldest first. */
  take(max: number): QueuedObject[] {
    const taken = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
    this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
    return taken;
  }

  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== this.options.path) return reply(res, 404, { error: `no such path ${path}; POST JSON to ${this.options.path}` });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return reply(res, 405, { error: `method ${req.method} not allowed; POST JSON to ${this.options.path}` });
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > this.options.bodyBytesMax) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return reply(res, 413, { error: `body of ${bytes} bytes is larger than ${this.options.bodyBytesMax} (http.body.max.bytes)` });
      this.accept(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => res.destroy());
  }

  private accept(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const header = this.options.idempotencyHeader;
    const rawKey = header ? req.headers[header.toLowerCase()] : undefined;
    const key = Array.isArray(rawKey) ? rawKey.join(',') : rawKey;
    const nowMs = Date.now();
    if (key !== undefined && this.idempotency?.has(key, nowMs)) return reply(res, 200, { status: 'duplicate', idempotencyKey: key });
    const parsed = parseJsonBody(body);
    if (!parsed.ok) return reply(res, 400, { error: parsed.message });
    const { objects } = parsed;
    if (objects.length > this.options.queueRecordsMax) {
      return reply(res, 413, { error: `body holds ${objects.length} objects, more than queue.max.records (${this.options.queueRecordsMax})` });
    }
    if (this.queue.length + objects.length > this.options.queueRecordsMax) {
      res.setHeader('Retry-After', String(RETRY_AFTER_S));
      return reply(res, 503, { error: `queue is full (${this.queue.length} of ${this.options.queueRecordsMax} records waiting); retry later` });
    }
    const ticket = this.options.ackMode === 'written' ? new WriteTicket(objects.length) : null;
    for (const value of objects) this.queue.push({ value, ticket });
    // Remember the key only once the body was queued, so a rejected request can be retried.
    if (key !== undefined) this.idempotency?.remember(key, nowMs);
    this.options.onQueued();
    if (!ticket) return reply(res, 202, { status: 'accepted', records: objects.length });
    void this.replyWhenWritten(res, ticket, objects.length);
  }

  private async replyWhenWritten(res: http.ServerResponse, ticket: WriteTicket, records: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.options.ackTimeoutMs)));
    const late = await Promise.race([ticket.written.then(() => false), timedOut]);
    clearTimeout(timer);
    if (res.writableEnded || res.destroyed) return;
    if (!late) return reply(res, 200, { status: 'written', records });
    reply(res, 504, { error: `the ${records} record(s) were queued but not confirmed written within ack.timeout.ms (${this.options.ackTimeoutMs}); they may still be written` });
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
