/**
 * The group coordinator's configuration (Kafka's `group.*` and `offsets.*` broker settings) and
 * what every request function is handed: the config, the clock, the id generator, the groups and
 * the effects sink.
 */
import { assert } from '../errors.js';
import type { Effects } from './effects.js';
import type { Group } from './group.js';

/** Broker settings of the group coordinator; names and defaults are Kafka's. */
export interface GroupCoordinatorConfig {
  /** `group.min.session.timeout.ms`: smallest session timeout a member may ask for. */
  groupMinSessionTimeoutMs: number;
  /** `group.max.session.timeout.ms`: largest session timeout a member may ask for. */
  groupMaxSessionTimeoutMs: number;
  /** `group.initial.rebalance.delay.ms`: how long a join into an empty group waits for more members. */
  groupInitialRebalanceDelayMs: number;
  /** `group.max.size`: most members (and handed-out member ids) a group holds. */
  groupMaxSize: number;
  /** `offsets.retention.ms`: how long offsets outlive an emptied group (or their last commit). */
  offsetsRetentionMs: number;
  /** `offsets.retention.check.interval.ms`: how often tick() looks for expired offsets. */
  offsetsRetentionCheckIntervalMs?: number;
  /** `offset.metadata.max.bytes`: longest metadata string a commit may carry. */
  offsetMetadataMaxBytes?: number;
}

/** Kafka's defaults. */
export const defaultGroupCoordinatorConfig: GroupCoordinatorConfig = {
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1800000,
  groupInitialRebalanceDelayMs: 3000,
  groupMaxSize: 2147483647,
  offsetsRetentionMs: 604800000,
  offsetsRetentionCheckIntervalMs: 600000,
  offsetMetadataMaxBytes: 4096,
};

/** Who sent a request, and in which API version. */
export interface RequestContext {
  clientId: string;
  clientHost: string;
  apiVersion: number;
}

/**
 * How long a new member's first JoinGroup may stay parked (Kafka's NewMemberJoinTimeoutMs,
 * KIP-394): a client that went away while waiting must not hold the rebalance forever.
 */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

/** Everything the request functions share; owned by GroupCoordinator. */
export interface CoordinatorContext {
  readonly config: Required<GroupCoordinatorConfig>;
  readonly nowMs: () => number;
  readonly newMemberId: (clientId: string) => string;
  readonly groups: Map<string, Group>;
  readonly effects: Effects;
}

/** Fills optional settings with Kafka's defaults and checks the ranges. */
export function resolveConfig(config: GroupCoordinatorConfig): Required<GroupCoordinatorConfig> {
  const resolved = { ...(defaultGroupCoordinatorConfig as Required<GroupCoordinatorConfig>), ...stripUndefined(config) };
  assert(resolved.groupMinSessionTimeoutMs >= 0, 'groupMinSessionTimeoutMs must be >= 0');
  assert(resolved.groupMinSessionTimeoutMs <= resolved.groupMaxSessionTimeoutMs, 'groupMinSessionTimeoutMs must be <= groupMaxSessionTimeoutMs');
  assert(resolved.groupInitialRebalanceDelayMs >= 0, 'groupInitialRebalanceDelayMs must be >= 0');
  assert(resolved.groupMaxSize >= 1, 'groupMaxSize must be >= 1');
  assert(resolved.offsetsRetentionMs >= 1, 'offsetsRetentionMs must be >= 1');
  assert(resolved.offsetsRetentionCheckIntervalMs >= 1, 'offsetsRetentionCheckIntervalMs must be >= 1');
  assert(resolved.offsetMetadataMaxBytes >= 0, 'offsetMetadataMaxBytes must be >= 0');
  return resolved;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

