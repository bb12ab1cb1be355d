/** HttpSinkConnector: POSTs the records of its topics to a URL as JSON arrays. */
import { SinkConnector, type ConfigDef, type TaskClass } from '../../api/types.js';
import { crossKeyErrors } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { HTTP_SINK_CONFIG } from './config.js';
import { HttpSinkTask, parseHttpSinkSettings } from './http-sink-task.js';

export class HttpSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    parseHttpSinkSettings(props, 'HttpSinkConnector');
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return HttpSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  /** Checks between keys, reported by key at creation (single keys are checked against config()). */
  override validate(props: Record<string, string>): Record<string, string[]> {
    return crossKeyErrors(() => parseHttpSinkSettings(props, 'HttpSinkConnector'));
  }

  stop(): void {}

  config(): ConfigDef {
    return HTTP_SINK_CONFIG;
  }
}
