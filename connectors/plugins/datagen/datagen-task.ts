/**
 * DatagenTask: generates quickstart records. Record N of a task depends only on (seed, task id, N),
 * so the source offset `{current.iteration}` (with the seed in use) is all a restart needs to
 * continue the same sequence. Field names of partition, offset and headers are Confluent's.
 */
import { SourceTask, type Schema, type SourceRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { Waker } from '../common/waker.js';
import { parseDatagenSettings, type DatagenSettings } from './datagen-settings.js';
import { RateLimiter } from './rate-limiter.js';
import { recordRandom } from './seeded-random.js';

export const TASK_ID_FIELD = 'task.id';
export const TASK_GENERATION_FIELD = 'task.generation';
export const CURRENT_ITERATION_FIELD = 'current.iteration';
export const RANDOM_SEED_FIELD = 'random.seed';
/** Most records one poll() returns when max.interval is 0. */
export const POLL_RECORDS_MAX = 1000;
/** How long poll() waits once `iterations` records were generated (Confluent fails the task instead). */
export const DONE_WAIT_MS = 1000;

const KEY_SCHEMA: Schema = { type: 'string' };
const INT64_SCHEMA: Schema = { type: 'int64' };

export class DatagenTask extends SourceTask {
  private settings!: DatagenSettings;
  private seed = 0;
  private iteration = 0;
  private generation = 0;
  private limiter: RateLimiter | null = null;
  private stopped = false;
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.settings = parseDatagenSettings(props, 'DatagenTask');
    this.stopped = false;
    const stored = await this.context.offsetStorageReader.offset({ [TASK_ID_FIELD]: this.settings.taskId });
    this.iteration = stored ? storedNumber(stored, CURRENT_ITERATION_FIELD) : 0;
    this.generation = stored ? storedNumber(stored, TASK_GENERATION_FIELD) + 1 : 0;
    // A configured seed wins; otherwise keep the stored one so a restart continues the same data.
    this.seed = this.settings.seed ?? (stored ? storedNumber(stored, RANDOM_SEED_FIELD) : freshSeed());
    this.limiter = this.settings.recordsPerSecond > 0 ? new RateLimiter(this.settings.recordsPerSecond, Date.now()) : null;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    const { iterations, maxIntervalMs } = this.settings;
    const remaining = iterations === 0 ? Infinity : iterations - this.iteration;
    if (remaining <= 0) {
      await this.waker.wait(DONE_WAIT_MS);
      return null;
    }
    if (maxIntervalMs > 0) {
      // Confluent's pacing: a random pause of up to max.interval before each record.
      await this.waker.wait(Math.random() * maxIntervalMs);
      if (this.stopped) return null;
    }
    let count = Math.min(remaining, maxIntervalMs > 0 ? 1 : POLL_RECORDS_MAX);
    if (this.limiter) {
      count = this.limiter.take(count, Date.now());
      if (count === 0) {
        await this.waker.wait(this.limiter.waitMs(Date.now()));
        return null;
      }
    }
    const records: SourceRecord[] = [];
    for (let i = 0; i < count; i++) records.push(this.generate(this.iteration++));
    return records;
  }

  private generate(iteration: number): SourceRecord {
    const { quickstart, keyField, taskId, topic } = this.settings;
    const value = quickstart.generate(recordRandom(this.seed, taskId, iteration), iteration);
    return {
      topic,
      kafkaPartition: null,
      keySchema: KEY_SCHEMA,
      key: String(value[keyField]),
      valueSchema: quickstart.schema,
      value,
      timestamp: null,
      headers: [
        { key: TASK_GENERATION_FIELD, value: this.generation, schema: INT64_SCHEMA },
        { key: TASK_ID_FIELD, value: taskId, schema: INT64_SCHEMA },
        { key: CURRENT_ITERATION_FIELD, value: iteration, schema: INT64_SCHEMA },
      ],
      sourcePartition: { [TASK_ID_FIELD]: taskId },
      // The state the next run starts from: this record is done.
      sourceOffset: { [TASK_GENERATION_FIELD]: this.generation, [CURRENT_ITERATION_FIELD]: iteration + 1, [RANDOM_SEED_FIELD]: this.seed },
    };
  }

  stop(): void {
    this.stopped = true;
    this.waker.wake();
  }
}

function storedNumber(offset: Record<string, unknown>, field: string): number {
  const raw = offset[field];
  const n = typeof raw === 'bigint' || typeof raw === 'string' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new FjordError('INVALID_ARGUMENT', `DatagenTask: stored source offset has an invalid "${field}": ${String(raw)}`);
  }
  return n;
}

function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 48);
}
