/** FileStreamSinkTask: writes each record's value as one line to a file (or stdout); flush() fsyncs. */
import { SinkTask, type SinkRecord, type TopicPartitionOffset } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { parsePluginConfig, str } from '../common/config.js';
import { formatValue } from '../common/format-value.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { FILE_CONFIG, FILE_STREAM_SINK_CONFIG } from './config.js';
import { FileOutput, StreamOutput, type LineOutput } from './line-output.js';

export class FileStreamSinkTask extends SinkTask {
  private output: LineOutput | null = null;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = parsePluginConfig(FILE_STREAM_SINK_CONFIG, props, 'FileStreamSinkTask');
    const file = str(config, FILE_CONFIG);
    this.output = file ? await openFile(file) : new StreamOutput(process.stdout);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (const record of records) text += `${formatValue(record.value)}\n`;
    await this.requireOutput().write(text);
  }

  override async flush(_offsets: TopicPartitionOffset[]): Promise<void> {
    await this.output?.sync();
  }

  async stop(): Promise<void> {
    const output = this.output;
    this.output = null;
    await output?.close();
  }

  private requireOutput(): LineOutput {
    if (!this.output) throw new Error('assertion failed: FileStreamSinkTask.put() before start() or after stop()');
    return this.output;
  }
}

async function openFile(file: string): Promise<FileOutput> {
  try {
    return await FileOutput.open(file);
  } catch (err) {
    throw new FjordError('INVALID_ARGUMENT', `FileStreamSinkTask: cannot open ${file} (configuration ${FILE_CONFIG}) for appending: ${(err as Error).message}`, { cause: err });
  }
}
