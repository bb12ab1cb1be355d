/**
 * What the coordinator's state changes produce besides return values: answers to parked (or
 * immediate) JoinGroup/SyncGroup requests, and records to append to `__consumer_offsets`.
 *
 * Answers are queued while state changes and delivered only once the public call has finished
 * changing state, so a callback that re-enters the coordinator sees a consistent group.
 * Records are kept by key, latest value winning (what log compaction keeps anyway), so
 * the outbox never holds more than one record per key; it is also capped (`RECORDS_PENDING_MAX`).
 */
import type { JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { SyncGroupResponse } from '../protocol/generated/sync-group.js';
import type { Member } from './member.js';
import type { OffsetsTopicRecord } from './offsets-topic-codec.js';

/** Most undrained records kept; beyond it the oldest are dropped (and counted), never the newest. */
export const RECORDS_PENDING_MAX = 100_000;

/** Queued answers and records; owned by one GroupCoordinator. */
export class Effects {
  private readonly replies: Array<() => void> = [];
  private readonly outbox = new Map<string, OffsetsTopicRecord>();
  /** Records dropped because the driver did not drain them in time. */
  recordsDropped = 0;

  /** Queues an answer. */
  reply(deliver: () => void): void {
    this.replies.push(deliver);
  }

  /** Answers a member's parked JoinGroup, if it has one; returns whether it had. */
  answerJoin(member: Member, res: JoinGroupResponse): boolean {
    const callback = member.joinCallback;
    if (callback === null) return false;
    member.joinCallback = null;
    this.replies.push(() => callback(res));
    return true;
  }

  /** Answers a member's parked SyncGroup, if it has one; returns whether it had. */
  answerSync(member: Member, res: SyncGroupResponse): boolean {
    const callback = member.syncCallback;
    if (callback === null) return false;
    member.syncCallback = null;
    this.replies.push(() => callback(res));
    return true;
  }

  /** Delivers queued answers in order; answers queued by re-entrant calls are delivered too. */
  flushReplies(): void {
    // Each delivery is one request's answer; a re-entrant call can only add answers of its own
    // members, so the loop ends once the callers stop calling back.
    while (this.replies.length > 0) this.replies.shift()!();
  }

  /** Queues a record; a later record with the same key replaces it (and moves to the end). */
  record(rec: OffsetsTopicRecord): void {
    const key = rec.key.toString('latin1');
    this.outbox.delete(key);
    this.outbox.set(key, rec);
    while (this.outbox.size > RECORDS_PENDING_MAX) {
      this.outbox.delete(this.outbox.keys().next().value!);
      this.recordsDropped++;
    }
  }

  /** Drops the queued records of the groups `belongs` selects (their coordinator moved away). */
  discardRecords(belongs: (groupId: string) => boolean): void {
    for (const [key, rec] of this.outbox) if (belongs(rec.group)) this.outbox.delete(key);
  }

  /** Takes the queued records (of `groups` only, if given), oldest first. */
  drainRecords(groups?: ReadonlySet<string>): OffsetsTopicRecord[] {
    if (groups === undefined) {
      const records = [...this.outbox.values()];
      this.outbox.clear();
      return records;
    }
    const records: OffsetsTopicRecord[] = [];
    for (const [key, rec] of this.outbox) {
      if (!groups.has(rec.group)) continue;
      records.push(rec);
      this.outbox.delete(key);
    }
    return records;
  }
}
