/** FileStreamSinkConnector: Kafka's example sink connector, appending record values to a file (or stdout). */
import { SinkConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { parsePluginConfig } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { FILE_STREAM_SINK_CONFIG } from './config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';

export class FileStreamSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parsePluginConfig(FILE_STREAM_SINK_CONFIG, props, 'FileStreamSinkConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return FileStreamSinkTask;
  }

  /** `maxTasks` copies of the config, as Kafka does; every task appends to the same file. */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return FILE_STREAM_SINK_CONFIG;
  }
}
