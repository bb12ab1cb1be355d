/**
 * RaftStorage in one file, `<dir>/raft.log`, on the `core/io` Storage interface (real disk in
 * production, any fake in tests). Frames are appended in the `log-codec.ts` format; opening cuts
 * off a torn tail left by a crash mid-write. Compaction writes a fresh file (snapshot, later
 * entries, hard state) with `writeFileAtomic`, so a crash leaves either the old or the new file.
 */
import { FjordError } from '../../errors.js';
import type { Storage, StorageFile } from '../../io/storage.js';
import { decodeLog, encodeEntry, encodeHardState, encodeSnapshot } from './log-codec.js';
import type { RaftRestoreState } from './raft-node.js';
import { RaftStateBuilder, type RaftStorage } from './storage.js';
import type { Ready, Snapshot } from './types.js';

/** The file name inside the storage directory. */
export const RAFT_LOG_FILE = 'raft.log';

/** RaftStorage in one append-only file (see the file comment). */
export class FileRaftStorage implements RaftStorage {
  private readonly path: string;
  private file: StorageFile | null = null;
  private position = 0;
  /** Mirror of what the file holds, so compaction need not re-read it. */
  private mirror = new RaftStateBuilder();

  constructor(
    private readonly storage: Storage,
    private readonly dir: string,
  ) {
    this.path = `${dir}/${RAFT_LOG_FILE}`;
  }

  load(): RaftRestoreState {
    this.storage.mkdirp(this.dir);
    this.file?.close();
    const bytes = this.storage.readFile(this.path) ?? Buffer.alloc(0);
    const decoded = decodeLog(bytes);
    this.file = this.storage.open(this.path);
    if (decoded.validBytes < bytes.length) {
      this.file.truncate(decoded.validBytes); // a torn tail: never synced, so never acknowledged
      this.file.sync();
    }
    this.position = decoded.validBytes;
    this.mirror = new RaftStateBuilder();
    this.mirror.setSnapshot(decoded.state.snapshot);
    for (const e of decoded.state.entries) this.mirror.addEntry(e);
    this.mirror.setHardState(decoded.state.hardState);
    return decoded.state;
  }

  write(ready: Pick<Ready, 'hardState' | 'entries' | 'snapshot'>): void {
    const frames: Buffer[] = [];
    if (ready.snapshot !== null) {
      frames.push(encodeSnapshot(ready.snapshot));
      this.mirror.setSnapshot(ready.snapshot);
    }
    for (const e of ready.entries) {
      frames.push(encodeEntry(e));
      this.mirror.addEntry(e);
    }
    if (ready.hardState !== null) {
      frames.push(encodeHardState(ready.hardState));
      this.mirror.setHardState(ready.hardState);
    }
    if (frames.length === 0) return;
    const bytes = Buffer.concat(frames);
    this.open().write(bytes, this.position);
    this.position += bytes.length;
  }

  sync(): void {
    this.open().sync();
  }

  compact(snapshot: Snapshot): void {
    this.mirror.setSnapshot(snapshot);
    const state = this.mirror.state();
    const bytes = Buffer.concat([encodeSnapshot(snapshot), ...state.entries.map(encodeEntry), encodeHardState(state.hardState)]);
    this.file?.close();
    this.file = null;
    this.storage.writeFileAtomic(this.path, bytes);
    this.file = this.storage.open(this.path);
    this.position = bytes.length;
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }

  private open(): StorageFile {
    if (this.file === null) throw new FjordError('CLOSED', `raft log ${this.path}: load() it before writing`);
    return this.file;
  }
}
