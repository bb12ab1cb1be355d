/**
 * Drives a few RaftNodes in one process for tests: messages are queued and delivered by hand,
 * every Ready is persisted to a MemoryRaftStorage before its messages are queued (the Ready
 * contract), and everything that happens can be printed for transcripts.
 */
import { RaftNode } from '../../../../core/cluster/raft/raft-node.js';
import { raftConfig, type RaftConfig } from '../../../../core/cluster/raft/config.js';
import { MemoryRaftStorage } from '../../../../core/cluster/raft/storage.js';
import type { Entry, Message, NodeId } from '../../../../core/cluster/raft/types.js';
import { SimRandom } from '../../../../core/sim/random.js';
import { describeMessage } from '../../../../core/sim/describe.js';

export type NodeFactory = (config: RaftConfig, storage: MemoryRaftStorage) => RaftNode;

export class RaftHarness {
  readonly nodes = new Map<NodeId, RaftNode>();
  readonly storages = new Map<NodeId, MemoryRaftStorage>();
  /** Entries each node applied, in order. */
  readonly appliedLog = new Map<NodeId, Entry[]>();
  readonly down = new Set<NodeId>();
  queue: Message[] = [];
  /** Pairs "a-b" that cannot talk. */
  private readonly cut = new Set<string>();
  readonly trace: string[] = [];
  private readonly random: SimRandom;

  constructor(
    readonly ids: NodeId[],
    private readonly overrides: Partial<RaftConfig> = {},
    seed = 1,
    private readonly factory: NodeFactory = (c) => new RaftNode(c),
  ) {
    this.random = new SimRandom(seed);
    for (const id of ids) {
      this.storages.set(id, new MemoryRaftStorage());
      this.appliedLog.set(id, []);
      this.start(id);
    }
  }

  node(id: NodeId): RaftNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  private start(id: NodeId): void {
    const config = raftConfig({ id, voters: this.ids, random: () => this.random.next(), ...this.overrides });
    const storage = this.storages.get(id)!;
    const node = this.factory(config, storage);
    this.nodes.set(id, node);
  }

  /** Persists, queues messages and applies until no node has anything ready. */
  processReady(): void {
    for (;;) {
      let any = false;
      for (const [id, node] of this.nodes) {
        if (this.down.has(id) || !node.hasReady()) continue;
        any = true;
        const rd = node.ready();
        const storage = this.storages.get(id)!;
        storage.write(rd);
        storage.sync();
        for (const m of rd.messages) this.queue.push(m);
        const applied = this.appliedLog.get(id)!;
        if (rd.snapshot !== null) applied.length = 0;
        applied.push(...rd.committedEntries);
        node.advance(rd);
      }
      if (!any) return;
    }
  }

  /** Delivers queued messages (dropping those across a cut or to a down node) until quiet. */
  stabilize(roundsMax = 1000): void {
    for (let round = 0; round < roundsMax; round++) {
      this.processReady();
      if (this.queue.length === 0) return;
      const batch = this.queue;
      this.queue = [];
      for (const m of batch) this.deliver(m);
    }
    throw new Error(`not stable after ${roundsMax} rounds`);
  }

  deliver(m: Message): void {
    if (this.down.has(m.to) || this.cut.has(`${m.from}-${m.to}`)) {
      this.trace.push(`dropped ${describeMessage(m)}`);
      return;
    }
    this.trace.push(describeMessage(m));
    this.node(m.to).step(m);
  }

  tick(id: NodeId, times = 1): void {
    for (let i = 0; i < times; i++) this.node(id).tick();
  }

  /** Ticks every live node `times` times, stabilizing after each round. */
  tickAll(times: number): void {
    for (let i = 0; i < times; i++) {
      for (const id of this.ids) if (!this.down.has(id)) this.node(id).tick();
      this.stabilize();
    }
  }

  propose(id: NodeId, text: string): number | null {
    return this.node(id).propose(new TextEncoder().encode(text));
  }

  /** Cuts every link between `group` and the other nodes. */
  isolate(group: NodeId[]): void {
    for (const a of group) {
      for (const b of this.ids) {
        if (group.includes(b)) continue;
        this.cut.add(`${a}-${b}`);
        this.cut.add(`${b}-${a}`);
      }
    }
  }

  heal(): void {
    this.cut.clear();
  }

  crash(id: NodeId): void {
    this.down.add(id);
    this.queue = this.queue.filter((m) => m.to !== id && m.from !== id);
  }

  /** Restarts a node from what its storage holds; its state machine restarts from the snapshot. */
  restart(id: NodeId): void {
    this.down.delete(id);
    const state = this.storages.get(id)!.load();
    const config = raftConfig({ id, voters: this.ids, random: () => this.random.next(), ...this.overrides });
    this.nodes.set(id, new RaftNode(config, state));
    this.appliedLog.set(id, []);
  }

  leaders(): NodeId[] {
    return this.ids.filter((id) => !this.down.has(id) && this.node(id).role === 'leader');
  }

  /** Entry payloads of a node's log as text ("" for leader no-ops), after its snapshot. */
  logText(id: NodeId): string {
    const n = this.node(id);
    return n.log
      .slice(n.log.firstIndex(), n.log.lastIndex() + 1)
      .map((e) => `${e.index}/${e.term}${e.data.length > 0 ? `:${new TextDecoder().decode(e.data)}` : ''}`)
      .join(' ');
  }

  appliedText(id: NodeId): string[] {
    return this.appliedLog.get(id)!.filter((e) => e.data.length > 0).map((e) => new TextDecoder().decode(e.data));
  }

  statusLine(id: NodeId): string {
    if (this.down.has(id)) return `${id}: down`;
    const s = this.node(id).status();
    return `${id}: ${s.role} term=${s.term} leader=${s.leaderId} commit=${s.commit} applied=${s.applied} last=${s.lastIndex} snap=${s.snapshotIndex}`;
  }
}
