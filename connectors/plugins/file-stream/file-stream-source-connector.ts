/** FileStreamSourceConnector: Kafka's example source connector, reading one file (or stdin) into one topic. */
import { SourceConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { configError, crossKeyErrors, num, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { BATCH_SIZE_CONFIG, FILE_CONFIG, FILE_STREAM_SOURCE_CONFIG, TOPIC_CONFIG } from './config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';

export class FileStreamSourceConnector extends SourceConnector {
  private taskConfig: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    const config = parsePluginConfig(FILE_STREAM_SOURCE_CONFIG, props, 'FileStreamSourceConnector');
    const topic = str(config, TOPIC_CONFIG)!;
    if (topic.includes(',')) throw configError('FileStreamSourceConnector', TOPIC_CONFIG, topic, 'the FileStream source writes to exactly one topic');
    const file = str(config, FILE_CONFIG);
    this.taskConfig = { [TOPIC_CONFIG]: topic, [BATCH_SIZE_CONFIG]: String(num(config, BATCH_SIZE_CONFIG)) };
    if (file) this.taskConfig[FILE_CONFIG] = file;
  }

  taskClass(): TaskClass {
    return FileStreamSourceTask;
  }

  /** One task whatever `tasks.max` is: one file is one ordered stream. */
  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.taskConfig }];
  }

  /** The one-topic rule, reported by key at creation. */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => new FileStreamSourceConnector().start(props));
  }

  stop(): void {}

  config(): ConfigDef {
    return FILE_STREAM_SOURCE_CONFIG;
  }
}
