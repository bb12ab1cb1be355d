/**
 * Restores a task's stores from their changelog partitions (see commit-marker.ts). Each store is
 * read from its checkpoint (the offset of the marker of the last commit it saw locally) or, with
 * no checkpoint, from the start into a wiped store. Changes are applied one commit at a time as
 * markers arrive; the newest complete commit is held back until every store of the task has been
 * read, then applied only if all stores reached it. Records after the last marker belong to a
 * commit that never finished and are discarded.
 */
import type { Consumer } from '../../client/consumer.js';
import type { ChangelogRecord, StateStore } from '../state/store.js';
import { decodeMarker, isMarker, type CommitMarker } from './commit-marker.js';

export interface StoreChangelog {
  store: StateStore;
  topic: string;
  partition: number;
}

interface StoreReadState {
  changelog: StoreChangelog;
  held: { marker: CommitMarker; records: ChangelogRecord[] } | null;
  previous: CommitMarker | null;
  restoredRecords: number;
}

export interface RestoreResult {
  /** The commit every store reached: input resumes from its offsets (null: start fresh). */
  marker: CommitMarker | null;
  restoredRecords: number;
}

const POLL_MS = 200;

/** `consumerFor()` gives a group-less consumer the restorer assigns as it goes. */
export async function restoreTask(changelogs: StoreChangelog[], consumer: Consumer, onProgress?: (store: string, records: number) => void): Promise<RestoreResult> {
  const states: StoreReadState[] = [];
  for (const changelog of changelogs) states.push(await readStore(changelog, consumer, onProgress));
  if (states.length === 0) return { marker: null, restoredRecords: 0 };
  const seqs = states.map((s) => s.held?.marker.seq ?? -1);
  const target = Math.min(...seqs);
  let marker: CommitMarker | null = null;
  let restoredRecords = 0;
  for (const s of states) {
    if (s.held !== null && s.held.marker.seq <= target) {
      await s.changelog.store.restore(s.held.records);
      s.restoredRecords += s.held.records.length;
      marker = s.held.marker;
    } else if (s.previous !== null && s.previous.seq === target) {
      marker = s.previous;
    }
    restoredRecords += s.restoredRecords;
  }
  return { marker: target < 0 ? null : marker, restoredRecords };
}

async function readStore(changelog: StoreChangelog, consumer: Consumer, onProgress?: (store: string, records: number) => void): Promise<StoreReadState> {
  const { store, topic, partition } = changelog;
  const tp = { topic, partition };
  const checkpoint = store.checkpointedOffsets.find((o) => o.topic === topic && o.partition === partition);
  if (checkpoint === undefined) await store.wipe();
  consumer.assign([tp]);
  await consumer.seekToEnd([tp]);
  const end = await consumer.position(tp);
  const start = checkpoint?.offset ?? 0n;
  consumer.seek(tp, start);
  const state: StoreReadState = { changelog, held: null, previous: null, restoredRecords: 0 };
  let segment: ChangelogRecord[] = [];
  let position = start;
  while (position < end) {
    const records = await consumer.poll(POLL_MS);
    for (const r of records) {
      position = r.offset + 1n;
      if (isMarker(r.headers)) {
        const marker = decodeMarker(r.value, `${topic}-${partition} offset ${r.offset}`);
        if (state.held !== null) {
          await store.restore(state.held.records);
          state.restoredRecords += state.held.records.length;
          state.previous = state.held.marker;
          onProgress?.(store.name, state.restoredRecords);
        }
        state.held = { marker, records: segment };
        segment = [];
      } else {
        segment.push({ key: r.key ?? Buffer.alloc(0), value: r.value });
      }
    }
  }
  return state;
}
