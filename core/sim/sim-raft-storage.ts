/**
 * RaftStorage on a SimDisk, in the byte format of core/cluster/raft/log-codec.ts: what a file
 * implementation on core/io Storage will do, with the disk's crash behaviour simulated.
 */
import { decodeLog, encodeEntry, encodeHardState, encodeSnapshot } from '../cluster/raft/log-codec.js';
import type { RaftRestoreState } from '../cluster/raft/raft-node.js';
import type { RaftStorage } from '../cluster/raft/storage.js';
import type { Ready, Snapshot } from '../cluster/raft/types.js';
import type { SimDisk } from './sim-disk.js';

/** RaftStorage on a simulated disk. */
export class SimRaftStorage implements RaftStorage {
  constructor(private readonly disk: SimDisk) {}

  /** Replays the file, cutting off a torn tail. */
  load(): RaftRestoreState {
    const bytes = this.disk.read();
    const decoded = decodeLog(bytes);
    if (decoded.validBytes < bytes.length) this.disk.truncate(decoded.validBytes);
    return decoded.state;
  }

  write(ready: Pick<Ready, 'hardState' | 'entries' | 'snapshot'>): void {
    if (ready.snapshot !== null) this.disk.append(encodeSnapshot(ready.snapshot));
    for (const e of ready.entries) this.disk.append(encodeEntry(e));
    if (ready.hardState !== null) this.disk.append(encodeHardState(ready.hardState));
  }

  sync(): void {
    this.disk.sync();
  }

  /** Rewrites the file as snapshot + hard state + the entries after the snapshot. */
  compact(snapshot: Snapshot): void {
    this.disk.sync();
    const state = decodeLog(this.disk.read()).state;
    const parts: Uint8Array[] = [encodeSnapshot(snapshot)];
    for (const e of state.entries) if (e.index > snapshot.index) parts.push(encodeEntry(e));
    parts.push(encodeHardState(state.hardState));
    this.disk.replace(Buffer.concat(parts));
  }
}
