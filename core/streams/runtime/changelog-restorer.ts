/**
 * Restores a task's stores from their changelog partitions up to the ends recorded with the
 * task's last committed offsets (see commit-metadata.ts). A store resumes from its checkpoint
 * when the checkpoint lies within [0, end]; otherwise (no checkpoint, or local files ahead of the
 * last commit) it is wiped and replayed from the start. Records are applied in batches as they
 * are read, so memory stays bounded whatever the changelog's size; records at or past the end
 * belong to a commit that never finished and are ignored.
 */
import type { Consumer } from '../../client/consumer.js';
import type { ChangelogRecord, StateStore } from '../state/store.js';

export interface StoreChangelog {
  store: StateStore;
  topic: string;
  partition: number;
  /** Restore up to (excluding) this offset; 0 = nothing committed yet. */
  end: bigint;
}

/** Where one store's restore stands, for progress reports. */
export interface RestoreProgress {
  store: string;
  topic: string;
  partition: number;
  /** Changelog records applied to the store so far. */
  restoredRecords: number;
  /** The restore reads changelog offsets [startOffset, endOffset); position is the next one. */
  startOffset: bigint;
  position: bigint;
  endOffset: bigint;
  done: boolean;
}

/** Called after each applied batch and once when a store is restored. */
export type RestoreProgressListener = (store: string, records: number, progress: RestoreProgress) => void;

const POLL_MS = 200;
const APPLY_BATCH_RECORDS = 10_000;

/** Returns the number of changelog records applied. `consumer` is group-less; it is re-assigned per store. */
export async function restoreStores(changelogs: StoreChangelog[], consumer: Consumer, onProgress?: RestoreProgressListener): Promise<number> {
  let total = 0;
  for (const changelog of changelogs) total += await restoreStore(changelog, consumer, onProgress);
  return total;
}

async function restoreStore(changelog: StoreChangelog, consumer: Consumer, onProgress?: RestoreProgressListener): Promise<number> {
  const { store, topic, partition, end } = changelog;
  const checkpoint = store.checkpointedOffsets.find((o) => o.topic === topic && o.partition === partition);
  let start = checkpoint?.offset ?? -1n;
  if (start < 0n || start > end) {
    await store.wipe();
    start = 0n;
  }
  if (start >= end) return 0;
  const tp = { topic, partition };
  consumer.assign([tp]);
  consumer.seek(tp, start);
  let applied = 0;
  let batch: ChangelogRecord[] = [];
  let position = start;
  const where = { store: store.name, topic, partition, startOffset: start, endOffset: end };
  while (position < end) {
    const records = await consumer.poll(POLL_MS);
    for (const r of records) {
      if (r.offset >= end) {
        position = end;
        break;
      }
      position = r.offset + 1n;
      if (r.key === null) continue;
      batch.push({ key: r.key, value: r.value });
      if (batch.length >= APPLY_BATCH_RECORDS) {
        await store.restore(batch);
        applied += batch.length;
        batch = [];
        onProgress?.(store.name, applied, { ...where, restoredRecords: applied, position, done: false });
      }
    }
  }
  if (batch.length > 0) await store.restore(batch);
  applied += batch.length;
  onProgress?.(store.name, applied, { ...where, restoredRecords: applied, position: end, done: true });
  return applied;
}
