/**
 * The simulator's invariant checker: Raft's safety properties (election safety, log matching,
 * leader completeness, state-machine safety, durability of committed entries) and the metadata
 * rules (leader ∈ ISR ⊆ replicas, one leader per partition per leader epoch). A violation throws
 * an InvariantViolation; the simulator reports it with the seed and a trace.
 */
import { quorumSize } from '../cluster/raft/config.js';
import { decodeLog } from '../cluster/raft/log-codec.js';
import type { RaftNode } from '../cluster/raft/raft-node.js';
import type { Entry, NodeId } from '../cluster/raft/types.js';
import { NO_LEADER } from '../cluster/metadata/records.js';
import type { ClusterImage } from '../cluster/metadata/cluster-image.js';
import { encodeImageSnapshot } from '../cluster/metadata/image-snapshot.js';
import type { NodeObserver } from './sim-node.js';
import type { SimDisk } from './sim-disk.js';
import type { CreatedTopic } from './workload.js';

/** A broken invariant: its name and what was seen. */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: string,
    detail: string,
  ) {
    super(`${invariant}: ${detail}`);
    this.name = 'InvariantViolation';
  }
}

interface EntryId {
  readonly term: number;
  readonly hash: number;
}

/** FNV-1a over the bytes: enough to tell different entries apart in a simulation. */
export function entryHash(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
  return (h ^ data.length) >>> 0;
}

/** Tracks what every node did and throws on the first broken invariant. */
export class InvariantChecker implements NodeObserver {
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** `${index}/${term}` → content and the term before it (log matching, checked inductively). */
  private readonly written = new Map<string, { hash: number; prevTerm: number }>();
  /** Every index some node ever considered committed. */
  private readonly committed = new Map<number, EntryId>();
  private readonly applied = new Map<number, EntryId>();
  private readonly commitSeen = new Map<NodeId, number>();
  private readonly leaderOfEpoch = new Map<string, number>();
  highestCommitted = 0;
  checks = 0;

  constructor(private readonly voterCount: number) {}

  onEntriesWritten(node: NodeId, entries: readonly Entry[], prevTerm: number): void {
    let prev = prevTerm;
    for (const e of entries) {
      const key = `${e.index}/${e.term}`;
      const hash = entryHash(e.data);
      const known = this.written.get(key);
      if (known === undefined) this.written.set(key, { hash, prevTerm: prev });
      else if (known.hash !== hash || known.prevTerm !== prev) {
        throw new InvariantViolation('log matching', `node ${node} holds entry ${key} with different content or history than another node`);
      }
      prev = e.term;
    }
  }

  onApplied(node: NodeId, entry: Entry): void {
    const id = { term: entry.term, hash: entryHash(entry.data) };
    const known = this.applied.get(entry.index);
    if (known === undefined) this.applied.set(entry.index, id);
    else if (known.term !== id.term || known.hash !== id.hash) {
      throw new InvariantViolation(
        'state-machine safety',
        `node ${node} applied entry ${entry.index} of term ${entry.term}, another node applied one of term ${known.term} there`,
      );
    }
  }

  onSnapshotInstalled(node: NodeId, index: number): void {
    this.commitSeen.set(node, Math.max(this.commitSeen.get(node) ?? 0, index));
  }

  onImage(node: NodeId, image: ClusterImage, index: number): void {
    for (const topic of image.topicsById.values()) {
      for (const [partition, p] of topic.partitions) {
        const where = `node ${node} at index ${index}: ${topic.name}-${partition}`;
        if (!p.isr.every((r) => p.replicas.includes(r))) throw new InvariantViolation('isr ⊆ replicas', `${where} isr ${p.isr} replicas ${p.replicas}`);
        if (p.isr.length === 0) throw new InvariantViolation('isr not empty', where);
        if (p.leader === NO_LEADER) continue;
        if (!p.isr.includes(p.leader)) throw new InvariantViolation('leader ∈ isr', `${where} leader ${p.leader} isr ${p.isr}`);
        if (image.brokers.get(p.leader)?.fenced !== false) {
          throw new InvariantViolation('leader is a live broker', `${where} leader ${p.leader} is fenced or unregistered`);
        }
        const key = `${topic.topicId}-${partition}@${p.leaderEpoch}`;
        const known = this.leaderOfEpoch.get(key);
        if (known === undefined) this.leaderOfEpoch.set(key, p.leader);
        else if (known !== p.leader) {
          throw new InvariantViolation('one leader per leader epoch', `${where} epoch ${p.leaderEpoch} has leaders ${known} and ${p.leader}`);
        }
      }
    }
  }

  /** After each simulator step, for every live node. */
  checkNode(raft: RaftNode): void {
    this.checks++;
    if (raft.role === 'leader') {
      const known = this.leaderOfTerm.get(raft.term);
      if (known === undefined) {
        this.leaderOfTerm.set(raft.term, raft.id);
        this.checkLeaderCompleteness(raft);
      } else if (known !== raft.id) {
        throw new InvariantViolation('election safety', `nodes ${known} and ${raft.id} are both leader of term ${raft.term}`);
      }
    }
    this.observeCommit(raft);
  }

  /** Records what a node considers committed; a committed index must never change its entry. */
  private observeCommit(raft: RaftNode): void {
    const from = Math.max(this.commitSeen.get(raft.id) ?? 0, raft.log.snapshot.index) + 1;
    for (let i = from; i <= raft.commit; i++) {
      const e = raft.log.entry(i)!;
      const id = { term: e.term, hash: entryHash(e.data) };
      const known = this.committed.get(i);
      if (known === undefined) this.committed.set(i, id);
      else if (known.term !== id.term || known.hash !== id.hash) {
        throw new InvariantViolation('committed entries never change', `node ${raft.id} committed ${i}/${e.term}, but ${i}/${known.term} was committed before`);
      }
    }
    this.commitSeen.set(raft.id, Math.max(this.commitSeen.get(raft.id) ?? 0, raft.commit));
    this.highestCommitted = Math.max(this.highestCommitted, raft.commit);
  }

  /** A new leader's log must hold every committed entry (or a snapshot covering it). */
  private checkLeaderCompleteness(raft: RaftNode): void {
    for (let i = raft.log.snapshot.index + 1; i <= this.highestCommitted; i++) {
      const known = this.committed.get(i);
      if (known === undefined) continue;
      if (raft.log.term(i) !== known.term) {
        throw new InvariantViolation(
          'leader completeness',
          `node ${raft.id} became leader of term ${raft.term} without committed entry ${i}/${known.term} (has term ${raft.log.term(i) ?? 'none'})`,
        );
      }
    }
  }

  /** The term of the entry committed at `index`, if any node committed it. */
  committedTerm(index: number): number | undefined {
    return this.committed.get(index)?.term;
  }

  /**
   * End to end, after the healing phase: a topic whose batch was committed exists on every node
   * under its id; one whose batch was never committed (its leader lost the term and the entry
   * was overwritten or dropped) exists nowhere.
   */
  checkCreatedTopics(created: readonly CreatedTopic[], images: ReadonlyMap<NodeId, ClusterImage>): void {
    for (const t of created) {
      const term = this.committedTerm(t.index);
      for (const [node, image] of images) {
        const has = image.topicsById.get(t.topicId)?.name === t.name;
        if (term === t.term && !has) {
          throw new InvariantViolation('committed requests take effect', `topic ${t.name} (${t.topicId}) committed at ${t.index}/${t.term} is missing on node ${node}`);
        }
        if (term !== t.term && image.topicsById.has(t.topicId)) {
          throw new InvariantViolation('lost requests take no effect', `topic ${t.name} (${t.topicId}) from uncommitted entry ${t.index}/${t.term} exists on node ${node}`);
        }
      }
    }
  }

  /** After healing, every node's metadata image must be the same (compared as snapshot bytes). */
  checkSameImages(images: ReadonlyMap<NodeId, ClusterImage>): void {
    let first: { node: NodeId; bytes: string } | null = null;
    for (const [node, image] of images) {
      const bytes = Buffer.from(encodeImageSnapshot(image)).toString('base64');
      if (first === null) first = { node, bytes };
      else if (bytes !== first.bytes) {
        throw new InvariantViolation('replicas converge', `node ${node}'s metadata image differs from node ${first.node}'s after healing`);
      }
    }
  }

  /**
   * Durability after a crash: the highest committed entry must still be on the durable disk of a
   * quorum (log matching then covers every entry before it).
   */
  checkDurable(disks: ReadonlyMap<NodeId, SimDisk>): void {
    const i = this.highestCommitted;
    const want = this.committed.get(i);
    if (i === 0 || want === undefined) return;
    let holders = 0;
    for (const disk of disks.values()) {
      const { state } = decodeLog(disk.readDurable());
      if (state.snapshot.index >= i || state.entries.some((e) => e.index === i && e.term === want.term)) holders++;
    }
    if (holders < quorumSize(this.voterCount)) {
      throw new InvariantViolation('committed entries survive crashes', `committed entry ${i}/${want.term} is durable on only ${holders} node(s)`);
    }
  }
}
