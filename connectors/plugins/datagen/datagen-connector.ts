/** DatagenConnector: Confluent's kafka-connect-datagen for Fjord; one config per task, each with its `task.id`. */
import { SourceConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { crossKeyErrors } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { DATAGEN_CONFIG, TASK_ID_CONFIG } from './config.js';
import { parseDatagenSettings } from './datagen-settings.js';
import { DatagenTask } from './datagen-task.js';

export class DatagenConnector extends SourceConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parseDatagenSettings(props, 'DatagenConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return DatagenTask;
  }

  /** `maxTasks` tasks, each generating its own sequence (different data for the same seed). */
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, [TASK_ID_CONFIG]: String(i) }));
  }

  /** Checks between keys, reported by key at creation (single keys are checked against config()). */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => parseDatagenSettings(props, 'DatagenConnector'));
  }

  stop(): void {}

  config(): ConfigDef {
    return DATAGEN_CONFIG;
  }
}
