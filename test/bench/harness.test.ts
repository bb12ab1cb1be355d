import { expect } from 'chai';
import fs from 'node:fs';
import {
  type Benchmark, type BenchResult, benchFilesFor, checkBenchmarks, formatJsonLine, formatNumber, formatTable, median,
  parseBenchArgs, runBenchmark, selectBenchmarks, timeIt, tmpDir, withReferences,
} from '../../bench/harness.js';

const named = (...names: string[]) => names.map((name) => ({ name }));

function result(name: string, value: number, unit: string, extra: Partial<BenchResult> = {}): BenchResult {
  return { name, value, unit, values: [value, value, value, value, value], ...extra };
}

describe('bench/harness', () => {
  describe('median', () => {
    it('is the middle value of an odd count, whatever the order', () => {
      expect(median([5, 1, 9, 3, 7])).to.equal(5);
    });

    it('is the mean of the middle two of an even count', () => {
      expect(median([4, 1, 3, 2])).to.equal(2.5);
    });

    it('does not reorder its input', () => {
      const xs = [3, 1, 2];
      median(xs);
      expect(xs).to.deep.equal([3, 1, 2]);
    });

    it('refuses an empty list', () => {
      expect(() => median([])).to.throw(/empty/);
    });
  });

  describe('command line', () => {
    it('takes --json and any number of name prefixes', () => {
      expect(parseBenchArgs([])).to.deep.equal({ json: false, prefixes: [] });
      expect(parseBenchArgs(['protocol', '--json', 'embedded.'])).to.deep.equal({ json: true, prefixes: ['protocol', 'embedded.'] });
    });

    it('rejects an unknown option', () => {
      expect(() => parseBenchArgs(['--jsno'])).to.throw(/unknown option --jsno/);
    });
  });

  describe('selection', () => {
    const all = named('protocol.crc32c', 'protocol.varint', 'embedded.produce', 'embedded.fetch', 'probe.append');

    it('selects everything without prefixes', () => {
      expect(selectBenchmarks(all, [])).to.deep.equal(all);
    });

    it('adds each benchmark a selected one is compared with, just before its first dependent, once', () => {
      const b = (name: string, comparedWith?: string) => ({ name, ...(comparedWith === undefined ? {} : { comparedWith }) });
      const all = [b('sql.window-count', 'streams.window-count'), b('streams.ceiling'), b('streams.stateless', 'streams.ceiling'), b('streams.window-count', 'streams.ceiling')];
      expect(withReferences(all, [all[0]!]).map((x) => x.name)).to.deep.equal(['streams.window-count', 'sql.window-count']);
      expect(withReferences(all, all).map((x) => x.name)).to.deep.equal(['streams.window-count', 'sql.window-count', 'streams.ceiling', 'streams.stateless']);
      expect(() => withReferences(all, [b('x.y', 'nope.z')])).to.throw('benchmark x.y is compared with nope.z, which no bench file defines');
    });

    it('selects the benchmarks whose name starts with any prefix, in discovery order', () => {
      expect(selectBenchmarks(all, ['embedded.f', 'protocol']).map((b) => b.name)).to.deep.equal([
        'protocol.crc32c',
        'protocol.varint',
        'embedded.fetch',
      ]);
    });

    it('fails on a prefix that selects nothing, listing the names there are', () => {
      expect(() => selectBenchmarks(all, ['protocol', 'sql'])).to.throw(/"sql".*protocol\.crc32c, protocol\.varint/);
    });

    it('loads only the bench files whose area a prefix can select, and always the probe', () => {
      const files = ['protocol.bench.ts', 'embedded.bench.ts', 'probe.bench.ts', 'harness.ts', 'run.ts', 'README.md'];
      expect(benchFilesFor(files, [])).to.deep.equal(['embedded.bench.ts', 'probe.bench.ts', 'protocol.bench.ts']);
      expect(benchFilesFor(files, ['proto'])).to.deep.equal(['probe.bench.ts', 'protocol.bench.ts']);
      expect(benchFilesFor(files, ['embedded.produce.fsync'])).to.deep.equal(['embedded.bench.ts', 'probe.bench.ts']);
      expect(benchFilesFor(files, ['embeddedx'])).to.deep.equal(['probe.bench.ts']);
    });

    it('rejects a benchmark named outside its file\'s area', () => {
      expect(() => checkBenchmarks([{ name: 'protocol.crc32c', unit: 'MB/s', run: async () => 1 }], 'embedded')).to.throw(/embedded\.<what>/);
    });

    it('rejects duplicate names and fewer than five runs', () => {
      const run = async () => 1;
      expect(() => checkBenchmarks([{ name: 'a', unit: 'ms', run }, { name: 'a', unit: 'ms', run }])).to.throw(/twice/);
      expect(() => checkBenchmarks([{ name: 'a', unit: 'ms', runs: 3, run }])).to.throw(/at least 5/);
    });
  });

  describe('output', () => {
    it('writes one JSON object per result with exactly name, median value and unit', () => {
      const line = formatJsonLine(result('protocol.crc32c', 5483.25, 'MB/s', { target: '>= 1 MB/s' }));
      expect(line).to.equal('{"name":"protocol.crc32c","value":5483.25,"unit":"MB/s"}');
    });

    it('tabulates medians against the probe, converting records/s with bytesPerRecord', () => {
      const probe = result('probe.append', 2000, 'MB/s');
      const produce = result('embedded.produce', 4_194_304, 'records/s', { bytesPerRecord: 100, target: '>= 2,000,000 records/s' });
      const latency = result('embedded.p99', 1.5, 'ms');
      const lines = formatTable([probe, produce, latency], probe).split('\n');
      const cells = (i: number) => lines[i]!.split('|').map((c) => c.trim());
      expect(cells(0)).to.deep.equal(['name', 'median', 'unit', 'MB/s', 'runs', 'target', 'probe.append MB/s', 'ratio', 'of same-run']);
      expect(cells(2)).to.deep.equal(['probe.append', '2,000', 'MB/s', '2,000', '5', '', '', '', '']);
      // 4,194,304 records/s × 100 B = 400 MiB/s, a fifth of the probe.
      expect(cells(3)).to.deep.equal(['embedded.produce', '4,194,304', 'records/s', '400', '5', '>= 2,000,000 records/s', '2,000', '0.20', '']);
      expect(cells(4)).to.deep.equal(['embedded.p99', '1.50', 'ms', '', '5', '', '2,000', '', '']);
    });

    it('sets a result against the same-run benchmark it is compared with', () => {
      const probe = result('probe.append', 2000, 'MB/s');
      const ceiling = result('streams.ceiling', 400_000, 'records/s');
      const stateless = { ...result('streams.stateless', 300_000, 'records/s'), comparedWith: 'streams.ceiling' };
      const orphan = { ...result('sql.window-count', 1000, 'records/s'), comparedWith: 'streams.window-count' };
      const lines = formatTable([probe, ceiling, stateless, orphan], probe).split('\n');
      const last = (i: number) => lines[i]!.split('|').map((c) => c.trim()).at(-1);
      expect([last(3), last(4), last(5)]).to.deep.equal(['', '0.75 of streams.ceiling', '']);
    });

    it('formats numbers with three significant digits at least', () => {
      expect([formatNumber(2_345_678.4), formatNumber(12.345), formatNumber(0.12345)]).to.deep.equal(['2,345,678', '12.35', '0.123']);
    });
  });

  describe('running', () => {
    it('sets up once, takes `runs` measurements, tears down, and reports the median', async () => {
      const calls: string[] = [];
      let n = 0;
      const b: Benchmark<string> = {
        name: 'fake.bench',
        unit: 'ms',
        runs: 7,
        async setup() {
          calls.push('setup');
          return 'ctx';
        },
        async run(ctx) {
          calls.push(`run ${ctx}`);
          return [10, 1, 9, 2, 8, 3, 7][n++]!;
        },
        async teardown(ctx) {
          calls.push(`teardown ${ctx}`);
        },
      };
      const progress: string[] = [];
      const r = await runBenchmark(b, (line) => progress.push(line));
      expect(r).to.deep.include({ name: 'fake.bench', unit: 'ms', value: 7, values: [10, 1, 9, 2, 8, 3, 7] });
      expect(calls).to.deep.equal(['setup', ...Array(7).fill('run ctx'), 'teardown ctx']);
      expect(progress[0]).to.equal('fake.bench run 1/7: 10.00 ms');
    });

    it('removes tmpDir directories once the benchmark is done', async () => {
      let dir = '';
      await runBenchmark({ name: 't', unit: 'ms', setup: async () => (dir = tmpDir('test')), run: async () => (fs.existsSync(dir) ? 1 : 0) }, () => {});
      expect(dir).to.not.equal('');
      expect(fs.existsSync(dir)).to.equal(false);
    });

    it('times in seconds', async () => {
      const s = await timeIt(() => new Promise((resolve) => setTimeout(resolve, 20)));
      expect(s).to.be.within(0.015, 1);
    });
  });
});
