/**
 * What a leader knows about one follower's log (etcd's tracker.Progress):
 * - `probe`: next is a guess; one append at a time until the follower answers;
 * - `replicate`: next is known; appends are sent optimistically, at most `inflightMax` unacknowledged;
 * - `snapshot`: the follower is too far behind the compacted log; a snapshot is on its way.
 */
import type { NodeId } from './types.js';

/** How the leader currently replicates to a follower. */
export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** The leader's view of one follower (see the file comment). */
export class Progress {
  match = 0;
  next: number;
  state: ProgressState = 'probe';
  /** In probe: an append was sent and no answer or heartbeat response came back yet. */
  probeSent = false;
  /** Heard from since the last check-quorum round. */
  recentActive = false;
  /** In snapshot: the index of the snapshot sent. */
  pendingSnapshot = 0;
  /** In snapshot: heartbeat responses seen since it was sent (resend after an election timeout). */
  snapshotWaitBeats = 0;
  /** In replicate: last index of each append in flight, oldest first. */
  private inflight: number[] = [];

  constructor(
    readonly id: NodeId,
    next: number,
    private readonly inflightMax: number,
  ) {
    this.next = next;
  }

  /** True when no further append may be sent now. */
  isPaused(): boolean {
    if (this.state === 'probe') return this.probeSent;
    if (this.state === 'snapshot') return true;
    return this.inflight.length >= this.inflightMax;
  }

  becomeProbe(): void {
    this.next = this.state === 'snapshot' ? Math.max(this.match + 1, this.pendingSnapshot + 1) : this.match + 1;
    this.state = 'probe';
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflight = [];
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.next = this.match + 1;
    this.pendingSnapshot = 0;
    this.inflight = [];
  }

  becomeSnapshot(index: number): void {
    this.state = 'snapshot';
    this.pendingSnapshot = index;
    this.snapshotWaitBeats = 0;
    this.inflight = [];
  }

  /** Records an append ending at `lastIndex` as sent. */
  sent(lastIndex: number): void {
    if (this.state === 'probe') {
      this.probeSent = true;
    } else if (this.state === 'replicate' && lastIndex >= this.next) {
      this.next = lastIndex + 1;
      this.inflight.push(lastIndex);
    }
  }

  /**
   * A heartbeat answer while the inflight window is full: free one slot so the next append
   * goes out. Without this, a window of appends lost to a crashed follower pauses it forever.
   */
  freeOneInflight(): void {
    if (this.state === 'replicate' && this.inflight.length >= this.inflightMax) this.inflight.shift();
  }

  /** A success up to `index`; returns false for a stale (already known) acknowledgement. */
  acknowledge(index: number): boolean {
    this.probeSent = false;
    if (index <= this.match) return false;
    this.match = index;
    this.next = Math.max(this.next, index + 1);
    while (this.inflight.length > 0 && this.inflight[0]! <= index) this.inflight.shift();
    return true;
  }
}
