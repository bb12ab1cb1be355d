/**
 * The simulator's partition-replication invariants (Kafka's guarantees for acks=all with clean
 * leader election):
 *
 * - one broker acts as leader of a partition per leader epoch;
 * - a leader's high watermark never moves backwards within its leader epoch, nor past its log end;
 * - what was below any leader's high watermark (what consumers may have read) never changes: the
 *   checker records each offset's record the first time some leader's high watermark passes it,
 *   and every later leader, consumer read and acknowledgement must agree;
 * - per producer, the records below the high watermark carry its sequences in order, with no
 *   gap and no duplicate (idempotent producers: exactly once);
 * - every acknowledged record is below the high watermark at the offset it was acknowledged with;
 * - after the run, the partition's leader and every caught-up ISR member hold every such record.
 */
import { InvariantViolation } from './invariants.js';
import type { SimPartitionLog } from './sim-partition-log.js';

interface Committed {
  /** recordId by offset (offsets start at 0: the simulated logs never delete records). */
  readonly records: string[];
  readonly lastSequence: Map<number, number>;
}

/** Checks the replication invariants (see the file comment). */
export class ReplicationChecker {
  private readonly committed = new Map<string, Committed>();
  private readonly hwOf = new Map<string, bigint>();
  private readonly leaderOfEpoch = new Map<string, number>();
  private readonly newestEpoch = new Map<string, number>();
  acknowledged = 0;
  consumed = 0;

  private of(partition: string): Committed {
    let c = this.committed.get(partition);
    if (c === undefined) this.committed.set(partition, (c = { records: [], lastSequence: new Map() }));
    return c;
  }

  /** Records below the high watermark of all leaders so far. */
  committedCount(partition: string): number {
    return this.committed.get(partition)?.records.length ?? 0;
  }

  /** A leader's high watermark moved from `from` to `to` over its log. */
  onHighWatermark(broker: number, partition: string, leaderEpoch: number, from: bigint, to: bigint, log: SimPartitionLog): void {
    const key = `${broker}/${partition}@${leaderEpoch}`;
    const last = this.hwOf.get(key);
    if ((last !== undefined && to < last) || to < from) {
      throw new InvariantViolation('high watermark never goes backwards', `broker ${broker} leader of ${partition} in epoch ${leaderEpoch}: ${last ?? from} → ${to}`);
    }
    this.hwOf.set(key, to);
    if (to > log.logEndOffset) {
      throw new InvariantViolation('high watermark within the log', `broker ${broker} ${partition}: high watermark ${to} past its log end ${log.logEndOffset}`);
    }
    const c = this.of(partition);
    for (let o = from; o < to; o++) {
      const b = log.batchAt(o);
      const where = `${partition} offset ${o} on broker ${broker} (leader epoch ${leaderEpoch})`;
      if (b === undefined) throw new InvariantViolation('records below the high watermark never change', `${where} is missing below its high watermark ${to}`);
      const i = Number(o);
      if (i < c.records.length) {
        if (c.records[i] !== b.recordId) {
          throw new InvariantViolation('records below the high watermark never change', `${where} holds ${b.recordId}, but ${c.records[i]} was committed there`);
        }
        continue;
      }
      if (i !== c.records.length) throw new InvariantViolation('records below the high watermark never change', `${where}: offsets ${c.records.length}..${i - 1} were never committed`);
      const expected = (c.lastSequence.get(b.producerId) ?? -1) + 1;
      if (b.sequence !== expected) {
        throw new InvariantViolation(
          'exactly once, in order',
          `${where}: producer ${b.producerId} sequence ${b.sequence} committed after ${expected - 1} (${b.sequence < expected ? 'a duplicate' : 'a gap'})`,
        );
      }
      c.lastSequence.set(b.producerId, b.sequence);
      c.records.push(b.recordId);
    }
  }

  /**
   * A new leader's log must agree with every committed record it holds; one broker leads an
   * epoch. A leader of an epoch older than one already led (its metadata lagged behind two
   * elections) can hold an old leader's tail where later leaders committed other records; it
   * cannot commit anything (its followers moved on), so only what it will serve as committed
   * — below its starting high watermark — must agree.
   */
  onBecomeLeader(broker: number, partition: string, leaderEpoch: number, log: SimPartitionLog, startHw: bigint): void {
    const epochKey = `${partition}@${leaderEpoch}`;
    const other = this.leaderOfEpoch.get(epochKey);
    if (other !== undefined && other !== broker) {
      throw new InvariantViolation('one leader per leader epoch', `brokers ${other} and ${broker} both led ${partition} in leader epoch ${leaderEpoch}`);
    }
    this.leaderOfEpoch.set(epochKey, broker);
    const newest = this.newestEpoch.get(partition) ?? -1;
    if (leaderEpoch > newest) this.newestEpoch.set(partition, leaderEpoch);
    const c = this.of(partition);
    const end = Math.min(c.records.length, Number(leaderEpoch >= newest ? log.logEndOffset : startHw));
    for (let i = Number(log.logStartOffset); i < end; i++) {
      if (log.batchAt(BigInt(i))!.recordId !== c.records[i]) {
        throw new InvariantViolation('records below the high watermark never change', `broker ${broker} became leader of ${partition} (epoch ${leaderEpoch}) with ${log.batchAt(BigInt(i))!.recordId} at committed offset ${i} (${c.records[i]})`);
      }
    }
  }

  /** An acks=all producer was told its record is at `offset`. */
  onAcknowledged(partition: string, offset: bigint, recordId: string): void {
    this.acknowledged++;
    const got = this.of(partition).records[Number(offset)];
    if (got !== recordId) {
      throw new InvariantViolation('acknowledged records are committed', `${partition}: ${recordId} acknowledged at offset ${offset}, committed there: ${got ?? 'nothing'}`);
    }
  }

  /** A consumer read `recordId` at `offset` (below its leader's high watermark). */
  onConsumed(partition: string, offset: bigint, recordId: string): void {
    this.consumed++;
    const got = this.of(partition).records[Number(offset)];
    if (got !== recordId) throw new InvariantViolation('consumers see only committed records', `${partition}: read ${recordId} at offset ${offset}, committed there: ${got ?? 'nothing'}`);
  }

  /** After the run: a replica (the leader, or an ISR member that caught up) holds every committed record. */
  checkHoldsCommitted(broker: number, role: string, partition: string, log: SimPartitionLog): void {
    const c = this.of(partition);
    for (let i = 0; i < c.records.length; i++) {
      const b = log.batchAt(BigInt(i));
      if (b?.recordId !== c.records[i]) {
        throw new InvariantViolation('committed records survive failover', `${role} ${broker} of ${partition} holds ${b?.recordId ?? 'nothing'} at offset ${i}, committed: ${c.records[i]}`);
      }
    }
  }
}
