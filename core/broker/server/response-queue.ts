/**
 * The requests of one connection in the order they arrived, each waiting for its response.
 * Handlers finish out of order (a long-poll Fetch parks while a Metadata behind it answers at
 * once), but Kafka clients match responses to requests by order, so responses leave strictly
 * from the head. Pure bookkeeping: no sockets.
 */
import { assert } from '../../errors.js';

/** One request read from the connection. */
export interface PendingRequest {
  readonly correlationId: number;
  /** Bytes of the request frame, size prefix included. */
  readonly requestBytes: number;
  /** 'waiting' while the handler runs; 'none' for a request answered with nothing (acks=0). */
  state: 'waiting' | 'ready' | 'none';
  /** The encoded response frame, once ready. */
  chunks: Buffer[];
  responseBytes: number;
}

const NO_CHUNKS: Buffer[] = [];

/** Requests in arrival order, with the bytes they pin (request frames plus encoded responses). */
export class ResponseQueue {
  private readonly entries: PendingRequest[] = [];
  private head = 0;
  private bytesInFlight = 0;

  /** Requests read whose responses have not left the queue. */
  get length(): number {
    return this.entries.length - this.head;
  }

  /** Bytes pinned by the queued requests and their ready responses. */
  get bytes(): number {
    return this.bytesInFlight;
  }

  /** Appends a request that has just been read. */
  add(correlationId: number, requestBytes: number): PendingRequest {
    const entry: PendingRequest = { correlationId, requestBytes, state: 'waiting', chunks: NO_CHUNKS, responseBytes: 0 };
    this.entries.push(entry);
    this.bytesInFlight += requestBytes;
    return entry;
  }

  /** Records the response of `entry`: its frame chunks, or null when nothing is to be sent. */
  complete(entry: PendingRequest, chunks: Buffer[] | null): void {
    assert(entry.state === 'waiting', `request ${entry.correlationId} completed twice`);
    if (chunks === null) {
      entry.state = 'none';
      return;
    }
    let size = 0;
    for (const c of chunks) size += c.length;
    entry.state = 'ready';
    entry.chunks = chunks;
    entry.responseBytes = size;
    this.bytesInFlight += size;
  }

  /**
   * Removes and returns the head if its response is settled (ready or none), releasing its bytes;
   * undefined while the head is still waiting, even if later requests are ready.
   */
  takeReady(): PendingRequest | undefined {
    const entry = this.entries[this.head];
    if (entry === undefined || entry.state === 'waiting') return undefined;
    this.entries[this.head] = undefined as unknown as PendingRequest; // let the response be collected
    this.head++;
    this.bytesInFlight -= entry.requestBytes + entry.responseBytes;
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    return entry;
  }

  /** Drops everything (the connection is gone); late completions of dropped entries are ignored by the caller. */
  clear(): void {
    this.entries.length = 0;
    this.head = 0;
    this.bytesInFlight = 0;
  }
}
