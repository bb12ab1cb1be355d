/**
 * The transport's view of the cluster for routing: brokers and their addresses, the controller,
 * and per topic its id and each partition's leader. Pure state: it absorbs Metadata responses
 * (the transport's own and its callers') and answers lookups; the transport decides when to
 * refresh.
 */
import type { MetadataResponse } from '../../protocol/generated/metadata.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { BrokerAddress } from './kafka-config.js';
import type { TopicIds } from './version-shapes.js';

/** Leader id meaning "no leader right now" (Kafka's -1). */
export const NO_LEADER = -1;

interface TopicState {
  topicId: Buffer | null;
  /** Leader node id by partition index (NO_LEADER while an election runs). */
  leaders: number[];
  refreshedMs: number;
  /** Set when a request hit an error that means this view is out of date. */
  stale: boolean;
}

const UNKNOWN_TOPIC = errorCode('UNKNOWN_TOPIC_OR_PARTITION');

export class ClusterMetadata implements TopicIds {
  private readonly brokerAddresses = new Map<number, BrokerAddress>();
  private readonly topics = new Map<string, TopicState>();
  private readonly namesById = new Map<string, string>();
  private controller = -1;
  private known = false;

  /** Whether any Metadata response was absorbed yet. */
  get hasBrokers(): boolean {
    return this.known;
  }

  /** The controller's node id (-1 when unknown). */
  get controllerId(): number {
    return this.controller;
  }

  /** Node ids of every live broker, ascending. */
  brokerIds(): number[] {
    return [...this.brokerAddresses.keys()].sort((a, b) => a - b);
  }

  addressOf(nodeId: number): BrokerAddress | undefined {
    return this.brokerAddresses.get(nodeId);
  }

  /**
   * Takes in a Metadata response. The broker list and controller are always the whole
   * cluster's; topics are only those the request asked for (all of them when it asked for null).
   */
  absorb(res: MetadataResponse, nowMs: number): void {
    this.brokerAddresses.clear();
    for (const b of res.brokers) this.brokerAddresses.set(b.nodeId, { host: b.host, port: b.port });
    this.controller = res.controllerId ?? -1;
    this.known = true;
    for (const t of res.topics) {
      if (t.name === null) continue;
      if (t.errorCode === UNKNOWN_TOPIC) {
        this.forget(t.name);
        continue;
      }
      const leaders: number[] = [];
      for (const p of t.partitions) leaders[p.partitionIndex] = p.leaderId;
      const topicId = t.topicId && t.topicId.some((b) => b !== 0) ? t.topicId : null;
      if (topicId) this.namesById.set(topicId.toString('hex'), t.name);
      // A topic being created answers LEADER_NOT_AVAILABLE without partitions: keep asking.
      this.topics.set(t.name, { topicId, leaders, refreshedMs: nowMs, stale: t.errorCode !== 0 || leaders.length === 0 });
    }
  }

  /**
   * The leader of a partition: a node id, NO_LEADER during an election, or undefined when the
   * topic or partition is not known (yet).
   */
  leaderOf(topic: string, partition: number): number | undefined {
    return this.topics.get(topic)?.leaders[partition];
  }

  /** Of these topics, the ones to look up before routing: unknown, stale, or older than maxAgeMs. */
  needingRefresh(topics: Iterable<string>, nowMs: number, maxAgeMs: number): string[] {
    const out: string[] = [];
    for (const name of topics) {
      const t = this.topics.get(name);
      if (!t || t.stale || nowMs - t.refreshedMs >= maxAgeMs) out.push(name);
    }
    return out;
  }

  /** Marks a topic's routing out of date (after NOT_LEADER_OR_FOLLOWER and the like). */
  invalidate(topic: string): void {
    const t = this.topics.get(topic);
    if (t) t.stale = true;
  }

  forget(topic: string): void {
    const t = this.topics.get(topic);
    if (t?.topicId) this.namesById.delete(t.topicId.toString('hex'));
    this.topics.delete(topic);
  }

  idOf(topic: string): Buffer | undefined {
    return this.topics.get(topic)?.topicId ?? undefined;
  }

  nameOf(id: Buffer): string | undefined {
    return this.namesById.get(id.toString('hex'));
  }
}
