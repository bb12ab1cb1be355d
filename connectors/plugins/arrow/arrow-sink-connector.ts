/** ArrowSinkConnector: writes topics into Arrow IPC files under a directory. */
import { SinkConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { configError, crossKeyErrors, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { ARROW_SCHEMA_CONFIG, ARROW_SINK_CONFIG } from './config.js';
import { ArrowSinkTask } from './arrow-sink-task.js';
import { parseDeclaredSchema } from './declared-schema.js';

export class ArrowSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    const config = parsePluginConfig(ARROW_SINK_CONFIG, props, 'ArrowSinkConnector');
    const schemaText = str(config, ARROW_SCHEMA_CONFIG) ?? '';
    if (schemaText !== '') {
      const parsed = parseDeclaredSchema(schemaText);
      if (!parsed.ok) throw configError('ArrowSinkConnector', ARROW_SCHEMA_CONFIG, schemaText, parsed.message);
    }
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return ArrowSinkTask;
  }

  /** Tasks may share the directory: each topic-partition belongs to one task at a time. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  /** A malformed arrow.schema, reported by key at creation. */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => new ArrowSinkConnector().start(props));
  }

  stop(): void {}

  config(): ConfigDef {
    return ARROW_SINK_CONFIG;
  }
}
