/**
 * Sends one store's changelog records (one changelog partition) and tracks the partition's end
 * offset for the next commit. A spill or a flush sends every dirty key at once, so the per-record
 * work is kept to the send itself: the acknowledgement handlers are made once per writer, not per
 * record, and only a count of unacknowledged sends is kept (not every send's promise).
 */
import type { Producer } from '../../client/producer.js';
import type { RecordMetadata } from '../../client/record-types.js';

export class ChangelogWriter {
  private outstanding = 0;
  private idle: (() => void)[] = [];

  /**
   * @param ends next offset per changelog partition (by `id`), updated as sends are acknowledged
   * @param fail called with each send's error (the application stops; the commit must not happen)
   */
  constructor(
    private readonly producer: () => Producer,
    readonly topic: string,
    readonly partition: number,
    private readonly id: string,
    private readonly ends: Map<string, bigint>,
    private readonly fail: (error: Error) => void,
  ) {}

  /** Records not acknowledged yet. */
  get pending(): number {
    return this.outstanding;
  }

  send(key: Buffer, value: Buffer | null): void {
    this.outstanding += 1;
    this.producer().send({ topic: this.topic, partition: this.partition, key, value }).then(this.acked, this.failed);
  }

  /** Resolves once every send so far is acknowledged (or failed). */
  async drained(): Promise<void> {
    while (this.outstanding > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private readonly acked = (md: RecordMetadata): void => {
    const next = md.offset + 1n;
    if (next > (this.ends.get(this.id) ?? 0n)) this.ends.set(this.id, next);
    this.settled();
  };

  private readonly failed = (error: Error): void => {
    this.fail(error);
    this.settled();
  };

  private settled(): void {
    this.outstanding -= 1;
    if (this.outstanding > 0 || this.idle.length === 0) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
