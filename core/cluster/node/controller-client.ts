/**
 * Calls the active controller from a broker or the CLI. It keeps one connection per voter,
 * remembers which one answered last, follows NOT_CONTROLLER's leader hint, and otherwise tries
 * the voters in turn, retrying retriable errors (no leader yet, connection lost, timeouts) until
 * `deadlineMs` runs out. Other refusals (TOPIC_ALREADY_EXISTS, STALE_BROKER_EPOCH, ...) are thrown
 * as they came.
 */
import { FjordError } from '../../errors.js';
import type { QuorumVoter } from '../raft/config.js';
import { PeerConnection, RemoteControllerError } from './peer-connection.js';

/** Timing of controller calls. */
export interface ControllerClientOptions {
  /** One attempt's time budget. */
  readonly attemptTimeoutMs: number;
  /** Pause between rounds of attempts when no controller answered. */
  readonly retryBackoffMs: number;
}

export const CONTROLLER_CLIENT_DEFAULTS: ControllerClientOptions = { attemptTimeoutMs: 3000, retryBackoffMs: 100 };

/** Codes worth trying again, maybe at another voter. */
const RETRY_CODES = new Set(['NOT_CONTROLLER', 'NETWORK_EXCEPTION', 'REQUEST_TIMED_OUT', 'THROTTLING_QUOTA_EXCEEDED', 'CLOSED']);

/** A client of the controller quorum (see the file comment). */
export class ControllerClient {
  private readonly connections = new Map<number, PeerConnection>();
  private preferred: number;
  private closed = false;

  constructor(
    private readonly voters: readonly QuorumVoter[],
    private readonly options: ControllerClientOptions = CONTROLLER_CLIENT_DEFAULTS,
  ) {
    if (voters.length === 0) throw new FjordError('INVALID_ARGUMENT', 'a controller client needs at least one voter');
    this.preferred = voters[0]!.id;
  }

  /** Sends `method` to the active controller, retrying until `deadlineMs` from now. */
  async call<T>(method: string, body: unknown, deadlineMs: number): Promise<T> {
    const endMs = Date.now() + deadlineMs;
    let last: Error = new FjordError('REQUEST_TIMED_OUT', `controller request ${method}: no attempt made`);
    let turn = 0;
    while (!this.closed && Date.now() < endMs) {
      const id = this.preferred;
      try {
        const budget = Math.max(1, Math.min(this.options.attemptTimeoutMs, endMs - Date.now()));
        return (await this.connection(id).request(method, body, budget)) as T;
      } catch (err) {
        if (!(err instanceof FjordError) || !RETRY_CODES.has(err.code)) throw err;
        last = err;
        const hint = err instanceof RemoteControllerError ? err.leaderId : undefined;
        if (hint !== undefined && hint !== id && this.voters.some((v) => v.id === hint)) {
          this.preferred = hint;
          continue;
        }
        this.preferred = this.voters[(this.voters.findIndex((v) => v.id === id) + 1) % this.voters.length]!.id;
        if (++turn % this.voters.length === 0) await sleep(this.options.retryBackoffMs);
      }
    }
    throw new FjordError('REQUEST_TIMED_OUT', `controller request ${method}: no active controller answered within ${deadlineMs} ms (last: ${last.message})`, { cause: last, retriable: true });
  }

  /** Calls `method` on one particular voter (e.g. `describe` on each). */
  callOne<T>(voterId: number, method: string, body: unknown, timeoutMs: number): Promise<T> {
    return this.connection(voterId).request(method, body, timeoutMs) as Promise<T>;
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections.values()) c.close();
  }

  private connection(id: number): PeerConnection {
    let c = this.connections.get(id);
    if (c === undefined) {
      const v = this.voters.find((x) => x.id === id);
      if (v === undefined) throw new FjordError('INVALID_ARGUMENT', `no controller voter with id ${id}`);
      c = new PeerConnection(v.host, v.port, { reconnectBackoffMs: 0, queuedFramesMax: 1024, connectTimeoutMs: this.options.attemptTimeoutMs });
      this.connections.set(id, c);
    }
    return c;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
