import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import * as snappy from 'snappy';
import { FjordError } from '../../../core/errors.js';
import {
  COMPRESSION_CODEC_IDS,
  CompressionType,
  compress,
  compressSync,
  compressionCodecId,
  compressionTypeForId,
  decompress,
  decompressSync,
} from '../../../core/protocol/compression.js';

const ALL: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const SYNC: CompressionType[] = ['none', 'gzip', 'snappy', 'lz4'];

/** Compressible but not trivial: repeated text with a counter. */
function sample(bytes: number): Buffer {
  const text = Array.from({ length: Math.ceil(bytes / 16) }, (_, i) => `record-${i % 1000}-value;`).join('');
  return Buffer.from(text.slice(0, bytes));
}

/** Java's xerial SnappyOutputStream framing, written by hand: magic, version 1, compatible 1, blocks. */
function xerialFrame(blocks: Buffer[]): Buffer {
  const header = Buffer.alloc(16);
  Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]).copy(header, 0); // \x82 S N A P P Y \0
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (const block of blocks) {
    const raw = snappy.compressSync(block);
    const length = Buffer.alloc(4);
    length.writeInt32BE(raw.length);
    parts.push(length, raw);
  }
  return Buffer.concat(parts);
}

describe('compression', () => {
  it('numbers the codecs as Kafka attributes do: none 0, gzip 1, snappy 2, lz4 3, zstd 4', () => {
    expect(COMPRESSION_CODEC_IDS).to.deep.equal({ none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 });
    for (const type of ALL) expect(compressionTypeForId(compressionCodecId(type))).to.equal(type);
  });

  it('rejects codec ids 5-7 as corrupt', () => {
    for (const id of [5, 6, 7]) {
      expect(() => compressionTypeForId(id))
        .to.throw(FjordError, `unknown compression codec id ${id}`)
        .with.property('code', 'CORRUPT_MESSAGE');
    }
  });

  for (const type of ALL) {
    it(`round-trips ${type} asynchronously, including an empty input`, async () => {
      for (const input of [sample(10_000), Buffer.alloc(0)]) {
        const packed = await compress(type, input);
        expect(await decompress(type, packed)).to.deep.equal(input);
      }
    });
  }

  for (const type of SYNC) {
    it(`round-trips ${type} synchronously, readable by the async side too`, async () => {
      const input = sample(10_000);
      const packed = compressSync(type, input);
      expect(decompressSync(type, packed)).to.deep.equal(input);
      expect(await decompress(type, packed)).to.deep.equal(input);
    });
  }

  it('actually shrinks compressible data with every codec', async () => {
    const input = sample(50_000);
    for (const type of ALL.filter((t) => t !== 'none')) {
      expect((await compress(type, input)).length, type).to.be.below(input.length / 2);
    }
  });

  it('writes the formats Kafka reads: gzip member, LZ4 frame, zstd frame, raw snappy', async () => {
    const input = sample(1000);
    expect((await compress('gzip', input)).subarray(0, 2).toString('hex')).to.equal('1f8b');
    expect((await compress('lz4', input)).readUInt32LE(0)).to.equal(0x184d2204);
    expect((await compress('zstd', input)).readUInt32LE(0)).to.equal(0xfd2fb528);
    expect(snappy.uncompressSync(await compress('snappy', input))).to.deep.equal(input);
  });

  it('reads gzip written by another implementation (node:zlib at level 9)', async () => {
    const input = sample(5000);
    expect(await decompress('gzip', gzipSync(input, { level: 9 }))).to.deep.equal(input);
  });

  describe('xerial-framed snappy (Java producers)', () => {
    it('decodes a single-block frame', async () => {
      const input = sample(3000);
      const framed = xerialFrame([input]);
      expect(decompressSync('snappy', framed)).to.deep.equal(input);
      expect(await decompress('snappy', framed)).to.deep.equal(input);
    });

    it('decodes and joins several blocks in order', async () => {
      const blocks = [sample(40_000), Buffer.from('middle'), sample(7)];
      const framed = xerialFrame(blocks);
      expect(decompressSync('snappy', framed)).to.deep.equal(Buffer.concat(blocks));
      expect(await decompress('snappy', framed)).to.deep.equal(Buffer.concat(blocks));
    });

    it('decodes a frame with no blocks as empty', () => {
      expect(decompressSync('snappy', xerialFrame([]))).to.deep.equal(Buffer.alloc(0));
    });

    it('rejects a block length that runs past the end', () => {
      const framed = xerialFrame([sample(100)]);
      framed.writeInt32BE(10_000, 16);
      expect(() => decompressSync('snappy', framed))
        .to.throw(FjordError, /snappy decompression failed: xerial framing: block of 10000 bytes at byte 16/)
        .with.property('code', 'CORRUPT_MESSAGE');
    });

    it('rejects a cut-off block length', () => {
      const framed = Buffer.concat([xerialFrame([sample(100)]), Buffer.from([0, 0])]);
      expect(() => decompressSync('snappy', framed)).to.throw(FjordError, /block length at byte \d+ is cut off/);
    });
  });

  describe('zstd', () => {
    it('has no synchronous codec: compressSync and decompressSync throw INVALID_ARGUMENT', () => {
      expect(() => compressSync('zstd', sample(10)))
        .to.throw(FjordError)
        .with.property('code', 'INVALID_ARGUMENT');
      expect(() => decompressSync('zstd', sample(10)))
        .to.throw(FjordError)
        .with.property('code', 'INVALID_ARGUMENT');
    });
  });

  describe('corrupt input', () => {
    const garbage = Buffer.from('this is not compressed by anything at all');
    for (const type of ALL.filter((t) => t !== 'none')) {
      it(`throws CORRUPT_MESSAGE naming ${type}`, async () => {
        const err = await decompress(type, garbage).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).to.be.instanceOf(FjordError);
        expect((err as FjordError).code).to.equal('CORRUPT_MESSAGE');
        expect((err as FjordError).message).to.match(new RegExp(`^${type} decompression failed: `));
        if (type !== 'zstd') {
          expect(() => decompressSync(type, garbage)).to.throw(FjordError, `${type} decompression failed: `);
        }
      });
    }
  });
});
