import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { FjordError } from '../../../core/errors.js';
import { formatCheckpoint, parseCheckpoint } from '../../../core/log/checkpoint-file.js';
import { LogManager } from '../../../core/log/log-manager.js';
import { batch, config, deps, kv, removeDir, tempDir, valuesBatch } from './helpers.js';

const T0 = 1_700_000_000_000;

describe('LogManager', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => removeDir(root));

  const read = (name: string) => fs.readFileSync(path.join(root, name), 'utf8');

  it('writes meta.properties once with version 1, node.id and a generated cluster.id', () => {
    const first = LogManager.open(root, deps(), { nodeId: 3 });
    first.close();
    const text = read('meta.properties');
    expect(text).to.match(/^node\.id=3$/m).and.match(/^version=1$/m);
    expect(first.clusterId).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(text).to.include(`cluster.id=${first.clusterId}`);
    const second = LogManager.open(root, deps(), { nodeId: 3 });
    expect(second.clusterId).to.equal(first.clusterId);
    second.close();
  });

  it('refuses a data directory that belongs to another node', () => {
    LogManager.open(root, deps(), { nodeId: 1 }).close();
    expect(() => LogManager.open(root, deps(), { nodeId: 2 })).to.throw(FjordError, /belongs to node.id 1/);
  });

  it('writes the recovery point and log start offset checkpoints in Kafka text format on close', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    mgr.getOrCreate('orders', 0).append(valuesBatch(5));
    const p1 = mgr.getOrCreate('orders', 1);
    p1.append(valuesBatch(3));
    p1.deleteRecordsBefore(2n);
    mgr.close();
    const lines = (name: string) => read(name).split('\n');
    expect(lines('recovery-point-offset-checkpoint').slice(0, 2)).to.deep.equal(['0', '2']);
    expect(lines('recovery-point-offset-checkpoint').slice(2, 4).sort()).to.deep.equal(['orders 0 5', 'orders 1 3']);
    expect(lines('log-start-offset-checkpoint').slice(2, 4).sort()).to.deep.equal(['orders 0 0', 'orders 1 2']);
    expect(read('cleaner-offset-checkpoint')).to.equal('0\n0\n');
  });

  it('formats and parses checkpoints, naming the file and line of a damaged one', () => {
    expect(formatCheckpoint([['t', '0', '42']])).to.equal('0\n1\nt 0 42\n');
    expect(parseCheckpoint('0\n1\nt 0 42\n', 3, 'f')).to.deep.equal([['t', '0', '42']]);
    expect(() => parseCheckpoint('1\n0\n', 3, 'f')).to.throw(FjordError, /f line 1: unsupported version/);
    expect(() => parseCheckpoint('0\n2\nt 0 1\n', 3, 'f')).to.throw(FjordError, /count says 2 entries, file has 1/);
    expect(() => parseCheckpoint('0\n1\nt 0\n', 3, 'f')).to.throw(FjordError, /line 3: expected 3 fields/);
  });

  it('reopens every partition with its checkpoints: no re-validation after a clean close', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    for (let p = 0; p < 3; p++) for (let i = 0; i < 10; i++) mgr.getOrCreate('t.x-y', p).append(valuesBatch(3));
    mgr.getOrCreate('t.x-y', 2).deleteRecordsBefore(7n);
    mgr.close();
    const d = deps();
    const again = LogManager.open(root, d, { nodeId: 1 });
    expect(again.list().map((m) => `${m.topic}/${m.partition}/${m.log.logEndOffset}`).sort()).to.deep.equal(['t.x-y/0/30', 't.x-y/1/30', 't.x-y/2/30']);
    expect(again.get('t.x-y', 2)?.logStartOffset).to.equal(7n);
    expect(d.lines.filter((l) => l.includes('re-validated 0 bytes'))).to.have.length(3);
    again.close();
  });

  it('fully re-validates a partition that has no checkpoint entry', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    mgr.getOrCreate('a', 0).append(valuesBatch(3));
    mgr.getOrCreate('b', 0).append(valuesBatch(3));
    mgr.close();
    fs.writeFileSync(path.join(root, 'recovery-point-offset-checkpoint'), '0\n1\na 0 3\n');
    const d = deps();
    LogManager.open(root, d, { nodeId: 1 }).close();
    const bLine = d.lines.find((l) => l.startsWith('b-0: opened'));
    expect(bLine).to.include(`re-validated ${valuesBatch(3).length} bytes in 1 segments from recovery point 0`);
  });

  it('deletes a partition directory and forgets its checkpoint entries at once', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    mgr.getOrCreate('gone', 0).append(valuesBatch(3));
    mgr.flush();
    expect(mgr.deleteLog('gone', 0)).to.equal(true);
    expect(fs.existsSync(path.join(root, 'gone-0'))).to.equal(false);
    expect(read('recovery-point-offset-checkpoint')).to.equal('0\n0\n');
    mgr.close();
  });

  it('deletes every partition of a topic with deleteTopic', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    for (let p = 0; p < 3; p++) mgr.getOrCreate('doomed', p);
    mgr.getOrCreate('kept', 0);
    expect(mgr.deleteTopic('doomed')).to.equal(3);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('doomed'))).to.deep.equal([]);
    expect(mgr.list().map((m) => m.topic)).to.deep.equal(['kept']);
    mgr.close();
  });

  it('applies a config given to getOrCreate to a log loaded at open', () => {
    const first = LogManager.open(root, deps(), { nodeId: 1 });
    first.getOrCreate('cfg', 0);
    first.close();
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    expect(mgr.get('cfg', 0)?.config.cleanupPolicy).to.equal('delete');
    mgr.getOrCreate('cfg', 0, config({ 'cleanup.policy': 'compact' }));
    expect(mgr.get('cfg', 0)?.config.cleanupPolicy).to.equal('compact');
    mgr.close();
  });

  it('rejects topic names Kafka would reject', () => {
    const mgr = LogManager.open(root, deps(), { nodeId: 1 });
    expect(() => mgr.getOrCreate('../evil', 0)).to.throw(FjordError, /cannot create a log/);
    mgr.close();
  });

  it('runs time-based flush, retention and compaction from tick', async () => {
    const d = deps();
    const configs: Record<string, ReturnType<typeof config>> = {
      flushed: config({ 'flush.ms': '1000' }),
      retained: config({ 'retention.ms': '1000', 'segment.bytes': String(valuesBatch(1).length) }),
      keyed: config({ 'cleanup.policy': 'compact' }),
    };
    const mgr = LogManager.open(root, d, { nodeId: 1, configFor: (t) => configs[t], retentionCheckIntervalMs: 1000, cleanerBackoffMs: 0 });
    mgr.getOrCreate('flushed', 0).append(valuesBatch(1));
    for (let i = 0; i < 3; i++) mgr.getOrCreate('retained', 0).append(valuesBatch(1, 'v', T0));
    const keyed = mgr.getOrCreate('keyed', 0);
    for (let i = 0; i < 10; i++) keyed.append(batch([kv('k', `v${i}`)]));
    keyed.roll();
    d.clock.advance(5000);
    const result = await mgr.tick(d.clock.nowMs());
    expect(result.flushed).to.equal(1);
    expect(mgr.get('flushed', 0)?.recoveryPoint).to.equal(1n);
    expect(result.segmentsDeleted).to.equal(2);
    expect(result.compaction?.topic).to.equal('keyed');
    expect(result.compaction?.recordsKept).to.equal(1);
    expect(read('cleaner-offset-checkpoint')).to.equal('0\n1\nkeyed 0 10\n');
    mgr.close();
  });
});

describe('compactionProgress', () => {
  it('stays quiet for short passes and reports long ones every 5 s with percent, rate and time left', async () => {
    const { compactionProgress } = await import('../../../core/log/log-manager.js');
    let now = 0;
    const lines: string[] = [];
    const report = compactionProgress('users-0', { nowMs: () => now }, (l) => lines.push(l));
    const MiB = 1048576;
    now = 1_000; report(10 * MiB, 100 * MiB);
    expect(lines).to.deep.equal([]);
    now = 5_000; report(50 * MiB, 100 * MiB);
    now = 6_000; report(60 * MiB, 100 * MiB); // within 5 s of the last line
    now = 11_000; report(100 * MiB, 100 * MiB); // done: the cleaner logs its own summary
    expect(lines).to.deep.equal(['users-0: compacting, 50% (50.0 of 100.0 MiB, 10.0 MiB/s, about 5 s left)']);
  });
});

