/**
 * Admin: topics, partitions, configs, consumer groups (with committed offsets and lag) and
 * offset resets — the operations of kafka-topics, kafka-configs and kafka-consumer-groups.
 */
import { FjordError, kafkaError } from '../errors.js';
import { decodeAssignment } from '../group/consumer-protocol.js';
import { fetchCommitted, commitOffsets, listOffsets } from './offset-lookups.js';
import { tpKey, type TopicPartition } from './record-types.js';
import type { Transport } from './transport.js';

export interface NewTopic {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export interface TopicDescription {
  name: string;
  internal: boolean;
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[] }[];
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  source: 'topic' | 'default' | 'broker';
  readOnly: boolean;
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: string;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; assignment: TopicPartition[] }[];
}

export interface GroupOffset extends TopicPartition {
  committed: bigint;
  logEndOffset: bigint;
  lag: bigint;
}

export type OffsetSpec = { to: 'earliest' } | { to: 'latest' } | { to: 'offset'; offset: bigint } | { to: 'timestamp'; timestamp: number };

export class Admin {
  constructor(private readonly transport: Transport) {}

  private async call<R>(promise: Promise<R | null>, api: string): Promise<R> {
    const res = await promise;
    if (!res) throw new Error(`assertion failed: ${api} got no response`);
    return res;
  }

  async createTopics(topics: NewTopic[], options: { validateOnly?: boolean } = {}): Promise<void> {
    const res = await this.call(this.transport.request('CreateTopics', {
      topics: topics.map((t) => ({
        name: t.topic,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs: 30000,
      validateOnly: options.validateOnly ?? false,
    }), 'CreateTopics');
    for (const t of res.topics) if (t.errorCode !== 0) throw kafkaError(t.errorCode, `create topic '${t.name}'`, t.errorMessage);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const res = await this.call(this.transport.request('DeleteTopics', { topics: topics.map((name) => ({ name, topicId: Buffer.alloc(16) })), timeoutMs: 30000 }), 'DeleteTopics');
    for (const t of res.responses) if (t.errorCode !== 0) throw kafkaError(t.errorCode, `delete topic '${t.name}'`, t.errorMessage);
  }

  /** Topic names, without internal topics unless asked. */
  async listTopics(options: { includeInternal?: boolean } = {}): Promise<string[]> {
    const all = await this.describeTopics(null);
    return all.filter((t) => options.includeInternal || !t.internal).map((t) => t.name).sort();
  }

  /** Partitions, leaders, replicas and ISR of the topics (null: every topic). */
  async describeTopics(topics: string[] | null): Promise<TopicDescription[]> {
    const res = await this.call(this.transport.request('Metadata', {
      topics: topics === null ? null : topics.map((name) => ({ name, topicId: Buffer.alloc(16) })),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    }), 'Metadata');
    return res.topics.map((t) => {
      if (t.errorCode !== 0) throw kafkaError(t.errorCode, `describe topic '${t.name}'`);
      return {
        name: t.name ?? '',
        internal: t.isInternal ?? false,
        partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes })),
      };
    });
  }

  /** Grows a topic to `totalCount` partitions. */
  async createPartitions(topic: string, totalCount: number): Promise<void> {
    const res = await this.call(this.transport.request('CreatePartitions', { topics: [{ name: topic, count: totalCount, assignments: null }], timeoutMs: 30000, validateOnly: false }), 'CreatePartitions');
    for (const r of res.results) if (r.errorCode !== 0) throw kafkaError(r.errorCode, `add partitions to '${r.name}'`, r.errorMessage);
  }

  async describeTopicConfig(topic: string): Promise<ConfigEntry[]> {
    const res = await this.call(this.transport.request('DescribeConfigs', {
      resources: [{ resourceType: 2, resourceName: topic, configurationKeys: null }],
      includeSynonyms: false,
      includeDocumentation: false,
    }), 'DescribeConfigs');
    const r = res.results[0];
    if (r.errorCode !== 0) throw kafkaError(r.errorCode, `describe config of topic '${topic}'`, r.errorMessage);
    return r.configs.map((c) => ({ name: c.name, value: c.value, source: c.configSource === 1 ? 'topic' : c.configSource === 5 ? 'default' : 'broker', readOnly: c.readOnly }));
  }

  /** Sets (value) or removes (null) topic config overrides. */
  async alterTopicConfig(topic: string, changes: Record<string, string | null>): Promise<void> {
    const res = await this.call(this.transport.request('IncrementalAlterConfigs', {
      resources: [{
        resourceType: 2,
        resourceName: topic,
        configs: Object.entries(changes).map(([name, value]) => ({ name, configOperation: value === null ? 1 : 0, value })),
      }],
      validateOnly: false,
    }), 'IncrementalAlterConfigs');
    const r = res.responses[0];
    if (r.errorCode !== 0) throw kafkaError(r.errorCode, `alter config of topic '${topic}'`, r.errorMessage);
  }

  /** Earliest (-2), latest (-1) or by-timestamp offsets of partitions. */
  async listOffsets(tps: TopicPartition[], spec: 'earliest' | 'latest' | { timestamp: number }): Promise<Map<string, bigint>> {
    const ts = spec === 'earliest' ? -2n : spec === 'latest' ? -1n : BigInt(spec.timestamp);
    return listOffsets(this.transport, tps, ts);
  }

  async deleteRecords(tp: TopicPartition, beforeOffset: bigint): Promise<bigint> {
    const res = await this.call(this.transport.request('DeleteRecords', {
      topics: [{ name: tp.topic, partitions: [{ partitionIndex: tp.partition, offset: beforeOffset }] }],
      timeoutMs: 30000,
    }), 'DeleteRecords');
    const p = res.topics[0].partitions[0];
    if (p.errorCode !== 0) throw kafkaError(p.errorCode, `delete records of ${tp.topic}-${tp.partition}`);
    return p.lowWatermark;
  }

  async listGroups(): Promise<GroupListing[]> {
    const res = await this.call(this.transport.request('ListGroups', { statesFilter: [] }), 'ListGroups');
    if (res.errorCode !== 0) throw kafkaError(res.errorCode, 'list groups');
    return res.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.groupState ?? '' })).sort((a, b) => a.groupId.localeCompare(b.groupId));
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const res = await this.call(this.transport.request('DescribeGroups', { groups: [groupId], includeAuthorizedOperations: false }), 'DescribeGroups');
    const g = res.groups[0];
    if (g.errorCode !== 0) throw kafkaError(g.errorCode, `describe group '${groupId}'`);
    return {
      groupId: g.groupId,
      state: g.groupState,
      protocolType: g.protocolType,
      protocol: g.protocolData,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId ?? null,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: g.protocolType === 'consumer' && m.memberAssignment.length > 0
          ? decodeAssignment(m.memberAssignment).assignedPartitions.flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
          : [],
      })),
    };
  }

  /** Committed offset, log end offset and lag of every partition the group has committed. */
  async groupOffsets(groupId: string): Promise<GroupOffset[]> {
    const committed = (await fetchCommitted(this.transport, groupId, null)).filter((c) => c.offset >= 0n);
    if (committed.length === 0) return [];
    const ends = await listOffsets(this.transport, committed, -1n);
    return committed
      .map((c) => {
        const end = ends.get(tpKey(c.topic, c.partition)) ?? c.offset;
        return { topic: c.topic, partition: c.partition, committed: c.offset, logEndOffset: end, lag: end > c.offset ? end - c.offset : 0n };
      })
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /**
   * Moves a group's committed offsets (kafka-consumer-groups --reset-offsets). As in Kafka the
   * group must have no active members. `topics` limits the reset; by default every partition of
   * every topic the group has committed. Returns the new offsets (not written when dryRun).
   */
  async resetGroupOffsets(groupId: string, spec: OffsetSpec, options: { topics?: string[]; dryRun?: boolean } = {}): Promise<{ topic: string; partition: number; offset: bigint }[]> {
    const desc = await this.describeGroup(groupId);
    if (desc.members.length > 0) {
      throw new FjordError('NON_EMPTY_GROUP', `group '${groupId}' has ${desc.members.length} active member(s) (state ${desc.state}); stop its consumers before resetting offsets`);
    }
    const tps = await this.partitionsToReset(groupId, options.topics);
    if (tps.length === 0) throw new FjordError('INVALID_ARGUMENT', `group '${groupId}' has no committed offsets and no --topic was given`);
    const offsets = await this.targetOffsets(tps, spec);
    if (!options.dryRun) await commitOffsets(this.transport, { groupId, generationId: -1, memberId: '', groupInstanceId: null, offsets });
    return offsets;
  }

  private async partitionsToReset(groupId: string, topics?: string[]): Promise<TopicPartition[]> {
    if (topics && topics.length > 0) {
      return (await this.describeTopics(topics)).flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
    }
    return (await fetchCommitted(this.transport, groupId, null)).filter((c) => c.offset >= 0n).map(({ topic, partition }) => ({ topic, partition }));
  }

  private async targetOffsets(tps: TopicPartition[], spec: OffsetSpec): Promise<{ topic: string; partition: number; offset: bigint }[]> {
    if (spec.to === 'offset') {
      const [earliest, latest] = await Promise.all([listOffsets(this.transport, tps, -2n), listOffsets(this.transport, tps, -1n)]);
      // Kafka clamps an out-of-range target into [earliest, latest].
      return tps.map((tp) => {
        const lo = earliest.get(tpKey(tp.topic, tp.partition)) ?? 0n;
        const hi = latest.get(tpKey(tp.topic, tp.partition)) ?? 0n;
        return { ...tp, offset: spec.offset < lo ? lo : spec.offset > hi ? hi : spec.offset };
      });
    }
    const ts = spec.to === 'earliest' ? -2n : spec.to === 'latest' ? -1n : BigInt(spec.timestamp);
    const found = await listOffsets(this.transport, tps, ts);
    const latest = spec.to === 'timestamp' ? await listOffsets(this.transport, tps, -1n) : found;
    return tps.map((tp) => {
      const o = found.get(tpKey(tp.topic, tp.partition)) ?? -1n;
      return { ...tp, offset: o >= 0n ? o : latest.get(tpKey(tp.topic, tp.partition)) ?? 0n };
    });
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    const res = await this.call(this.transport.request('DeleteGroups', { groupsNames: groupIds }), 'DeleteGroups');
    for (const r of res.results) if (r.errorCode !== 0) throw kafkaError(r.errorCode, `delete group '${r.groupId}'`);
  }
}
