import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { FjordError } from '../../core/errors.js';
import { nodeStorage } from '../../core/io/node-storage.js';
import type { Storage, StorageFile } from '../../core/io/storage.js';
import { readOffsetCheckpoint } from '../../core/log/checkpoint-file.js';
import { LogManager, RECOVERY_POINT_CHECKPOINT_FILE } from '../../core/log/log-manager.js';
import { config, deps, records, removeDir, tempDir, valuesBatch } from '../core/log/helpers.js';

const TOPIC = 'events';
/** Six batches of five records, two per segment: segments at 0, 10 and 20; epoch 1 up to 15, then epoch 2. */
const BATCHES = 6;
const PER_BATCH = 5;

/** A process "killed" at the `failAt`-th change to the disk: that change and every later one never happen. */
class CrashingStorage implements Storage {
  changes = 0;
  failAt = Infinity;
  constructor(private readonly inner: Storage = nodeStorage) {}
  private change(): void {
    this.changes++;
    if (this.changes >= this.failAt) throw new Error(`simulated crash at disk change ${this.changes}`);
  }
  open(p: string): StorageFile {
    const file = this.inner.open(p);
    return {
      read: (buf, offset, length, position) => file.read(buf, offset, length, position),
      write: (b, pos) => (this.change(), file.write(b, pos)),
      sync: () => file.sync(),
      truncate: (l) => (this.change(), file.truncate(l)),
      size: () => file.size(),
      close: () => file.close(),
    };
  }
  exists = (p: string) => this.inner.exists(p);
  list = (d: string) => this.inner.list(d);
  mkdirp = (d: string) => this.inner.mkdirp(d);
  rename = (a: string, b: string) => (this.change(), this.inner.rename(a, b));
  remove = (p: string) => (this.change(), this.inner.remove(p));
  removeTree = (d: string) => (this.change(), this.inner.removeTree(d));
  readFile = (p: string) => this.inner.readFile(p);
  writeFileAtomic = (p: string, d: Buffer | string) => (this.change(), this.inner.writeFileAtomic(p, d));
}

describe('PartitionLog.truncateTo (divergent tails)', () => {
  let root: string;
  const segmentBytes = String(valuesBatch(PER_BATCH).length * 2 + 10);
  const topicConfig = () => config({ 'segment.bytes': segmentBytes, 'index.interval.bytes': '1' });
  const open = (storage: Storage = nodeStorage) => LogManager.open(root, { ...deps(undefined, storage) }, { nodeId: 1, configFor: topicConfig });
  const partDir = () => path.join(root, `${TOPIC}-0`);
  const fileSize = (name: string) => fs.statSync(path.join(partDir(), name)).size;

  function fill(m: LogManager): void {
    const log = m.getOrCreate(TOPIC, 0);
    for (let i = 0; i < BATCHES; i++) log.append(valuesBatch(PER_BATCH, `b${i}`), { leaderEpoch: i < 3 ? 1 : 2 });
  }

  /** Every record from the log start to the end, as "offset:value". */
  function contents(m: LogManager): string[] {
    const log = m.get(TOPIC, 0)!;
    const out: string[] = [];
    let at = log.logStartOffset;
    for (let guard = 0; at < log.logEndOffset && guard < 100; guard++) {
      const got = records(log.read(at, 1 << 20).bytes).filter((r) => r.offset >= at);
      if (got.length === 0) break;
      for (const r of got) out.push(`${r.offset}:${r.value}`);
      at = got[got.length - 1].offset + 1n;
    }
    return out;
  }

  const original = (end: number) => Array.from({ length: end }, (_, o) => `${o}:b${Math.floor(o / PER_BATCH)}-${o % PER_BATCH}`);

  beforeEach(() => {
    root = tempDir('fjord-truncate-');
  });
  afterEach(() => removeDir(root));

  it('cuts mid-segment at a batch boundary: the segment file, its epochs and the log end, and a reopen agrees', () => {
    const m = open();
    fill(m);
    const log = m.get(TOPIC, 0)!;
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 10n, 20n]);
    const oneBatch = valuesBatch(PER_BATCH, 'b4').length;
    expect(m.truncateTo(TOPIC, 0, 25n)).to.equal(25n);
    expect(log.logEndOffset).to.equal(25n);
    expect(fileSize('00000000000000000020.log')).to.equal(oneBatch);
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 1, startOffset: 0n }, { epoch: 2, startOffset: 15n }]);
    expect(contents(m)).to.deep.equal(original(25));
    m.close();
    const again = open();
    expect(again.get(TOPIC, 0)!.logEndOffset).to.equal(25n);
    expect(contents(again)).to.deep.equal(original(25));
    expect(again.get(TOPIC, 0)!.append(valuesBatch(1, 'new')).baseOffset).to.equal(25n);
    again.close();
  });

  it('cuts at a segment boundary: later segments are deleted and the boundary segment stays, empty and active', () => {
    const m = open();
    fill(m);
    const log = m.get(TOPIC, 0)!;
    expect(m.truncateTo(TOPIC, 0, 10n)).to.equal(10n);
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 10n]);
    expect(fs.existsSync(path.join(partDir(), '00000000000000000020.log'))).to.equal(false);
    expect(fs.existsSync(path.join(partDir(), '00000000000000000020.index'))).to.equal(false);
    expect(fileSize('00000000000000000010.log')).to.equal(0);
    expect(fileSize('00000000000000000010.index')).to.equal(0);
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 1, startOffset: 0n }]);
    expect(log.append(valuesBatch(2, 'x'), { leaderEpoch: 3 }).baseOffset).to.equal(10n);
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 1, startOffset: 0n }, { epoch: 3, startOffset: 10n }]);
    m.close();
    const again = open();
    expect(contents(again)).to.deep.equal([...original(10), '10:x-0', '11:x-1']);
    again.close();
  });

  it('leaves the log alone at or past its end', () => {
    const m = open();
    fill(m);
    const size = m.get(TOPIC, 0)!.sizeBytes;
    expect(m.truncateTo(TOPIC, 0, 30n)).to.equal(30n);
    expect(m.truncateTo(TOPIC, 0, 99n)).to.equal(30n);
    expect(m.get(TOPIC, 0)!.sizeBytes).to.equal(size);
    expect(contents(m)).to.deep.equal(original(30));
    m.close();
  });

  it('drops a batch that straddles the offset whole (the log ends at its base offset)', () => {
    const m = open();
    fill(m);
    expect(m.truncateTo(TOPIC, 0, 12n)).to.equal(10n);
    expect(contents(m)).to.deep.equal(original(10));
    m.close();
  });

  it('truncates below the high watermark or to nothing when the caller asks (that is the caller\'s business)', () => {
    const m = open();
    fill(m);
    expect(m.truncateTo(TOPIC, 0, 0n)).to.equal(0n);
    const log = m.get(TOPIC, 0)!;
    expect(log.segmentBaseOffsets()).to.deep.equal([0n]);
    expect(log.sizeBytes).to.equal(0);
    expect(log.leaderEpochs()).to.deep.equal([]);
    expect(log.append(valuesBatch(1, 'again')).baseOffset).to.equal(0n);
    m.close();
  });

  it('refuses an offset below the log start offset with an error naming the partition and offset', () => {
    const m = open();
    fill(m);
    m.get(TOPIC, 0)!.deleteRecordsBefore(10n);
    expect(() => m.truncateTo(TOPIC, 0, 5n)).to.throw(FjordError, /events-0 to offset 5: it is below the log start offset 10/);
    expect(contents(m)).to.deep.equal(original(30).slice(10));
    m.close();
  });

  it('truncateFullyAndStartAt empties the log and starts it at the given offset, also after a reopen', () => {
    const m = open();
    fill(m);
    m.truncateFullyAndStartAt(TOPIC, 0, 100n);
    const log = m.get(TOPIC, 0)!;
    expect([log.logStartOffset, log.logEndOffset]).to.deep.equal([100n, 100n]);
    expect(fs.readdirSync(partDir()).filter((f) => f.endsWith('.log'))).to.deep.equal(['00000000000000000100.log']);
    expect(log.append(valuesBatch(2, 'late')).baseOffset).to.equal(100n);
    m.close();
    const again = open();
    expect(contents(again)).to.deep.equal(['100:late-0', '101:late-1']);
    expect(again.get(TOPIC, 0)!.logStartOffset).to.equal(100n);
    again.close();
  });

  it('writes the lowered recovery point before anything can be appended past the cut', () => {
    const m = open();
    fill(m);
    m.flush();
    m.truncateTo(TOPIC, 0, 15n);
    const points = readOffsetCheckpoint(nodeStorage, path.join(root, RECOVERY_POINT_CHECKPOINT_FILE));
    expect(points).to.deep.equal([{ topic: TOPIC, partition: 0, offset: 15n }]);
    m.close();
  });

  it('after a kill that follows a truncation and new appends, re-validates from the cut instead of trusting the new bytes', () => {
    const m = open();
    fill(m);
    m.flush(); // recovery point 30: everything below is trusted on open
    m.truncateTo(TOPIC, 0, 15n);
    m.get(TOPIC, 0)!.append(valuesBatch(2, 'new'), { leaderEpoch: 3 });
    // Killed here: nothing is closed or flushed. The reopen must not trust offsets 15..29.
    const d = deps();
    const again = LogManager.open(root, d, { nodeId: 1, configFor: topicConfig });
    expect(d.lines.some((l) => /events-0: opened .* from recovery point 15$/.test(l)), d.lines.join('\n')).to.equal(true);
    expect(contents(again)).to.deep.equal([...original(15), '15:new-0', '16:new-1']);
    expect(again.get(TOPIC, 0)!.leaderEpochs()).to.deep.equal([{ epoch: 1, startOffset: 0n }, { epoch: 3, startOffset: 15n }]);
    again.close();
  });

  it('reopens to a prefix of the old log when killed at any disk change during truncation, and appends after it', () => {
    let completedAt = -1;
    for (let failAt = 1; failAt < 100 && completedAt < 0; failAt++) {
      removeDir(root);
      fs.mkdirSync(root, { recursive: true });
      const setup = open();
      fill(setup);
      setup.close();
      const storage = new CrashingStorage();
      const m = open(storage);
      storage.failAt = storage.changes + failAt;
      try {
        m.truncateTo(TOPIC, 0, 12n);
        completedAt = failAt;
      } catch (err) {
        expect((err as Error).message).to.match(/simulated crash/);
      }
      // The killed process never closes anything: reopen what is on disk.
      const again = open();
      const log = again.get(TOPIC, 0)!;
      const end = Number(log.logEndOffset);
      expect([10, 15, 20, 25, 30], `end after a crash at change ${failAt}`).to.include(end);
      expect(contents(again), `records after a crash at change ${failAt}`).to.deep.equal(original(end));
      expect(log.leaderEpochs().every((e) => e.startOffset < log.logEndOffset)).to.equal(true);
      expect(log.append(valuesBatch(1, 'after')).baseOffset).to.equal(log.logEndOffset - 1n);
      again.close();
      const third = open();
      expect(contents(third)).to.deep.equal([...original(end), `${end}:after-0`]);
      third.close();
    }
    expect(completedAt, 'the truncation completes once no change fails').to.be.greaterThan(1);
  });
});
