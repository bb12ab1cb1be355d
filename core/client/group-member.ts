/**
 * A consumer's membership in a group, client side of Kafka's classic group protocol: JoinGroup
 * (with the MEMBER_ID_REQUIRED round trip), the leader's assignment, SyncGroup, heartbeats on a
 * timer, LeaveGroup. The consumer drives it from poll(); heartbeats only raise `needsJoin`.
 */
import { FjordError, kafkaError } from '../errors.js';
import type { Logger } from '../io/logger.js';
import type { TimerHandle, Timers } from '../io/timers.js';
import { assignorFor } from '../group/assignors/index.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../group/consumer-protocol.js';
import { errorCode } from '../protocol/error-codes.js';
import type { ConsumerConfig } from './consumer-config.js';
import type { MetadataCache } from './metadata-cache.js';
import type { TopicPartition } from './record-types.js';
import type { Transport } from './transport.js';

const JOIN_ATTEMPTS_MAX = 20;

export interface Assignment {
  partitions: TopicPartition[];
  protocol: string;
  generationId: number;
}

export class GroupMember {
  memberId = '';
  generationId = -1;
  protocol: string | null = null;
  needsJoin = true;
  private heartbeatTimer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly transport: Transport,
    private readonly config: ConsumerConfig,
    private readonly groupId: string,
    private readonly metadata: MetadataCache,
    private readonly timers: Timers,
    private readonly logger: Logger,
  ) {}

  /** True when the group will use the cooperative protocol (every strategy offered is cooperative). */
  get cooperative(): boolean {
    return (this.protocol ?? this.config.partitionAssignmentStrategy[0]) === 'cooperative-sticky';
  }

  /** Joins (or rejoins) and syncs; returns this member's new assignment. */
  async join(topics: string[], owned: TopicPartition[]): Promise<Assignment> {
    for (let attempt = 1; attempt <= JOIN_ATTEMPTS_MAX; attempt++) {
      const joined = await this.sendJoin(topics, owned);
      if (!joined) continue;
      const assignments = joined.leader === this.memberId ? await this.assign(joined.protocol, joined.members) : [];
      const partitions = await this.sendSync(joined.protocol, assignments);
      if (!partitions) continue;
      this.needsJoin = false;
      this.startHeartbeats();
      return { partitions, protocol: joined.protocol, generationId: this.generationId };
    }
    throw new FjordError('REBALANCE_IN_PROGRESS', `group '${this.groupId}': could not complete a rebalance in ${JOIN_ATTEMPTS_MAX} attempts`);
  }

  private async sendJoin(topics: string[], owned: TopicPartition[]) {
    const res = must(await this.transport.request('JoinGroup', {
      groupId: this.groupId,
      sessionTimeoutMs: this.config.sessionTimeoutMs,
      rebalanceTimeoutMs: this.config.maxPollIntervalMs,
      memberId: this.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocols: this.config.partitionAssignmentStrategy.map((name) => ({
        name,
        metadata: encodeSubscription({ topics, userData: null, ownedPartitions: groupByTopic(owned), generationId: this.generationId, rackId: null }),
      })),
      reason: null,
    }), 'JoinGroup');
    if (res.errorCode === errorCode('MEMBER_ID_REQUIRED')) {
      this.memberId = res.memberId;
      return null;
    }
    if (res.errorCode === errorCode('UNKNOWN_MEMBER_ID') || res.errorCode === errorCode('ILLEGAL_GENERATION')) {
      this.reset();
      return null;
    }
    if (res.errorCode === errorCode('REBALANCE_IN_PROGRESS')) return null;
    if (res.errorCode !== 0) throw kafkaError(res.errorCode, `JoinGroup of group '${this.groupId}'`);
    this.memberId = res.memberId;
    this.generationId = res.generationId;
    this.protocol = res.protocolName;
    return { leader: res.leader, protocol: res.protocolName ?? '', members: res.members };
  }

  private async assign(protocol: string, members: { memberId: string; groupInstanceId?: string | null; metadata: Buffer }[]) {
    const subscriptions = members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null, ...decodeSubscription(m.metadata) }));
    const allTopics = [...new Set(subscriptions.flatMap((s) => s.topics))];
    const partitionsPerTopic = new Map<string, number>();
    for (const t of await this.metadata.refresh(allTopics)) partitionsPerTopic.set(t.name, t.partitions);
    const plan = assignorFor(protocol).assign(
      subscriptions.map((s) => ({ memberId: s.memberId, groupInstanceId: s.groupInstanceId, topics: s.topics, ownedPartitions: s.ownedPartitions ?? [], generationId: s.generationId })),
      partitionsPerTopic,
    );
    return members.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment({ assignedPartitions: plan.get(m.memberId) ?? [], userData: null }) }));
  }

  private async sendSync(protocol: string, assignments: { memberId: string; assignment: Buffer }[]): Promise<TopicPartition[] | null> {
    const res = must(await this.transport.request('SyncGroup', {
      groupId: this.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: this.config.groupInstanceId,
      protocolType: 'consumer',
      protocolName: protocol,
      assignments,
    }), 'SyncGroup');
    if (res.errorCode === errorCode('REBALANCE_IN_PROGRESS')) return null;
    if (res.errorCode === errorCode('UNKNOWN_MEMBER_ID') || res.errorCode === errorCode('ILLEGAL_GENERATION')) {
      this.reset();
      return null;
    }
    if (res.errorCode !== 0) throw kafkaError(res.errorCode, `SyncGroup of group '${this.groupId}'`);
    const decoded = decodeAssignment(res.assignment);
    return decoded.assignedPartitions.flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
  }

  private startHeartbeats(): void {
    if (this.heartbeatTimer || this.stopped) return;
    this.heartbeatTimer = this.timers.setTimeout(() => {
      this.heartbeatTimer = null;
      void this.heartbeat().finally(() => this.startHeartbeats());
    }, this.config.heartbeatIntervalMs);
    this.heartbeatTimer.unref?.();
  }

  private async heartbeat(): Promise<void> {
    if (this.generationId < 0 || this.needsJoin) return;
    try {
      const res = must(await this.transport.request('Heartbeat', { groupId: this.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.config.groupInstanceId }), 'Heartbeat');
      if (res.errorCode === 0) return;
      if (res.errorCode === errorCode('REBALANCE_IN_PROGRESS')) this.needsJoin = true;
      else if (res.errorCode === errorCode('FENCED_INSTANCE_ID')) {
        this.logger.error(`group '${this.groupId}': fenced, another consumer uses group.instance.id '${this.config.groupInstanceId}'`);
        this.stop();
      } else {
        this.reset();
      }
    } catch (err) {
      this.logger.warn(`group '${this.groupId}': heartbeat failed: ${(err as Error).message}`);
    }
  }

  /** Forgets the membership (after UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION): the next poll rejoins. */
  reset(): void {
    this.memberId = this.config.groupInstanceId ? this.memberId : '';
    this.generationId = -1;
    this.needsJoin = true;
  }

  /** Leaves the group (dynamic members only: a static member keeps its place for a restart). */
  async leave(): Promise<void> {
    this.stop();
    if (this.config.groupInstanceId || this.memberId === '') return;
    await this.transport
      .request('LeaveGroup', {
        groupId: this.groupId,
        members: [{ memberId: this.memberId, groupInstanceId: null, reason: 'the consumer is being closed' }],
      })
      .catch((err: Error) => this.logger.warn(`group '${this.groupId}': leave failed: ${err.message}`));
    this.reset();
  }

  stop(): void {
    this.stopped = true;
    if (this.heartbeatTimer) this.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}

export function groupByTopic(tps: TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) {
    const list = byTopic.get(tp.topic) ?? [];
    list.push(tp.partition);
    byTopic.set(tp.topic, list);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions: partitions.sort((a, b) => a - b) }));
}

function must<T>(res: T | null, api: string): T {
  if (!res) throw new Error(`assertion failed: ${api} got no response`);
  return res;
}
