/**
 * Turns FjordStreams' `onRestoreProgress` events into progress reports: one report per store
 * and partition being restored, finished when that store is done.
 */
import type { RestoreProgress } from '../../core/streams/runtime/changelog-restorer.js';
import { ProgressReporter, type ProgressMode, type ProgressSink } from './progress-reporter.js';

/** A listener for `FjordStreamsConfig.onRestoreProgress` reporting to `sink`. */
export function restoreProgressListener(mode: ProgressMode, sink: ProgressSink, nowMs: () => number = Date.now): (p: RestoreProgress & { taskId: string }) => void {
  const reporters = new Map<string, ProgressReporter>();
  return (p) => {
    const key = `${p.taskId}/${p.store}`;
    let reporter = reporters.get(key);
    const total = Number(p.endOffset - p.startOffset);
    if (reporter === undefined) {
      if (p.done && total === 0) return;
      reporter = new ProgressReporter({ label: `restoring ${p.store} (task ${p.taskId})`, unit: 'records', total, mode, sink, nowMs });
      reporters.set(key, reporter);
    }
    // Offsets, not applied records: tombstones and compacted gaps count as progress too.
    reporter.update(Number(p.position - p.startOffset), total);
    if (p.done) {
      reporter.finish();
      reporters.delete(key);
    }
  };
}
