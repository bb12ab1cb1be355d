/**
 * A standalone Connect worker in one call: plugins (built-ins + plugin.path), the worker on its
 * internal topics, the REST listener, then every stored connector resumed and the given ones
 * created (or reconfigured, if they exist). `close()` stops it all cleanly. The CLI's
 * `fjord connect standalone` and the tests use this.
 */
import os from 'node:os';
import { systemClock, type Clock } from '../../core/io/clock.js';
import { silentLogger, type Logger } from '../../core/io/logger.js';
import { systemTimers, type Timers } from '../../core/io/timers.js';
import { BUILT_IN_CONVERTERS } from '../api/converters/index.js';
import { BUILTIN_PLUGINS } from '../plugins/index.js';
import { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMS } from '../transforms/index.js';
import type { ConnectorDefinition } from './connector-file.js';
import type { ConnectClients } from './internal-topic.js';
import { loadPlugins } from './plugin-loader.js';
import { RestServer } from './rest/rest-server.js';
import { taskErrorSetup, transformChain } from './task-extras.js';
import { Worker } from './worker.js';
import type { WorkerConfig } from './worker-config.js';

export interface StandaloneOptions {
  config: WorkerConfig;
  clients: ConnectClients;
  connectors?: ConnectorDefinition[];
  /** GET / answers with these. */
  version?: string;
  clusterId?: string;
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  /** Where relative plugin.path entries start (default: the working directory). */
  cwd?: string;
  /** More plugin classes by name, registered like built-ins (embedding applications, tests). */
  extraPlugins?: Record<string, unknown>;
}

export interface Standalone {
  worker: Worker;
  rest: RestServer;
  /** `http://host:port` of the REST listener. */
  url: string;
  close(): Promise<void>;
}

/** Every built-in plugin by name: connectors, transformations, predicates, converters (full names first). */
export function builtinPlugins(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...BUILT_IN_CONVERTERS, ...BUILT_IN_TRANSFORMS, ...BUILT_IN_PREDICATES, ...BUILTIN_PLUGINS, ...extra };
}

export async function startStandalone(o: StandaloneOptions): Promise<Standalone> {
  const logger = o.logger ?? silentLogger;
  const plugins = await loadPlugins(builtinPlugins(o.extraPlugins), o.config.pluginPath, o.cwd);
  const worker = await Worker.open({
    config: o.config,
    clients: o.clients,
    plugins,
    clock: o.clock ?? systemClock,
    timers: o.timers ?? systemTimers,
    logger,
    transforms: (config) => transformChain(config, plugins),
    errors: (config, connector, taskId, type) => taskErrorSetup(config, connector, taskId, type, o.clients, logger),
  });
  let rest: RestServer;
  try {
    rest = await RestServer.start({
      host: o.config.restHost,
      port: o.config.restPort,
      worker,
      logger,
      info: { version: o.version ?? '0.0.0', commit: 'fjord', kafka_cluster_id: o.clusterId ?? 'fjord' },
    });
  } catch (err) {
    await worker.close();
    throw err;
  }
  const shownHost = o.config.advertisedHost ?? (o.config.restHost === '' || o.config.restHost === '0.0.0.0' || o.config.restHost === '::' ? os.hostname() : o.config.restHost);
  worker.setWorkerId(`${shownHost}:${o.config.advertisedPort ?? rest.address.port}`);
  const close = async (): Promise<void> => {
    await rest.close();
    await worker.close();
  };
  try {
    await worker.startConnectors();
    for (const c of o.connectors ?? []) await worker.putConnectorConfig(c.name, c.config, true);
  } catch (err) {
    await close();
    throw err;
  }
  const host = rest.address.host.includes(':') ? `[${rest.address.host}]` : rest.address.host;
  return { worker, rest, url: `http://${host === '[::]' ? 'localhost' : host === '0.0.0.0' ? '127.0.0.1' : host}:${rest.address.port}`, close };
}
