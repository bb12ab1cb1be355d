/**
 * Builds what a task needs around it from the connector's config and the worker's: converters
 * (a connector's `key.converter` wins over the worker's, each with its own `key.converter.*`
 * props, as Kafka does), the transform chain, and the stage error handler with its DLQ.
 */
import { converterProps, createConverter, createHeaderConverter } from '../api/converters/index.js';
import type { TaskConverters } from './record-stages.js';
import type { WorkerConfig } from './worker-config.js';

type Loader = (className: string) => unknown;

function pick(kind: 'key.converter' | 'value.converter', worker: WorkerConfig, connector: Record<string, string>, fallback: string): { className: string; props: Record<string, string> } {
  const own = connector[kind]?.trim();
  if (own) return { className: own, props: converterProps(kind, connector) };
  return { className: worker.originals[kind]?.trim() || fallback, props: converterProps(kind, worker.originals) };
}

/** The key, value and header converters of a connector's tasks. Throws INVALID_CONFIG naming the setting. */
export function buildConverters(worker: WorkerConfig, connector: Record<string, string>, load: Loader): TaskConverters {
  const key = pick('key.converter', worker, connector, worker.keyConverter);
  const value = pick('value.converter', worker, connector, worker.valueConverter);
  const headerOwn = connector['header.converter']?.trim();
  const headerName = headerOwn || worker.originals['header.converter']?.trim() || null;
  const headerProps = converterProps('header.converter', headerOwn ? connector : worker.originals);
  return {
    key: createConverter(key.className, key.props, true, load),
    value: createConverter(value.className, value.props, false, load),
    header: createHeaderConverter(headerName, headerProps, load),
  };
}
