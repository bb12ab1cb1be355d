/**
 * One simulated controller node: the host shell around a pure RaftNode, the metadata image and
 * the QuorumController, doing what a real process would — persist each Ready to its (simulated)
 * disk, fsync, only then send, apply, advance — with the fsync taking simulated time so a crash
 * can land between write and sync.
 */
import { assert } from '../errors.js';
import { raftConfig, type RaftConfig } from '../cluster/raft/config.js';
import { RaftNode, type RaftRestoreState } from '../cluster/raft/raft-node.js';
import type { Entry, Message, NodeId, Ready } from '../cluster/raft/types.js';
import { applyRecords } from '../cluster/metadata/apply.js';
import { EMPTY_IMAGE, type ClusterImage } from '../cluster/metadata/cluster-image.js';
import { QuorumController } from '../cluster/metadata/controller.js';
import { encodeImageSnapshot, restoreImageSnapshot } from '../cluster/metadata/image-snapshot.js';
import { decodeRecords, encodeRecords } from '../cluster/metadata/records.js';
import { SimDisk } from './sim-disk.js';
import { SimRaftStorage } from './sim-raft-storage.js';
import type { RaftStorage } from '../cluster/raft/storage.js';
import type { SimRandom } from './random.js';

/** Builds the Raft implementation under test (tests pass deliberately broken variants). */
export type RaftFactory = (config: RaftConfig, restore: RaftRestoreState) => RaftNode;

/** What the host reports to the simulator's invariant checkers. */
export interface NodeObserver {
  /** Entries a Ready asks to persist, with the term of the entry before the first. */
  onEntriesWritten(node: NodeId, entries: readonly Entry[], prevTerm: number): void;
  onApplied(node: NodeId, entry: Entry): void;
  onSnapshotInstalled(node: NodeId, index: number): void;
  onImage(node: NodeId, image: ClusterImage, index: number): void;
}

/** How to build one simulated controller node. */
export interface SimNodeOptions {
  readonly id: NodeId;
  readonly voters: readonly NodeId[];
  readonly random: SimRandom;
  readonly raftOverrides: Partial<RaftConfig>;
  readonly raftFactory: RaftFactory;
  readonly sessionTimeoutMs: number;
  /** Take a snapshot and compact once this many entries were applied since the last one. */
  readonly compactEveryEntries: number;
  readonly observer: NodeObserver;
  /** The Raft log store on the node's disk (tests pass deliberately broken ones). */
  readonly storageFactory?: (disk: SimDisk) => RaftStorage;
}

/** One simulated controller process (see the file comment). */
export class SimNode {
  readonly id: NodeId;
  readonly disk = new SimDisk();
  private readonly storage: RaftStorage;
  raft: RaftNode | null = null;
  image: ClusterImage = EMPTY_IMAGE;
  appliedIndex = 0;
  readonly controller: QuorumController;
  /** Bumped on each crash so events scheduled for the old process are ignored. */
  generation = 0;
  /** A Ready written to disk and waiting for its fsync. */
  private syncing: Ready | null = null;
  private activeTerm = 0;
  /** Where the controller's latest batch went in the log (to follow a request to commit). */
  lastProposal: { readonly index: number; readonly term: number } | null = null;
  /** Snapshots taken (log compactions), for the run summary. */
  compactions = 0;
  /** Snapshots received from a leader and installed. */
  snapshotInstalls = 0;

  constructor(private readonly options: SimNodeOptions) {
    this.id = options.id;
    this.storage = (options.storageFactory ?? ((disk) => new SimRaftStorage(disk)))(this.disk);
    this.controller = new QuorumController({
      random: () => options.random.next(),
      sessionTimeoutMs: options.sessionTimeoutMs,
      propose: (records) => {
        const raft = this.raft;
        if (raft === null || raft.role !== 'leader' || raft.term !== this.activeTerm) return false;
        const index = raft.propose(encodeRecords(records));
        if (index === null) return false;
        this.lastProposal = { index, term: raft.term };
        return true;
      },
    });
  }

  get alive(): boolean {
    return this.raft !== null;
  }

  /** Starts the process from what is durable on disk. */
  start(): RaftRestoreState {
    assert(this.raft === null, `node ${this.id} started twice`);
    const state = this.storage.load();
    const config = raftConfig({ id: this.id, voters: this.options.voters, random: () => this.options.random.next(), ...this.options.raftOverrides });
    this.raft = this.options.raftFactory(config, state);
    this.image = restoreImageSnapshot(state.snapshot.data);
    this.appliedIndex = state.snapshot.index;
    this.activeTerm = 0;
    return state;
  }

  /** Power loss: memory is gone, unsynced disk writes survive only in part. */
  crash(random: SimRandom): void {
    this.raft = null;
    this.syncing = null;
    this.controller.deactivate();
    this.generation++;
    this.disk.crash(random);
  }

  /**
   * Takes the next Ready and writes it (unsynced). Returns 'sync' when the caller must schedule
   * `finishReady` after an fsync delay, 'done' when it was finished at once (nothing to write),
   * 'idle' when there was nothing to do or a sync is already in progress.
   */
  beginReady(): 'sync' | 'done' | 'idle' {
    const raft = this.raft;
    if (raft === null || this.syncing !== null || !raft.hasReady()) return 'idle';
    const rd = raft.ready();
    const first = rd.entries[0];
    if (first !== undefined) this.options.observer.onEntriesWritten(this.id, rd.entries, raft.log.term(first.index - 1) ?? -1);
    this.storage.write(rd);
    this.syncing = rd;
    if (rd.entries.length > 0 || rd.hardState !== null || rd.snapshot !== null) return 'sync';
    return 'done';
  }

  /** fsync done: send, apply, advance. Returns the messages to put on the network. */
  finishReady(nowMs: number): readonly Message[] {
    const raft = this.raft;
    const rd = this.syncing;
    assert(raft !== null && rd !== null, `node ${this.id} finishes a Ready it did not begin`);
    this.storage.sync();
    this.syncing = null;
    if (rd.snapshot !== null) {
      this.image = restoreImageSnapshot(rd.snapshot.data);
      this.appliedIndex = rd.snapshot.index;
      this.snapshotInstalls++;
      this.options.observer.onSnapshotInstalled(this.id, rd.snapshot.index);
    }
    for (const e of rd.committedEntries) this.apply(e);
    raft.advance(rd);
    this.maybeCompact(raft);
    this.updateController(raft, nowMs);
    return rd.messages;
  }

  private apply(e: Entry): void {
    assert(e.index === this.appliedIndex + 1, `node ${this.id} applies ${e.index} after ${this.appliedIndex}`);
    if (e.data.length > 0) this.image = applyRecords(this.image, decodeRecords(e.data, `entry ${e.index}`));
    this.appliedIndex = e.index;
    this.options.observer.onApplied(this.id, e);
    this.options.observer.onImage(this.id, this.image, e.index);
  }

  private maybeCompact(raft: RaftNode): void {
    if (raft.appliedIndex - raft.log.snapshot.index < this.options.compactEveryEntries) return;
    const data = encodeImageSnapshot(this.image);
    const snapshot = { index: this.appliedIndex, term: raft.log.term(this.appliedIndex)!, data };
    this.storage.compact(snapshot);
    raft.compact(snapshot.index, data);
    this.compactions++;
  }

  /** The controller is active only on a leader that applied its own term's first entry. */
  updateController(raft: RaftNode, nowMs: number): void {
    const leading = raft.role === 'leader' && raft.term === this.activeTerm;
    if (this.controller.isActive() && !leading) {
      this.controller.deactivate();
      this.activeTerm = 0;
    }
    if (!this.controller.isActive() && raft.role === 'leader' && raft.leaderStartIndex > 0 && this.appliedIndex >= raft.leaderStartIndex) {
      this.activeTerm = raft.term;
      this.controller.activate(this.image, nowMs);
    }
  }

  isActiveController(): boolean {
    return this.raft !== null && this.controller.isActive() && this.raft.role === 'leader' && this.raft.term === this.activeTerm;
  }
}
