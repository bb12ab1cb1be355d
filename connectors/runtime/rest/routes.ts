/**
 * Kafka Connect's REST endpoints as a table of (method, path pattern) → handler over the worker.
 * A handler takes the decoded request (path params, query, parsed JSON body) and returns the
 * status and JSON body; errors are thrown as ConnectErrors. No sockets here (rest-server.ts).
 */
import { configKeyInfo, mergeConfigDefs } from '../../api/config-def.js';
import { SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG } from '../../api/connector-config.js';
import type { Connector } from '../../api/types.js';
import { badRequest, ConnectError } from '../connect-errors.js';
import type { Worker } from '../worker.js';

export interface RestRequest {
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ServerInfo {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

type Handler = (worker: Worker, req: RestRequest) => RestResponse | Promise<RestResponse>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const NAME = '([^/]+)';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A config map from a body: an object of strings (numbers and booleans become their text, as Jackson does). */
function configMap(v: unknown, what: string, allowNull = false): Record<string, string> {
  if (!isObject(v)) throw badRequest(`${what} must be a JSON object of config keys to string values`);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === 'string') out[k] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
    else if (value === null && allowNull) (out as Record<string, string | null>)[k] = null;
    else throw badRequest(`${what}: the value of '${k}' must be a string`);
  }
  return out;
}

function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null || v === '') return false;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badRequest(`query parameter ${name} must be true or false, got '${v}'`);
}

function taskId(text: string): number {
  if (!/^\d+$/.test(text)) throw new ConnectError(404, 'INVALID_ARGUMENT', `Task id '${text}' is not a number`);
  return Number(text);
}

function checkUrlName(config: Record<string, string>, name: string): void {
  if (config.name !== undefined && config.name !== name) {
    throw badRequest(`Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`);
  }
}

/** GET /connectors?expand=status&expand=info. */
function listConnectors(worker: Worker, { query }: RestRequest): RestResponse {
  const names = worker.connectorNames();
  const expand = query.getAll('expand');
  if (expand.length === 0) return { status: 200, body: names };
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const entry: Record<string, unknown> = {};
    if (expand.includes('status')) entry.status = worker.status(name);
    if (expand.includes('info')) entry.info = worker.info(name);
    out[name] = entry;
  }
  return { status: 200, body: out };
}

async function createConnector(worker: Worker, { body }: RestRequest): Promise<RestResponse> {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object {"name": ..., "config": {...}}');
  const config = configMap(body.config ?? {}, 'config');
  const name = typeof body.name === 'string' ? body.name : config.name;
  if (name === undefined) throw badRequest('Connector name must be given as "name" or config.name');
  checkUrlName(config, name);
  const { info } = await worker.putConnectorConfig(name, config, false);
  return { status: 201, body: info, headers: { location: `/connectors/${encodeURIComponent(name)}` } };
}

function plugins(worker: Worker, { query }: RestRequest): RestResponse {
  const connectorsOnly = query.get('connectorsOnly') !== 'false';
  const list = worker.plugins.list(connectorsOnly ? ['source', 'sink'] : undefined);
  return { status: 200, body: list.map((p) => ({ class: p.className, type: p.type, version: p.version })) };
}

function pluginConfig(worker: Worker, { params }: RestRequest): RestResponse {
  const entry = worker.plugins.find(params[0]);
  if (!entry) throw new ConnectError(404, 'INVALID_ARGUMENT', `Unknown plugin ${params[0]}.`);
  const own = (new entry.cls() as Partial<Connector>).config?.() ?? [];
  const def = entry.type === 'source' ? mergeConfigDefs(SOURCE_CONNECTOR_CONFIG, own) : entry.type === 'sink' ? mergeConfigDefs(SINK_CONNECTOR_CONFIG, own) : own;
  return { status: 200, body: def.map(configKeyInfo) };
}

function validatePlugin(worker: Worker, { params, body }: RestRequest): RestResponse {
  const config = configMap(body, 'The request body');
  const plugin = params[0];
  const included = config['connector.class'];
  const simple = (n: string) => n.slice(n.lastIndexOf('.') + 1).replace(/Connector$/, '');
  if (included !== undefined && !simple(included).endsWith(simple(plugin))) {
    throw badRequest(`Included connector type ${included} does not match request type ${plugin}`);
  }
  return { status: 200, body: worker.validate({ ...config, 'connector.class': plugin }) };
}

/** Every endpoint; the first route whose method and pattern match handles the request. */
export function routes(info: ServerInfo): Route[] {
  const r = (method: string, path: string, handler: Handler): Route => ({ method, pattern: new RegExp(`^${path}/?$`), handler });
  return [
    r('GET', '', () => ({ status: 200, body: info })),
    r('GET', '/connectors', listConnectors),
    r('POST', '/connectors', createConnector),
    r('GET', `/connectors/${NAME}`, (w, { params }) => ({ status: 200, body: w.info(params[0]) })),
    r('DELETE', `/connectors/${NAME}`, async (w, { params }) => (await w.deleteConnector(params[0]), { status: 204 })),
    r('GET', `/connectors/${NAME}/config`, (w, { params }) => ({ status: 200, body: w.config(params[0]) })),
    r('PUT', `/connectors/${NAME}/config`, async (w, { params, body }) => {
      const config = configMap(body, 'The request body');
      checkUrlName(config, params[0]);
      const { created, info: connector } = await w.putConnectorConfig(params[0], config, true);
      return { status: created ? 201 : 200, body: connector };
    }),
    r('PATCH', `/connectors/${NAME}/config`, async (w, { params, body }) => {
      const patch = configMap(body, 'The request body', true);
      if (patch.name !== undefined && patch.name !== params[0]) checkUrlName(patch, params[0]);
      return { status: 200, body: await w.patchConnectorConfig(params[0], patch) };
    }),
    r('GET', `/connectors/${NAME}/status`, (w, { params }) => ({ status: 200, body: w.status(params[0]) })),
    r('GET', `/connectors/${NAME}/tasks`, (w, { params }) => ({ status: 200, body: w.tasks(params[0]) })),
    r('POST', `/connectors/${NAME}/restart`, async (w, { params, query }) => {
      const includeTasks = flag(query, 'includeTasks');
      const onlyFailed = flag(query, 'onlyFailed');
      const status = await w.restartConnector(params[0], includeTasks, onlyFailed);
      return includeTasks || onlyFailed ? { status: 202, body: status } : { status: 204 };
    }),
    r('PUT', `/connectors/${NAME}/pause`, async (w, { params }) => (await w.setTargetState(params[0], 'PAUSED'), { status: 202 })),
    r('PUT', `/connectors/${NAME}/resume`, async (w, { params }) => (await w.setTargetState(params[0], 'STARTED'), { status: 202 })),
    r('PUT', `/connectors/${NAME}/stop`, async (w, { params }) => (await w.setTargetState(params[0], 'STOPPED'), { status: 202 })),
    r('GET', `/connectors/${NAME}/offsets`, async (w, { params }) => ({ status: 200, body: await w.getOffsets(params[0]) })),
    r('PATCH', `/connectors/${NAME}/offsets`, async (w, { params, body }) => ({ status: 200, body: await w.alterOffsets(params[0], body) })),
    r('DELETE', `/connectors/${NAME}/offsets`, async (w, { params }) => ({ status: 200, body: await w.resetOffsets(params[0]) })),
    r('GET', `/connectors/${NAME}/topics`, (w, { params }) => ({ status: 200, body: w.activeTopics(params[0]) })),
    r('PUT', `/connectors/${NAME}/topics/reset`, (w, { params }) => (w.resetActiveTopics(params[0]), { status: 200 })),
    r('GET', `/connectors/${NAME}/tasks/${NAME}/status`, (w, { params }) => ({ status: 200, body: w.taskStatus(params[0], taskId(params[1])) })),
    r('POST', `/connectors/${NAME}/tasks/${NAME}/restart`, async (w, { params }) => (await w.restartTask(params[0], taskId(params[1])), { status: 204 })),
    r('GET', '/connector-plugins', plugins),
    r('GET', `/connector-plugins/${NAME}/config`, pluginConfig),
    r('PUT', `/connector-plugins/${NAME}/config/validate`, validatePlugin),
  ];
}
