import { expect } from 'chai';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CHECKPOINT_FILE,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from '../../../../core/streams/state/checkpoint.js';
import { TempDirs } from './helpers.js';

const dirs = new TempDirs();

describe('checkpoint file', () => {
  afterEach(() => dirs.cleanup());

  it("encodes Kafka's format: version, count, then topic partition offset lines", () => {
    const encoded = encodeCheckpoint([
      { topic: 'app-counts-changelog', partition: 0, offset: 1234n },
      { topic: 'app-counts-changelog', partition: 1, offset: 99n },
    ]);
    expect(encoded).to.equal('0\n2\napp-counts-changelog 0 1234\napp-counts-changelog 1 99\n');
  });

  it('round-trips through a file', async () => {
    const dir = await dirs.make();
    const offsets = [{ topic: 't', partition: 7, offset: 9_007_199_254_740_993n }];
    await writeCheckpoint(dir, offsets);
    expect(await readCheckpoint(dir)).to.deep.equal(offsets);
  });

  it('reads an absent file as no checkpoint', async () => {
    expect(await readCheckpoint(await dirs.make())).to.deep.equal([]);
  });

  it('replaces the old file and leaves no temporary file', async () => {
    const dir = await dirs.make();
    await writeCheckpoint(dir, [{ topic: 't', partition: 0, offset: 1n }]);
    await writeCheckpoint(dir, [{ topic: 't', partition: 0, offset: 2n }]);
    expect(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')).to.equal('0\n1\nt 0 2\n');
    expect(await readdir(dir)).to.deep.equal([CHECKPOINT_FILE]);
  });

  it('rejects a count that does not match the lines', async () => {
    const dir = await dirs.make();
    await writeFile(join(dir, CHECKPOINT_FILE), '0\n2\nt 0 1\n');
    expect(() => decodeCheckpoint('0\n2\nt 0 1\n', 'x')).to.throw(/count 2 but 1 entries/);
    let error: unknown;
    await readCheckpoint(dir).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/bad checkpoint file/);
  });

  it('rejects an unknown version', () => {
    expect(() => decodeCheckpoint('1\n0\n', 'x')).to.throw(/unknown version/);
  });
});
