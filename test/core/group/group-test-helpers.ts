/**
 * Drives a GroupCoordinator the way a consumer would, with a ManualClock and deterministic
 * member ids (`${clientId}-${n}`), and captures the answers of parked requests.
 */
import { expect } from 'chai';
import { ManualClock } from '../../../core/io/clock.js';
import { encodeAssignment, encodeSubscription } from '../../../core/group/consumer-protocol.js';
import {
  defaultGroupCoordinatorConfig,
  GroupCoordinator,
  GroupCoordinatorConfig,
  RequestContext,
} from '../../../core/group/group-coordinator.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../../../core/protocol/generated/join-group.js';
import type { SyncGroupResponse } from '../../../core/protocol/generated/sync-group.js';

export const SESSION_MS = 10_000;
export const REBALANCE_MS = 30_000;
export const INITIAL_DELAY_MS = 3_000;

/** An answer that may come later. */
export class Answer<T> {
  value: T | undefined;
  count = 0;
  readonly set = (v: T): void => {
    this.value = v;
    this.count++;
  };
  get(): T {
    expect(this.value, 'request not answered yet').to.not.equal(undefined);
    return this.value!;
  }
  get answered(): boolean {
    return this.value !== undefined;
  }
}

export function rctx(apiVersion: number, clientId = 'c'): RequestContext {
  return { clientId, clientHost: '/127.0.0.1', apiVersion };
}

export function setup(overrides: Partial<GroupCoordinatorConfig> = {}): { clock: ManualClock; coord: GroupCoordinator } {
  const clock = new ManualClock(1_000_000);
  let n = 0;
  const coord = new GroupCoordinator({ ...defaultGroupCoordinatorConfig, ...overrides }, clock, (clientId) => `${clientId}-${++n}`);
  return { clock, coord };
}

export interface JoinOptions {
  memberId?: string;
  groupInstanceId?: string | null;
  topics?: string[];
  protocols?: string[];
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  protocolType?: string;
}

export function joinRequest(groupId: string, o: JoinOptions = {}): JoinGroupRequest {
  const metadata = encodeSubscription({ topics: o.topics ?? ['t'] }, 0);
  return {
    groupId,
    sessionTimeoutMs: o.sessionTimeoutMs ?? SESSION_MS,
    rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? REBALANCE_MS,
    memberId: o.memberId ?? '',
    groupInstanceId: o.groupInstanceId ?? null,
    protocolType: o.protocolType ?? 'consumer',
    protocols: (o.protocols ?? ['range']).map((name) => ({ name, metadata })),
  };
}

export function join(coord: GroupCoordinator, groupId: string, o: JoinOptions = {}, version = 5, clientId = 'c'): Answer<JoinGroupResponse> {
  const answer = new Answer<JoinGroupResponse>();
  coord.joinGroup(joinRequest(groupId, o), rctx(version, clientId), answer.set);
  return answer;
}

/** A v4+ join: MEMBER_ID_REQUIRED, then the rejoin with the handed-out id (its answer may be parked). */
export function joinNew(coord: GroupCoordinator, groupId: string, o: JoinOptions = {}, clientId = 'c'): Answer<JoinGroupResponse> {
  const first = join(coord, groupId, o, 5, clientId).get();
  expect(first.errorCode).to.equal(79);
  return join(coord, groupId, { ...o, memberId: first.memberId }, 5, clientId);
}

export function sync(
  coord: GroupCoordinator,
  groupId: string,
  memberId: string,
  generationId: number,
  assignments: { memberId: string; assignment: Buffer }[] = [],
  groupInstanceId: string | null = null,
): Answer<SyncGroupResponse> {
  const answer = new Answer<SyncGroupResponse>();
  coord.syncGroup({ groupId, generationId, memberId, groupInstanceId, assignments }, rctx(3), answer.set);
  return answer;
}

export function heartbeat(coord: GroupCoordinator, groupId: string, memberId: string, generationId: number, groupInstanceId: string | null = null): number {
  return coord.heartbeat({ groupId, generationId, memberId, groupInstanceId }, rctx(3)).errorCode;
}

/** An assignment that gives each member one marker topic, so members can tell theirs apart. */
export function assignmentFor(memberId: string): Buffer {
  return encodeAssignment({ assignedPartitions: [{ topic: `for-${memberId}`, partitions: [0] }] }, 0);
}

/**
 * Lets the initial rebalance delay pass, as often as it is extended (each member that joined
 * during a delay extends it once more, up to the rebalance timeout).
 */
export function waitForJoins(clock: ManualClock, coord: GroupCoordinator, joins: Answer<JoinGroupResponse>[]): void {
  for (let i = 0; i <= REBALANCE_MS / INITIAL_DELAY_MS && !joins.every((j) => j.answered); i++) {
    clock.advance(INITIAL_DELAY_MS);
    coord.tick();
  }
}

/**
 * Brings `count` members into a stable group: each joins (MEMBER_ID_REQUIRED flow), the
 * initial delay passes, the leader syncs assignments, followers sync. Returns member ids
 * (leader first) and the generation.
 */
export function stableGroup(clock: ManualClock, coord: GroupCoordinator, groupId: string, count: number, o: JoinOptions = {}): { memberIds: string[]; generationId: number; leaderId: string } {
  const joins = Array.from({ length: count }, (_, i) => joinNew(coord, groupId, o, `c${i}`));
  waitForJoins(clock, coord, joins);
  const answers = joins.map((a) => a.get());
  const leader = answers.find((a) => a.leader === a.memberId)!;
  const generationId = leader.generationId;
  const ids = answers.map((a) => a.memberId);
  sync(coord, groupId, leader.memberId, generationId, ids.map((id) => ({ memberId: id, assignment: assignmentFor(id) })));
  for (const id of ids) if (id !== leader.memberId) expect(sync(coord, groupId, id, generationId).get().errorCode).to.equal(0);
  return { memberIds: [leader.memberId, ...ids.filter((id) => id !== leader.memberId)], generationId, leaderId: leader.memberId };
}
