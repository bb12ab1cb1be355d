/**
 * The REST listener (node:http): reads a request, parses its JSON body, finds the route and
 * writes the JSON answer. Errors become Kafka Connect's `{"error_code": N, "message": "..."}`:
 * malformed JSON 400, unknown path 404, wrong method 405, a ConnectError its own status, anything
 * else 500. Request bodies are bounded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FjordError } from '../../../core/errors.js';
import type { Logger } from '../../../core/io/logger.js';
import { ConnectError } from '../connect-errors.js';
import type { Worker } from '../worker.js';
import { routes, type Route, type ServerInfo } from './routes.js';

/** Largest request body accepted (connector configs are small). */
export const REQUEST_BODY_BYTES_MAX = 10 * 1024 * 1024;

export interface RestServerOptions {
  host: string;
  port: number;
  worker: Worker;
  info: ServerInfo;
  logger: Logger;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class RestServer {
  private constructor(private readonly server: http.Server, readonly address: { host: string; port: number }) {}

  /** Starts listening; resolves once bound (port 0 picks a free port). */
  static async start(o: RestServerOptions): Promise<RestServer> {
    const table = routes(o.info);
    const server = http.createServer((req, res) => void handle(table, o, req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new FjordError('CONFIG', `the REST listener cannot listen on ${o.host || '*'}:${o.port} (listeners / rest.port): ${err.code ?? err.message}`, { cause: err }));
      });
      server.listen(o.port, o.host === '' ? undefined : o.host, () => {
        server.removeAllListeners('error');
        resolve();
      });
    });
    const a = server.address() as AddressInfo;
    return new RestServer(server, { host: a.address, port: a.port });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

async function handle(table: Route[], o: RestServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://connect');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const matching = table.filter((r) => r.pattern.test(path));
    if (matching.length === 0) throw new HttpError(404, 'HTTP 404 Not Found');
    const route = matching.find((r) => r.method === method);
    if (!route) throw new HttpError(405, 'HTTP 405 Method Not Allowed');
    const params = route.pattern.exec(path)!.slice(1).map((p) => decodeURIComponent(p));
    const body = await readBody(req);
    const out = await route.handler(o.worker, { params, query: url.searchParams, body });
    send(res, out.status, out.body, out.headers);
  } catch (err) {
    if (err instanceof HttpError) return send(res, err.status, { error_code: err.status, message: err.message });
    if (err instanceof ConnectError) return send(res, err.httpStatus, { error_code: err.httpStatus, message: err.message });
    o.logger.error(`REST ${req.method} ${req.url} failed: ${(err as Error).stack ?? String(err)}`);
    send(res, 500, { error_code: 500, message: (err as Error).message ?? String(err) });
  }
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > REQUEST_BODY_BYTES_MAX) throw new HttpError(413, `request body over ${REQUEST_BODY_BYTES_MAX} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, `Malformed JSON in the request body: ${(err as Error).message}`);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
