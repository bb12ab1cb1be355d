/**
 * Where a connection's requests wait, in order, each place bounded:
 *
 * - `inFlight`: written and awaiting their response, oldest first (a broker answers in order);
 *   with acks=0 requests still being written, at most max.in.flight.requests.per.connection.
 * - `queue`: accepted but not yet written (the connection is busy or still connecting); at most
 *   queuedRequestsMax.
 * - `blocked`: callers waiting for queue space. These are suspended callers, not buffered data:
 *   their number is bounded by the callers' own limits (the producer's buffer.memory, the
 *   consumer's one fetch at a time).
 *
 * Pure bookkeeping: the connection writes, reads and keeps time.
 */
import type { ApiName } from '../../broker/apis.js';

/** One request from send() to its answer. */
export interface Call {
  api: ApiName;
  body: unknown;
  expectResponse: boolean;
  /** request.timeout.ms plus whatever the broker may hold this request on purpose. */
  timeoutMs: number;
  /** Until written: when waiting in the queue becomes a timeout. Once written: when the answer is late. */
  deadlineMs: number;
  /** Set when written. */
  correlationId: number;
  /** Set when written: the negotiated version it was encoded in. */
  version: number;
  resolve(response: unknown): void;
  reject(err: Error): void;
}

export class PendingCalls {
  private readonly inFlight: Call[] = [];
  private readonly queue: Call[] = [];
  private readonly blocked: Call[] = [];
  /** acks=0 requests handed to the socket but not yet written: they count against the in-flight window. */
  private writing = 0;

  constructor(
    private readonly inFlightMax: number,
    private readonly queuedMax: number,
  ) {}

  /** Requests accepted and not yet settled. */
  get count(): number {
    return this.inFlight.length + this.writing + this.queue.length + this.blocked.length;
  }

  /** Sizes of the three places (acks=0 writes count as in flight). */
  sizes(): { inFlight: number; queued: number; blocked: number } {
    return { inFlight: this.inFlight.length + this.writing, queued: this.queue.length, blocked: this.blocked.length };
  }

  /** Takes a new request; it waits blocked if the queue is full, or if others already wait (order is kept). */
  accept(call: Call): void {
    if (this.blocked.length > 0 || this.queue.length >= this.queuedMax) this.blocked.push(call);
    else this.queue.push(call);
  }

  /** The next request to write, if the in-flight window has room. */
  nextToWrite(): Call | undefined {
    if (this.queue.length === 0 || this.inFlight.length + this.writing >= this.inFlightMax) return undefined;
    const call = this.queue.shift()!;
    this.admitBlocked();
    return call;
  }

  /** A request was written and awaits its answer. */
  awaitAnswer(call: Call): void {
    this.inFlight.push(call);
  }

  /** An acks=0 request is being written; call `written()` when it left. */
  startWrite(): void {
    this.writing++;
  }

  written(): void {
    this.writing--;
  }

  /** The request the next response answers (the oldest in flight). */
  oldestInFlight(): Call | undefined {
    return this.inFlight[0];
  }

  /** Removes the oldest in-flight request (its answer arrived). */
  answered(): Call {
    return this.inFlight.shift()!;
  }

  /** Empties the in-flight list (the connection is gone) and returns what was in it. */
  takeInFlight(): Call[] {
    return this.inFlight.splice(0);
  }

  /** Empties every list and returns the requests, oldest first. */
  takeAll(): Call[] {
    return [...this.inFlight.splice(0), ...this.queue.splice(0), ...this.blocked.splice(0)];
  }

  /** The first in-flight request past its deadline, if any. */
  lateInFlight(nowMs: number): Call | undefined {
    return this.inFlight.find((c) => c.deadlineMs <= nowMs);
  }

  /** Removes and returns the queued and blocked requests past their deadline. */
  takeExpiredWaiting(nowMs: number): Call[] {
    const expired: Call[] = [];
    for (const list of [this.queue, this.blocked]) {
      for (let i = 0; i < list.length; ) {
        if (list[i].deadlineMs <= nowMs) expired.push(...list.splice(i, 1));
        else i++;
      }
    }
    this.admitBlocked();
    return expired;
  }

  private admitBlocked(): void {
    while (this.blocked.length > 0 && this.queue.length < this.queuedMax) this.queue.push(this.blocked.shift()!);
  }
}
