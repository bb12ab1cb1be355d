/** Small fake contexts for driving plugin tasks directly, without the Connect runtime. */
import type {
  OffsetStorageReader,
  SinkRecord,
  SinkTaskContext,
  SourceRecord,
  SourceTask,
  SourceTaskContext,
  TopicPartitionOffset,
} from '../../../connectors/api/types.js';

/** An offset store keyed by the JSON of the source partition, as the runtime's offset topic is. */
export class FakeOffsetStore implements OffsetStorageReader {
  readonly offsets = new Map<string, Record<string, unknown>>();
  readonly asked: Record<string, unknown>[] = [];

  async offset(partition: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    this.asked.push(partition);
    return this.offsets.get(JSON.stringify(partition)) ?? null;
  }

  /** Records what the runtime would commit after these records were written. */
  commit(records: SourceRecord[]): void {
    for (const r of records) this.offsets.set(JSON.stringify(r.sourcePartition), r.sourceOffset);
  }

  set(partition: Record<string, unknown>, offset: Record<string, unknown>): void {
    this.offsets.set(JSON.stringify(partition), offset);
  }
}

export function sourceContext(props: Record<string, string>, store = new FakeOffsetStore()): SourceTaskContext {
  return { configs: props, offsetStorageReader: store };
}

/** A started source task over a fake context. */
export async function startSource<T extends SourceTask>(task: T, props: Record<string, string>, store = new FakeOffsetStore()): Promise<T> {
  task.initialize(sourceContext(props, store));
  await task.start(props);
  return task;
}

/** Polls until at least `want` records came back, failing after `timeoutMs`. */
export async function pollRecords(task: SourceTask, want: number, timeoutMs = 5000): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < want) {
    if (Date.now() > deadline) throw new Error(`expected ${want} records, got ${out.length} within ${timeoutMs} ms`);
    out.push(...((await task.poll()) ?? []));
  }
  return out;
}

export class FakeSinkContext implements SinkTaskContext {
  readonly rewinds: TopicPartitionOffset[][] = [];
  commitsRequested = 0;
  readonly reported: { record: SinkRecord; error: Error }[] = [];

  /** `withReporter`: errantRecordReporter() hands out a reporter collecting into `reported` (else null, as without a DLQ). */
  constructor(readonly configs: Readonly<Record<string, string>>, private readonly withReporter = false) {}

  offset(offsets: TopicPartitionOffset[]): void {
    this.rewinds.push(offsets);
  }
  assignment(): { topic: string; partition: number }[] {
    return [];
  }
  pause(): void {}
  resume(): void {}
  requestCommit(): void {
    this.commitsRequested++;
  }
  errantRecordReporter(): ((record: SinkRecord, error: Error) => Promise<void>) | null {
    if (!this.withReporter) return null;
    return async (record, error) => {
      this.reported.push({ record, error });
    };
  }
}

/** A SinkRecord with defaults for the fields a test does not care about. */
export function sinkRecord(value: unknown, fields: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 't',
    kafkaPartition: 0,
    kafkaOffset: 0n,
    timestampType: 'CreateTime',
    timestamp: 1_700_000_000_000,
    keySchema: null,
    key: null,
    valueSchema: null,
    value,
    headers: [],
    ...fields,
  };
}

/** Numbered sink records `t-0@0..n-1` with the given values. */
export function sinkRecords(values: unknown[], topic = 't', partition = 0, firstOffset = 0n): SinkRecord[] {
  return values.map((value, i) => sinkRecord(value, { topic, kafkaPartition: partition, kafkaOffset: firstOffset + BigInt(i) }));
}

/** The error a promise (or function) fails with. */
export async function failure(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}
