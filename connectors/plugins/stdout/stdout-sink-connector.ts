/** StdoutSinkConnector: prints the records of its topics to standard output (for trying pipelines out). */
import { SinkConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { parsePluginConfig } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { STDOUT_SINK_CONFIG } from './config.js';
import { StdoutSinkTask } from './stdout-sink-task.js';

export class StdoutSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parsePluginConfig(STDOUT_SINK_CONFIG, props, 'StdoutSinkConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return StdoutSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return STDOUT_SINK_CONFIG;
  }
}
