/**
 * Connectors for the runtime tests, driven by their config and observed through module-level
 * logs (the worker runs in the test's process). Values are strings: use StringConverter.
 */
import { RetriableException } from '../../../connectors/api/errors.js';
import { SinkConnector, SinkTask, SourceConnector, SourceTask, type ConfigDef, type SinkTaskContext, type SinkRecord, type SourceRecord, type TaskClass, type TopicPartitionOffset } from '../../../connectors/api/types.js';

/** Each recording sink task's context, by connector name (tests call pause/resume through it). */
export const sinkContexts = new Map<string, SinkTaskContext>();
/** What each sink connector's tasks saw, by connector name. */
export const sinkLog = new Map<string, { values: string[]; puts: number; flushes: TopicPartitionOffset[][]; opened: number }>();
/** Per source connector: records acknowledged (commitRecord) and commit() calls. */
export const sourceLog = new Map<string, { committedRecords: { value: string; offset: bigint | null }[]; commits: number }>();
/** Sink connectors whose next put() should throw (a one-shot switch). */
export const failNextPut = new Set<string>();
/** Source connectors whose next poll() should throw. */
export const failNextPoll = new Set<string>();
/** Source connectors whose next poll() should throw a RetriableException. */
export const retriableNextPoll = new Set<string>();
/** Source connectors whose next start() should throw. */
export const failNextStart = new Set<string>();

const NO_DEF: ConfigDef = [];

export class RecordingSinkTask extends SinkTask {
  private name = '';
  private rewound = false;
  private props: Record<string, string> = {};

  version(): string {
    return '1';
  }

  start(props: Record<string, string>): void {
    this.props = props;
    this.name = props['connector.name'];
    sinkContexts.set(this.name, this.context);
    if (!sinkLog.has(this.name)) sinkLog.set(this.name, { values: [], puts: 0, flushes: [], opened: 0 });
  }

  override open(): void {
    sinkLog.get(this.name)!.opened++;
  }

  put(records: SinkRecord[]): void {
    const log = sinkLog.get(this.name)!;
    if (failNextPut.delete(this.name)) throw new Error(`put() refused by the test for ${this.name}`);
    log.puts++;
    const reporter = this.props['report.value'] ? this.context.errantRecordReporter() : null;
    for (const r of records) {
      if (reporter && String(r.value) === this.props['report.value']) void reporter(r, new Error(`the task reported ${String(r.value)}`));
      else log.values.push(typeof r.value === 'string' ? r.value : JSON.stringify(r.value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
    }
    if (this.props['rewind.once'] === 'true' && !this.rewound && records.length > 0) {
      this.rewound = true;
      this.context.offset([{ topic: records[0].topic, partition: records[0].kafkaPartition, offset: 0n }]);
    }
    if (this.props['request.commit'] === 'true' && records.length > 0) this.context.requestCommit();
    if (records.some((r) => r.value === this.props['pause.on'])) this.context.pause(this.context.assignment());
  }

  override flush(offsets: TopicPartitionOffset[]): void {
    sinkLog.get(this.name)!.flushes.push(offsets);
  }

  stop(): void {}
}

export class RecordingSinkConnector extends SinkConnector {
  private props: Record<string, string> = {};
  version(): string {
    return '1';
  }
  start(props: Record<string, string>): void {
    this.props = props;
  }
  taskClass(): TaskClass {
    return RecordingSinkTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{ ...this.props, 'connector.name': this.props.name }];
  }
  stop(): void {}
  config(): ConfigDef {
    return NO_DEF;
  }
}

/** Emits `count` records `v0..v{count-1}` to `topic`, source partition {source: name}, offset {i}. */
export class CountingSourceTask extends SourceTask {
  private name = '';
  private topic = '';
  private next = 0;
  private count = 0;
  private batch = 10;

  version(): string {
    return '1';
  }

  async start(props: Record<string, string>): Promise<void> {
    this.name = props.name;
    this.topic = props.topic;
    this.count = Number(props.count);
    this.batch = Number(props['batch'] ?? '10');
    const stored = await this.context.offsetStorageReader.offset({ source: this.name });
    this.next = stored ? Number(stored.i) + 1 : 0;
    if (!sourceLog.has(this.name)) sourceLog.set(this.name, { committedRecords: [], commits: 0 });
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (failNextPoll.delete(this.name)) throw new Error(`poll() refused by the test for ${this.name}`);
    if (retriableNextPoll.delete(this.name)) throw new RetriableException(`poll() asks to be retried for ${this.name}`);
    if (this.next >= this.count) {
      await new Promise((r) => setTimeout(r, 20));
      return null;
    }
    const out: SourceRecord[] = [];
    for (; this.next < this.count && out.length < this.batch; this.next++) {
      out.push({
        topic: this.topic, kafkaPartition: null, keySchema: null, key: `k${this.next}`, valueSchema: null, value: `v${this.next}`,
        timestamp: null, headers: [], sourcePartition: { source: this.name }, sourceOffset: { i: this.next },
      });
    }
    return out;
  }

  override commitRecord(record: SourceRecord, metadata: { offset: bigint } | null): void {
    sourceLog.get(this.name)!.committedRecords.push({ value: String(record.value), offset: metadata?.offset ?? null });
  }

  override commit(): void {
    sourceLog.get(this.name)!.commits++;
  }

  stop(): void {}
}

export class CountingSourceConnector extends SourceConnector {
  private props: Record<string, string> = {};
  version(): string {
    return '1';
  }
  start(props: Record<string, string>): void {
    if (failNextStart.delete(props.name)) throw new Error(`start() refused by the test for ${props.name}`);
    this.props = props;
  }
  taskClass(): TaskClass {
    return CountingSourceTask;
  }
  taskConfigs(): Record<string, string>[] {
    return [{ ...this.props }];
  }
  stop(): void {}
  config(): ConfigDef {
    return NO_DEF;
  }
}

export const TEST_PLUGINS = { RecordingSinkConnector, CountingSourceConnector };
