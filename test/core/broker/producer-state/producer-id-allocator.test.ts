import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PRODUCER_ID_BLOCK_FILE, ProducerIdAllocator } from '../../../../core/broker/producer-state/producer-id-allocator.js';
import { nodeStorage } from '../../../../core/io/node-storage.js';
import { removeDir, tempDir } from '../../log/helpers.js';

describe('ProducerIdAllocator', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, PRODUCER_ID_BLOCK_FILE);
  });
  afterEach(() => removeDir(dir));

  it('hands out consecutive ids, reserving a block durably before the first id of it', () => {
    const ids = ProducerIdAllocator.open(nodeStorage, file, 3);
    expect(ids.issuedBefore).to.equal(false);
    expect(fs.existsSync(file)).to.equal(false);
    expect([ids.allocate(), ids.allocate(), ids.allocate()]).to.deep.equal([0n, 1n, 2n]);
    expect(fs.readFileSync(file, 'utf8')).to.match(/^next\.block\.start=3$/m);
    expect(ids.allocate()).to.equal(3n);
    expect(fs.readFileSync(file, 'utf8')).to.match(/^next\.block\.start=6$/m);
  });

  it('never repeats an id after a restart, even one that crashed mid-block', () => {
    const seen = new Set<bigint>();
    for (let restart = 0; restart < 4; restart++) {
      const ids = ProducerIdAllocator.open(nodeStorage, file, 10);
      expect(ids.issuedBefore).to.equal(restart > 0);
      // Each "process" uses part of a block and dies without any shutdown step.
      for (let i = 0; i < 3 + restart * 5; i++) {
        const id = ids.allocate();
        expect(seen.has(id), `id ${id} reused`).to.equal(false);
        seen.add(id);
      }
    }
    expect(Math.min(...[...seen].map(Number))).to.equal(0);
  });

  it('refuses to guess when the block file is damaged', () => {
    fs.writeFileSync(file, 'version=1\nnext.block.start=banana\n');
    expect(() => ProducerIdAllocator.open(nodeStorage, file)).to.throw(/producer id block file .*bad next\.block\.start 'banana'/).with.property('code', 'CORRUPT_LOG');
  });
});
