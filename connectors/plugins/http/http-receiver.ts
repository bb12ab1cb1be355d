/**
 * The HttpSource's server: accepts POSTed JSON on one path into a bounded queue that poll()
 * drains. Answers 202 once a body's objects are queued, 200 for a repeated idempotency key,
 * 400 for bad JSON, 404/405 for other paths and methods, 413 for oversized bodies and 503 (with
 * Retry-After) when the queue cannot take the whole body: a body is queued entirely or not at all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdempotencyWindow } from './idempotency-window.js';
import { parseJsonBody } from './parse-json-body.js';

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
  /** Called after objects were queued (to end a waiting poll). */
  onQueued: () => void;
}

/** Seconds a client is told to wait after a 503. */
const RETRY_AFTER_S = 1;

export class HttpReceiver {
  private readonly server: http.Server;
  private queue: Record<string, unknown>[] = [];
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
  take(max: number): Record<string, unknown>[] {
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
    this.queue.push(...objects);
    // Remember the key only once the body was queued, so a rejected request can be retried.
    if (key !== undefined) this.idempotency?.remember(key, nowMs);
    this.options.onQueued();
    reply(res, 202, { status: 'accepted', records: objects.length });
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
