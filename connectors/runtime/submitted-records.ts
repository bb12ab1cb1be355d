/**
 * Which source offsets may be committed (Kafka Connect's SubmittedRecords): records of one source
 * partition are acknowledged by the producer in any order, but an offset is committable only when
 * every earlier record of its partition was acknowledged too, so a crash never skips a record
 * that did not reach the topic. Pure and synchronous.
 */
import { assert } from '../../core/errors.js';
import { canonicalJson, type SourceOffset, type SourcePartition } from './offset-store.js';

/** One submitted record; `ack()` it once the producer has it (or it was dropped on purpose). */
export interface SubmittedRecord {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset;
  acked: boolean;
}

interface PartitionQueue {
  partition: SourcePartition;
  entries: SubmittedRecord[];
  head: number;
}

/** Drop the consumed front of a queue once it is this long and over half the array. */
const COMPACT_AT = 1024;

export class SubmittedRecords {
  private readonly queues = new Map<string, PartitionQueue>();
  private unacked = 0;
  /** Tasks usually reuse one partition object for a whole batch: skip re-serialising it then. */
  private lastPartition: SourcePartition | null = null;
  private lastKey = '';

  /** Records submitted and not acknowledged yet. */
  get inflight(): number {
    return this.unacked;
  }

  submit(partition: SourcePartition, offset: SourceOffset): SubmittedRecord {
    if (partition !== this.lastPartition) {
      this.lastPartition = partition;
      this.lastKey = canonicalJson(partition);
    }
    const key = this.lastKey;
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = { partition, entries: [], head: 0 }));
    const record: SubmittedRecord = { partition, offset, acked: false };
    q.entries.push(record);
    this.unacked++;
    return record;
  }

  ack(record: SubmittedRecord): void {
    assert(!record.acked, 'a submitted record acknowledged twice');
    record.acked = true;
    this.unacked--;
  }

  /**
   * Removes every acknowledged prefix and returns, per source partition, the offset of the last
   * record in it: what may be committed now.
   */
  committable(): { partition: SourcePartition; offset: SourceOffset }[] {
    const out: { partition: SourcePartition; offset: SourceOffset }[] = [];
    for (const [key, q] of this.queues) {
      let last: SubmittedRecord | null = null;
      while (q.head < q.entries.length && q.entries[q.head].acked) last = q.entries[q.head++];
      if (last) out.push({ partition: q.partition, offset: last.offset });
      if (q.head === q.entries.length) this.queues.delete(key);
      else if (q.head >= COMPACT_AT && q.head * 2 > q.entries.length) {
        q.entries = q.entries.slice(q.head);
        q.head = 0;
      }
    }
    return out;
  }
}
