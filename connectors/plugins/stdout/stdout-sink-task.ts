/** StdoutSinkTask: prints every record it receives to standard output, one line each. */
import type { Writable } from 'node:stream';
import { SinkTask, type SinkRecord } from '../../api/types.js';
import { parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { StreamOutput } from '../file-stream/line-output.js';
import { FORMAT_CONFIG, STDOUT_SINK_CONFIG, type StdoutFormat } from './config.js';
import { formatRecord } from './format-record.js';

export class StdoutSinkTask extends SinkTask {
  private format: StdoutFormat = 'record';
  private output: StreamOutput | null = null;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    const config = parsePluginConfig(STDOUT_SINK_CONFIG, props, 'StdoutSinkTask');
    this.format = str(config, FORMAT_CONFIG) as StdoutFormat;
    this.output = new StreamOutput(this.stdout());
  }

  /** The stream written to; tests override it. */
  protected stdout(): Writable {
    return process.stdout;
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0 || !this.output) return;
    let text = '';
    for (const record of records) text += `${formatRecord(record, this.format)}\n`;
    await this.output.write(text);
  }

  stop(): void {
    this.output = null;
  }
}
