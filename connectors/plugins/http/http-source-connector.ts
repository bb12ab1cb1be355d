/** HttpSourceConnector: receives POSTed JSON on one port and path; one task (one listening socket). */
import { SourceConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { parsePluginConfig } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { HTTP_SOURCE_CONFIG } from './config.js';
import { HttpSourceTask } from './http-source-task.js';

export class HttpSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parsePluginConfig(HTTP_SOURCE_CONFIG, props, 'HttpSourceConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return HttpSourceTask;
  }

  /** One task whatever tasks.max is: a port can be bound once. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return HTTP_SOURCE_CONFIG;
  }
}
