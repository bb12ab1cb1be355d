import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PartitionOffset } from '../../core/log/checkpoint-file.js';
import { HIGH_WATERMARK_CHECKPOINT_FILE, LogManager } from '../../core/log/log-manager.js';
import { deps, removeDir, tempDir, valuesBatch } from '../core/log/helpers.js';

describe('LogManager: the high watermark checkpoint (replication-offset-checkpoint)', () => {
  let root: string;
  const file = () => path.join(root, HIGH_WATERMARK_CHECKPOINT_FILE);
  beforeEach(() => {
    root = tempDir('fjord-hw-');
  });
  afterEach(() => removeDir(root));

  function withLog(d = deps(), records = 10): LogManager {
    const m = LogManager.open(root, d, { nodeId: 1, highWatermarkCheckpointIntervalMs: 5000 });
    if (records > 0) m.getOrCreate('events', 0).append(valuesBatch(records));
    return m;
  }

  it('writes Kafka\'s format every interval once a source is set, and not before the interval', async () => {
    const d = deps();
    const m = withLog(d);
    let hws: PartitionOffset[] = [{ topic: 'events', partition: 0, offset: 7n }];
    m.setHighWatermarkSource(() => hws);
    d.clock.advance(4999);
    await m.tick(d.clock.nowMs());
    expect(fs.existsSync(file())).to.equal(false);
    d.clock.advance(1);
    await m.tick(d.clock.nowMs());
    expect(fs.readFileSync(file(), 'utf8')).to.equal('0\n1\nevents 0 7\n');
    hws = [{ topic: 'events', partition: 0, offset: 9n }];
    m.close();
    expect(fs.readFileSync(file(), 'utf8')).to.equal('0\n1\nevents 0 9\n');
  });

  it('hands the checkpointed high watermark back after a restart, never past the log end', () => {
    const m = withLog();
    m.getOrCreate('events', 1).append(valuesBatch(3));
    m.setHighWatermarkSource(() => [{ topic: 'events', partition: 0, offset: 8n }, { topic: 'events', partition: 1, offset: 3n }]);
    m.close();
    fs.writeFileSync(file(), '0\n2\nevents 0 8\nevents 1 50\n');
    const again = withLog(deps(), 0);
    expect(again.checkpointedHighWatermark('events', 0)).to.equal(8n);
    expect(again.checkpointedHighWatermark('events', 1)).to.equal(3n);
    expect(again.checkpointedHighWatermark('events', 2)).to.equal(undefined);
    again.close();
  });

  it('keeps the checkpointed value of a partition the source does not report, and drops deleted logs', () => {
    const m = withLog();
    m.getOrCreate('other', 0).append(valuesBatch(4));
    m.setHighWatermarkSource(() => [{ topic: 'events', partition: 0, offset: 10n }, { topic: 'other', partition: 0, offset: 4n }]);
    m.writeHighWatermarks();
    m.setHighWatermarkSource(() => []);
    m.writeHighWatermarks();
    expect(fs.readFileSync(file(), 'utf8')).to.equal('0\n2\nevents 0 10\nother 0 4\n');
    m.deleteLog('other', 0);
    expect(fs.readFileSync(file(), 'utf8')).to.equal('0\n1\nevents 0 10\n');
    m.close();
  });

  it('reports a corrupt checkpoint naming the file and line, and falls back to no high watermark', () => {
    withLog().close();
    fs.writeFileSync(file(), '0\n2\nevents 0 8\nevents zero 3\n');
    const d = deps();
    const m = withLog(d, 0);
    expect(m.checkpointedHighWatermark('events', 0)).to.equal(undefined);
    const line = d.lines.find((l) => l.includes('high watermark checkpoint'));
    expect(line).to.include(file()).and.to.include('line 4');
    m.close();
  });

  it('writes through a temp file renamed into place: a torn temp file left by a crash changes nothing', () => {
    const m = withLog();
    m.setHighWatermarkSource(() => [{ topic: 'events', partition: 0, offset: 5n }]);
    m.writeHighWatermarks();
    expect(fs.readdirSync(root).filter((n) => n.startsWith(HIGH_WATERMARK_CHECKPOINT_FILE))).to.deep.equal([HIGH_WATERMARK_CHECKPOINT_FILE]);
    m.close();
    fs.writeFileSync(`${file()}.tmp`, '0\n1\nevents 0 9'); // a crash mid-write of the next checkpoint
    const again = withLog(deps(), 0);
    expect(again.checkpointedHighWatermark('events', 0)).to.equal(5n);
    again.close();
  });
});
