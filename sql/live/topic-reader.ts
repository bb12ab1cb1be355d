/**
 * PRINT's reader: a consumer without a group over every partition of a topic, from the start or
 * from the end, handing each record to a callback until stopped. It commits nothing, so PRINT
 * leaves no trace on the cluster.
 */
import type { Fjord } from '../../core/client/fjord.js';
import type { Consumer } from '../../core/client/consumer.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import type { QueryHandle, QueryState, TopicRecord } from '../engine/runtime.js';

/** Longest single poll: bounds how late stop() and pause() are noticed. */
const pollMsMax = 200;

export type ReadRecord = TopicRecord & { partition: number; offset: bigint };

/** Starts reading `topic`; the returned handle stops it. Fails at once when the topic does not exist. */
export async function startTopicReader(
  fjord: Fjord,
  id: string,
  topic: string,
  options: { fromBeginning: boolean },
  onRecord: (record: ReadRecord) => void,
  onStopped: (handle: QueryHandle) => void = () => {},
): Promise<QueryHandle> {
  const [description] = await fjord.admin('fjord-sql-admin').describeTopics([topic]).catch((error: unknown) => {
    throw error instanceof FjordError && error.code === 'UNKNOWN_TOPIC_OR_PARTITION' ? new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic ${topic} does not exist`, { cause: error }) : error;
  });
  const consumer = fjord.consumer({ clientId: `fjord-sql-print-${id}`, groupId: null, enableAutoCommit: false, autoOffsetReset: options.fromBeginning ? 'earliest' : 'latest' });
  const tps = description.partitions.map((p) => ({ topic, partition: p.partition }));
  try {
    consumer.assign(tps);
    if (options.fromBeginning) await consumer.seekToBeginning(tps);
    else await consumer.seekToEnd(tps);
  } catch (error) {
    await consumer.close().catch(() => {});
    throw error;
  }
  return new TopicReader(id, consumer, onRecord, onStopped);
}

class TopicReader implements QueryHandle {
  private stateValue: QueryState = 'RUNNING';
  private failure: Error | null = null;
  private readonly loop: Promise<void>;
  private stopped: Promise<void> | null = null;

  constructor(
    readonly id: string,
    private readonly consumer: Consumer,
    private readonly onRecord: (record: ReadRecord) => void,
    private readonly onStopped: (handle: QueryHandle) => void,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    try {
      while (this.stateValue === 'RUNNING' || this.stateValue === 'PAUSED') {
        if (this.stateValue === 'PAUSED') {
          await new Promise((r) => setTimeout(r, pollMsMax));
          continue;
        }
        const records = await this.consumer.poll(pollMsMax);
        for (const r of records) {
          // Stopped by the callback (a LIMIT reached): deliver nothing more.
          if ((this.stateValue as QueryState) !== 'RUNNING') break;
          this.onRecord(toTopicRecord(r));
        }
      }
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.stateValue = 'ERROR';
    }
  }

  state(): QueryState {
    return this.stateValue;
  }

  error(): Error | null {
    return this.failure;
  }

  async pause(): Promise<void> {
    if (this.stateValue === 'RUNNING') this.stateValue = 'PAUSED';
  }

  async resume(): Promise<void> {
    if (this.stateValue === 'PAUSED') this.stateValue = 'RUNNING';
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.stateValue !== 'ERROR') this.stateValue = 'TERMINATED';
      await this.loop;
      await this.consumer.close();
      this.onStopped(this);
    })();
    return this.stopped;
  }

  store(): unknown {
    return null;
  }
}

function toTopicRecord(r: ConsumerRecord): ReadRecord {
  return { key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, partition: r.partition, offset: r.offset };
}
