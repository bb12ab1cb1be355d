/** Shared helpers for the Connect runtime tests: a standalone worker on an embedded broker, HTTP calls, waiting. */
import type { Fjord } from '../../../core/client/fjord.js';
import { startStandalone, type Standalone } from '../../../connectors/runtime/standalone.js';
import { parseWorkerConfig } from '../../../connectors/runtime/worker-config.js';
import type { ConnectorDefinition } from '../../../connectors/runtime/connector-file.js';

/** Starts a worker on `fjord` with REST on a free port and fast offset flushes. */
export function startWorker(fjord: Fjord, props: Record<string, string> = {}, connectors: ConnectorDefinition[] = [], extraPlugins: Record<string, unknown> = {}): Promise<Standalone> {
  const config = parseWorkerConfig({ 'rest.port': '0', 'rest.host.name': '127.0.0.1', 'offset.flush.interval.ms': '100', ...props });
  return startStandalone({ config, clients: fjord, connectors, version: '0.1.0', extraPlugins });
}

export interface HttpResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** One HTTP call with node's fetch; a JSON body is parsed. */
export async function http(base: string, method: string, path: string, body?: unknown, raw?: string): Promise<HttpResult> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  return { status: res.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs` naming `what`. */
export async function eventually<T>(what: string, check: () => Promise<T> | T, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Produces `values` (no keys) to `topic`, one send each, and waits for all. */
export async function produceValues(fjord: Fjord, topic: string, values: readonly string[]): Promise<void> {
  const producer = fjord.producer({ lingerMs: 0 });
  for (const v of values) await producer.send({ topic, value: v });
  await producer.close();
}
