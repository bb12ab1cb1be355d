/**
 * The built-in connectors, by the names a connector config's `connector.class` may use.
 * Like Kafka Connect's plugin aliases, each class is reachable by its simple name
 * (`FileStreamSourceConnector`), by that name without the `Connector` suffix (`FileStreamSource`),
 * and where a Kafka or Confluent connector with the same config keys exists, by its full class
 * name (`org.apache.kafka.connect.file.FileStreamSourceConnector`), so such configs work unchanged.
 */
import type { ConnectorClass } from '../api/types.js';
import { ArrowSinkConnector } from './arrow/arrow-sink-connector.js';
import { ArrowSourceConnector } from './arrow/arrow-source-connector.js';
import { DatagenConnector } from './datagen/datagen-connector.js';
import { FileStreamSinkConnector } from './file-stream/file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream/file-stream-source-connector.js';
import { HttpSinkConnector } from './http/http-sink-connector.js';
import { HttpSourceConnector } from './http/http-source-connector.js';
import { PostgresSinkConnector } from './postgres/sink/postgres-sink-connector.js';
import { PostgresSourceConnector } from './postgres/source/postgres-source-connector.js';
import { StdoutSinkConnector } from './stdout/stdout-sink-connector.js';

export { ArrowSinkConnector } from './arrow/arrow-sink-connector.js';
export { ArrowSinkTask } from './arrow/arrow-sink-task.js';
export { ArrowSourceConnector } from './arrow/arrow-source-connector.js';
export { ArrowSourceTask } from './arrow/arrow-source-task.js';
export { DatagenConnector } from './datagen/datagen-connector.js';
export { DatagenTask } from './datagen/datagen-task.js';
export { FileStreamSinkConnector } from './file-stream/file-stream-sink-connector.js';
export { FileStreamSinkTask } from './file-stream/file-stream-sink-task.js';
export { FileStreamSourceConnector } from './file-stream/file-stream-source-connector.js';
export { FileStreamSourceTask } from './file-stream/file-stream-source-task.js';
export { HttpSinkConnector } from './http/http-sink-connector.js';
export { HttpSinkTask } from './http/http-sink-task.js';
export { HttpSourceConnector } from './http/http-source-connector.js';
export { HttpSourceTask } from './http/http-source-task.js';
export { PostgresSinkConnector } from './postgres/sink/postgres-sink-connector.js';
export { PostgresSinkTask } from './postgres/sink/postgres-sink-task.js';
export { PostgresSourceConnector } from './postgres/source/postgres-source-connector.js';
export { PostgresSourceTask } from './postgres/source/postgres-source-task.js';
export { StdoutSinkConnector } from './stdout/stdout-sink-connector.js';
export { StdoutSinkTask } from './stdout/stdout-sink-task.js';

/** Each built-in connector class with its full (Java-style) class name, if Kafka has one. */
const CLASSES: { simpleName: string; fullName?: string; cls: ConnectorClass }[] = [
  { simpleName: 'FileStreamSourceConnector', fullName: 'org.apache.kafka.connect.file.FileStreamSourceConnector', cls: FileStreamSourceConnector },
  { simpleName: 'FileStreamSinkConnector', fullName: 'org.apache.kafka.connect.file.FileStreamSinkConnector', cls: FileStreamSinkConnector },
  { simpleName: 'StdoutSinkConnector', cls: StdoutSinkConnector },
  { simpleName: 'HttpSourceConnector', cls: HttpSourceConnector },
  { simpleName: 'HttpSinkConnector', cls: HttpSinkConnector },
  { simpleName: 'PostgresSinkConnector', cls: PostgresSinkConnector },
  { simpleName: 'PostgresSourceConnector', cls: PostgresSourceConnector },
  { simpleName: 'ArrowSinkConnector', cls: ArrowSinkConnector },
  { simpleName: 'ArrowSourceConnector', cls: ArrowSourceConnector },
  { simpleName: 'DatagenConnector', fullName: 'io.confluent.kafka.connect.datagen.DatagenConnector', cls: DatagenConnector },
];

function buildRegistry(): Record<string, ConnectorClass> {
  const registry: Record<string, ConnectorClass> = {};
  for (const { simpleName, fullName, cls } of CLASSES) {
    // The full class name first: listings that take a class's first key show Kafka's name.
    if (fullName) registry[fullName] = cls;
    registry[simpleName] = cls;
    registry[simpleName.replace(/Connector$/, '')] = cls;
  }
  return registry;
}

/** Built-in connector classes keyed by short name, alias and (where Kafka has one) full class name. */
export const BUILTIN_PLUGINS: Record<string, ConnectorClass> = buildRegistry();

/** The canonical (simple) names of the built-in connectors, one per class, for listings. */
export const BUILTIN_PLUGIN_NAMES: readonly string[] = CLASSES.map((c) => c.simpleName);

/** The built-in connector class called `name`, or undefined. */
export function findBuiltinPlugin(name: string): ConnectorClass | undefined {
  return Object.hasOwn(BUILTIN_PLUGINS, name) ? BUILTIN_PLUGINS[name] : undefined;
}
