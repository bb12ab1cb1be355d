/**
 * The data Raft works with: log entries, the hard state, snapshots, peer messages and the
 * `Ready` a node hands its host after every input. Nothing here does I/O.
 */

/** A node id: the controller id from `--controller-quorum` (`1@host:port` → 1). */
export type NodeId = number;

/** "No node" for `votedFor` and `leaderId`. */
export const NO_NODE = -1;

/** One log entry. `data` of length 0 is the no-op a new leader appends to commit its term. */
export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

/** What must survive a crash besides the log (etcd's HardState). */
export interface HardState {
  readonly term: number;
  readonly votedFor: NodeId;
  /** Commit index: persisted so a restarted node can re-apply without waiting for a leader. */
  readonly commit: number;
}

/** A state-machine snapshot covering every entry up to and including `index`. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

/** The empty snapshot a fresh node starts from (index 0, term 0). */
export const EMPTY_SNAPSHOT: Snapshot = { index: 0, term: 0, data: new Uint8Array(0) };

/** A node's role; a pre-candidate runs a pre-vote without bumping its term. */
export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

interface MessageBase {
  readonly from: NodeId;
  readonly to: NodeId;
  /** The sender's term; a pre-vote request carries the term it would campaign in. */
  readonly term: number;
}

/** RequestVote, or PreVote when `pre` is true (the sender's term is not bumped yet). */
export interface VoteRequest extends MessageBase {
  readonly type: 'vote';
  readonly pre: boolean;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}

/** A granted or refused (pre-)vote. */
export interface VoteResponse extends MessageBase {
  readonly type: 'vote-response';
  readonly pre: boolean;
  readonly granted: boolean;
}

/** AppendEntries: entries after (prevLogIndex, prevLogTerm), plus the leader's commit index. */
export interface AppendRequest extends MessageBase {
  readonly type: 'append';
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

/**
 * Answer to append and snapshot. On success `index` is the last index known to match; on
 * rejection it is the `prevLogIndex` that did not match (so the leader can drop stale rejections),
 * and `conflictIndex`/`conflictTerm` let the leader skip a whole term at once (fast back-off):
 * `conflictTerm` is the follower's term at `prevLogIndex` (0 if its log is too short) and
 * `conflictIndex` is the first index it holds of that term (or its lastIndex + 1).
 */
export interface AppendResponse extends MessageBase {
  readonly type: 'append-response';
  readonly success: boolean;
  readonly index: number;
  readonly conflictIndex: number;
  readonly conflictTerm: number;
}

/** Leader liveness; carries a commit index the follower is known to hold (etcd's min(match, commit)). */
export interface HeartbeatRequest extends MessageBase {
  readonly type: 'heartbeat';
  readonly commit: number;
}

/** Tells the leader the follower is alive (check-quorum, probing). */
export interface HeartbeatResponse extends MessageBase {
  readonly type: 'heartbeat-response';
}

/** InstallSnapshot: the whole snapshot in one message (metadata snapshots are small). */
export interface SnapshotRequest extends MessageBase {
  readonly type: 'snapshot';
  readonly snapshot: Snapshot;
}

/** Every message Raft nodes exchange. */
export type Message =
  | VoteRequest
  | VoteResponse
  | AppendRequest
  | AppendResponse
  | HeartbeatRequest
  | HeartbeatResponse
  | SnapshotRequest;

/**
 * What the host must do after an input, in this order (see core/cluster/README.md):
 * 1. durably persist `snapshot` (if any), then `entries` (overwriting any suffix from
 *    `entries[0].index`), then `hardState` (if any), and fsync;
 * 2. only then send `messages` (a vote or an append acknowledgement must never be sent for
 *    state that a crash could still lose);
 * 3. install `snapshot` into the state machine (if any), then apply `committedEntries` in order;
 * 4. call `advance(ready)` (or `persisted()` + `applied()` separately).
 */
export interface Ready {
  readonly hardState: HardState | null;
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | null;
  readonly messages: readonly Message[];
  readonly committedEntries: readonly Entry[];
}

/** True when a Ready carries nothing to do. */
export function isEmptyReady(ready: Ready): boolean {
  return (
    ready.hardState === null &&
    ready.entries.length === 0 &&
    ready.snapshot === null &&
    ready.messages.length === 0 &&
    ready.committedEntries.length === 0
  );
}
