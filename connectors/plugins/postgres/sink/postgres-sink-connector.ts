/** PostgresSinkConnector: writes topics into Postgres tables with the Confluent JDBC sink's config keys. */
import { SinkConnector, type ConfigDef, type TaskClass } from '../../../api/types.js';
import { crossKeyErrors } from '../../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/version.js';
import { POSTGRES_SINK_CONFIG } from './config.js';
import { PostgresSinkTask } from './postgres-sink-task.js';
import { parsePostgresSinkSettings } from './sink-settings.js';

export class PostgresSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parsePostgresSinkSettings(props, 'PostgresSinkConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return PostgresSinkTask;
  }

  /** `maxTasks` copies; note each task holds its own connection, and a PGlite server admits one. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  /** Checks between keys, reported by key at creation (single keys are checked against config()). */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => parsePostgresSinkSettings(props, 'PostgresSinkConnector'));
  }

  stop(): void {}

  config(): ConfigDef {
    return POSTGRES_SINK_CONFIG;
  }
}
