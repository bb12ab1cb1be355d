/**
 * One member of a classic group: what it joined with, the assignment the leader gave it, its
 * session deadline and the requests of it the coordinator has parked (a JoinGroup waiting for
 * the rebalance to end, a SyncGroup waiting for the leader's assignment).
 */
import { assert } from '../errors.js';
import type { JoinGroupRequestProtocol, JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { SyncGroupResponse } from '../protocol/generated/sync-group.js';

/** Answers a parked JoinGroup. */
export type JoinCallback = (res: JoinGroupResponse) => void;
/** Answers a parked SyncGroup. */
export type SyncCallback = (res: SyncGroupResponse) => void;

const EMPTY = Buffer.alloc(0);

/** A group member's state. Mutated only by Group and the coordinator's request functions. */
export class Member {
  memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly protocolType: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: JoinGroupRequestProtocol[];
  /** The leader's assignment for this member in the current generation. */
  assignment: Buffer = EMPTY;
  /** A parked JoinGroup; set while the member waits for the rebalance to complete. */
  joinCallback: JoinCallback | null = null;
  /** A parked SyncGroup; set while the member waits for the leader's assignment. */
  syncCallback: SyncCallback | null = null;
  /** True from the first join until that rebalance completes (KIP-394: new members may expire while waiting). */
  isNew = false;
  /** When the session ends unless a heartbeat (or another request) renews it. */
  heartbeatDeadlineMs: number;

  constructor(fields: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    protocolType: string;
    rebalanceTimeoutMs: number;
    sessionTimeoutMs: number;
    protocols: JoinGroupRequestProtocol[];
    heartbeatDeadlineMs: number;
  }) {
    this.memberId = fields.memberId;
    this.groupInstanceId = fields.groupInstanceId;
    this.clientId = fields.clientId;
    this.clientHost = fields.clientHost;
    this.protocolType = fields.protocolType;
    this.rebalanceTimeoutMs = fields.rebalanceTimeoutMs;
    this.sessionTimeoutMs = fields.sessionTimeoutMs;
    this.protocols = fields.protocols;
    this.heartbeatDeadlineMs = fields.heartbeatDeadlineMs;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.joinCallback !== null;
  }

  get isAwaitingSync(): boolean {
    return this.syncCallback !== null;
  }

  /**
   * Whether the session may end at its deadline. A member parked in a rebalance cannot
   * heartbeat on that connection, so it is kept alive, except a new member waiting for its
   * first join to complete: that one may have gone away, and would otherwise block forever.
   */
  get canExpire(): boolean {
    if (this.isNew) return true;
    return !this.isAwaitingJoin && !this.isAwaitingSync;
  }

  /** The member's metadata for `protocolName` (empty if it does not support it). */
  metadata(protocolName: string | null): Buffer {
    if (protocolName === null) return EMPTY;
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY;
  }

  /** True if it joined with exactly these protocols, in this order, with this metadata. */
  matches(protocols: readonly JoinGroupRequestProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }

  /** The member's most preferred protocol among `candidates` (its list is in preference order). */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    assert(choice !== undefined, `member ${this.memberId} supports no candidate protocol`);
    return choice.name;
  }
}
