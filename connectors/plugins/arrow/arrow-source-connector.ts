/** ArrowSourceConnector: reads Arrow IPC files written by the ArrowSink back into records; one task. */
import { SourceConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { parsePluginConfig } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { ARROW_SOURCE_CONFIG } from './config.js';
import { ArrowSourceTask } from './arrow-source-task.js';

export class ArrowSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parsePluginConfig(ARROW_SOURCE_CONFIG, props, 'ArrowSourceConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return ArrowSourceTask;
  }

  /** One task: files are read in one order from one offset. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return ARROW_SOURCE_CONFIG;
  }
}
