/**
 * Sends one store's changelog records (one changelog partition) and tracks the partition's end
 * offset for the next commit. A spill or a flush sends every dirty key at once, so the per-record
 * work is the send alone: records go with the producer's sendReportingFailure (no promise or
 * metadata per record), and the end offset is read from the producer's acknowledgements when
 * the task commits, after the producer has been flushed.
 */
import type { Producer } from '../../client/producer.js';

export class ChangelogWriter {
  /**
   * @param ends next offset per changelog partition (by `id`), updated by `recordEnd`
   * @param fail called with a send's error (the application stops; the commit must not happen)
   */
  constructor(
    private readonly producer: () => Producer,
    readonly topic: string,
    readonly partition: number,
    private readonly id: string,
    private readonly ends: Map<string, bigint>,
    private readonly fail: (error: Error) => void,
  ) {}

  send(key: Buffer, value: Buffer | null): void {
    this.producer().sendReportingFailure({ topic: this.topic, partition: this.partition, key, value }, this.fail);
  }

  /**
   * Sets the partition's end from what the producer had acknowledged. Call after the producer's
   * flush(), which waits for every send so far: the end then covers all of them.
   */
  recordEnd(): void {
    const acked = this.producer().ackedEndOffset(this.topic, this.partition);
    if (acked !== undefined && acked > (this.ends.get(this.id) ?? 0n)) this.ends.set(this.id, acked);
  }
}
