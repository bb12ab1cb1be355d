import { expect } from 'chai';
import { formatBytes, formatDuration, formatProgress, formatProgressDone } from '../../cli/progress/format-progress.js';
import { ProgressReporter, progressModeFor, type ProgressMode } from '../../cli/progress/progress-reporter.js';
import { restoreProgressListener } from '../../cli/progress/restore-progress.js';

/** A reporter on a fake clock writing into `out`. */
function reporter(mode: ProgressMode, total?: number, columns?: number) {
  let now = 1_000;
  const out: string[] = [];
  const r = new ProgressReporter({ label: 'loading', unit: 'records', total, mode, sink: { write: (t) => out.push(t), columns }, nowMs: () => now });
  return { r, out, advance: (ms: number) => (now += ms) };
}

describe('progress of long operations', () => {
  describe('formatProgress', () => {
    it('shows percent, count, rate and ETA when the total is known', () => {
      expect(formatProgress({ label: 'restoring s', done: 4_200, total: 10_000, elapsedMs: 2_000, unit: 'records' }))
        .to.equal('restoring s   42%  4,200/10,000 records  2,100 records/s  ETA 3s');
    });

    it('shows count and rate only when the total is unknown, and bytes in binary units', () => {
      expect(formatProgress({ label: 'x', done: 1_234, elapsedMs: 1_000, unit: 'records' })).to.equal('x  1,234 records  1,234 records/s');
      expect(formatProgress({ label: 'f', done: 3 * 1024 * 1024, total: 12 * 1024 * 1024, elapsedMs: 1_000, unit: 'bytes' }))
        .to.equal('f   25%  3.0 MiB/12.0 MiB  3.0 MiB/s  ETA 3s');
    });

    it('closes with the total and the average rate', () => {
      expect(formatProgressDone({ label: 'loading', done: 10_000, total: 10_000, elapsedMs: 4_000, unit: 'records' }))
        .to.equal('loading  done: 10,000 records in 4s (2,500 records/s)');
    });

    it('formats durations and byte sizes', () => {
      expect([formatDuration(45_000), formatDuration(185_000), formatDuration(7_800_000)]).to.deep.equal(['45s', '3m 05s', '2h 10m']);
      expect([formatBytes(820), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).to.deep.equal(['820 B', '1.5 KiB', '5.0 GiB']);
    });
  });

  describe('ProgressReporter', () => {
    it('rewrites one terminal line at most every 100 ms and ends it with the closing line', () => {
      const { r, out, advance } = reporter('tty', 100);
      r.update(10);
      advance(150);
      r.update(20);
      advance(50);
      r.update(30); // too soon: not shown
      advance(50);
      r.update(100);
      r.finish();
      expect(out).to.deep.equal([
        '\r\x1b[2Kloading   20%  20/100 records  133 records/s  ETA 1s',
        '\r\x1b[2Kloading  100%  100/100 records  400 records/s',
        '\r\x1b[2Kloading  done: 100 records in 0s (400 records/s)\n',
      ]);
    });

    it('cuts the terminal line to the terminal width', () => {
      const { r, out, advance } = reporter('tty', 100, 20);
      advance(200);
      r.update(50);
      expect(out[0]).to.equal('\r\x1b[2Kloading   50%  50/1');
    });

    it('does not cut the line when the terminal reports no width', () => {
      const { r, out, advance } = reporter('tty', 100, 0);
      advance(200);
      r.update(50);
      expect(out[0]).to.equal('\r\x1b[2Kloading   50%  50/100 records  250 records/s  ETA 0s');
    });

    it('prints nothing on a pipe for an operation shorter than the interval', () => {
      const { r, out, advance } = reporter('lines', 100);
      advance(4_000);
      r.update(100);
      r.finish();
      expect(out).to.deep.equal([]);
    });

    it('prints a plain line every 5 s on a pipe, and a closing line after them', () => {
      const { r, out, advance } = reporter('lines', 100);
      advance(5_000);
      r.update(50);
      advance(1_000);
      r.update(60);
      advance(4_000);
      r.update(100);
      r.finish();
      expect(out).to.deep.equal([
        'loading   50%  50/100 records  10 records/s  ETA 5s\n',
        'loading  100%  100/100 records  10 records/s\n',
        'loading  done: 100 records in 10s (10 records/s)\n',
      ]);
    });

    it('prints nothing when silent, and nothing after finish or abandon', () => {
      const silent = reporter('silent', 10);
      silent.advance(10_000);
      silent.r.update(5);
      silent.r.finish();
      expect(silent.out).to.deep.equal([]);
      const tty = reporter('tty', 10);
      tty.advance(200);
      tty.r.update(5);
      tty.r.abandon();
      tty.r.update(6);
      tty.r.finish();
      expect(tty.out).to.deep.equal(['\r\x1b[2Kloading   50%  5/10 records  25 records/s  ETA 0s', '\r\x1b[2K']);
    });

    it('chooses tty for a terminal, lines for a pipe, silent when asked', () => {
      expect([progressModeFor({ isTTY: true }, false), progressModeFor({}, false), progressModeFor({ isTTY: true }, true)]).to.deep.equal(['tty', 'lines', 'silent']);
    });
  });

  describe('restoreProgressListener', () => {
    it('reports each store by changelog offsets and closes it when the store is done', () => {
      let now = 0;
      const out: string[] = [];
      const listen = restoreProgressListener('tty', { write: (t) => out.push(t) }, () => now);
      const base = { store: 'counts', topic: 'app-counts-changelog', partition: 0, startOffset: 100n, endOffset: 300n, taskId: '0_0' };
      listen({ ...base, restoredRecords: 0, position: 100n, done: false });
      now = 1_000;
      listen({ ...base, restoredRecords: 90, position: 200n, done: false });
      now = 2_000;
      listen({ ...base, restoredRecords: 180, position: 300n, done: true });
      expect(out).to.deep.equal([
        '\r\x1b[2Krestoring counts (task 0_0)   50%  100/200 records  100 records/s  ETA 1s',
        '\r\x1b[2Krestoring counts (task 0_0)  100%  200/200 records  100 records/s',
        '\r\x1b[2Krestoring counts (task 0_0)  done: 200 records in 2s (100 records/s)\n',
      ]);
    });
  });
});
