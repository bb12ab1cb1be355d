import { expect } from 'chai';
import * as snappy from 'snappy';
import { FjordError } from '../../../core/errors.js';
import { BATCH, computeBatchCrc, setBatchBaseOffset } from '../../../core/protocol/batch-header.js';
import { CompressionType } from '../../../core/protocol/compression.js';
import {
  DecodedBatch,
  RecordBatchBuilder,
  RecordInput,
  decodeRecordBatch,
  decodeRecordBatchSync,
  decodeRecordBatches,
  decodeRecordBatchesSync,
  encodeControlBatch,
  encodeRecordBatch,
  forEachBatch,
} from '../../../core/protocol/record-batch.js';

const T0 = 1_700_000_000_000; // 0x0000018bcfe56800
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/** CRC-32C bit by bit from its definition (reflected polynomial 0x82F63B78), independent of the native one. */
function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Recomputes the CRC after a test edits a batch on purpose. */
function resealed(batch: Buffer): Buffer {
  batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), BATCH.crc);
  return batch;
}

async function caught(promise: Promise<unknown>): Promise<FjordError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').to.be.instanceOf(FjordError);
  return err as FjordError;
}

async function roundTrip(records: RecordInput[], options: Parameters<typeof encodeRecordBatch>[1]): Promise<DecodedBatch> {
  return decodeRecordBatch(await encodeRecordBatch(records, options));
}

// One record, key "k", value "v", header h=x, timestamp T0, written from the layout table
// (../shared/kafka-protocol/README.md, "Record batch (magic 2)").
const RECORD_HEX = [
  '18', // length: 12 bytes follow, zigzag(12) = 24
  '00', // attributes
  '00', // timestampDelta 0
  '00', // offsetDelta 0
  '02', '6b', // keyLength 1, "k"
  '02', '76', // valueLength 1, "v"
  '02', // headerCount 1
  '02', '68', // header keyLength 1, "h"
  '02', '78', // header valueLength 1, "x"
].join('');
const AFTER_CRC_HEX = [
  '0000', // attributes: no compression, CreateTime, not transactional, not control
  '00000000', // lastOffsetDelta 0
  '0000018bcfe56800', // baseTimestamp T0
  '0000018bcfe56800', // maxTimestamp T0
  'ffffffffffffffff', // producerId -1
  'ffff', // producerEpoch -1
  'ffffffff', // baseSequence -1
  '00000001', // recordCount 1
  RECORD_HEX,
].join('');
const CRC_HEX = referenceCrc32c(Buffer.from(AFTER_CRC_HEX, 'hex')).toString(16).padStart(8, '0');
const FIXTURE_HEX = [
  '0000000000000000', // baseOffset 0
  '0000003e', // batchLength 62 = 74 - 12
  'ffffffff', // partitionLeaderEpoch -1
  '02', // magic
  CRC_HEX,
  AFTER_CRC_HEX,
].join('');

describe('record batch', () => {
  describe('the byte layout', () => {
    it('checksums attributes..end with CRC-32C (0x5e93538d for the fixture)', () => {
      expect(referenceCrc32c(b('123456789'))).to.equal(0xe3069283); // CRC-32C's published check value
      expect(CRC_HEX).to.equal('5e93538d');
    });

    it('builds one record with key, value and header into exactly the fixture bytes', () => {
      const builder = new RecordBatchBuilder({ compression: 'none' });
      builder.append({ key: b('k'), value: b('v'), headers: [{ key: 'h', value: b('x') }], timestamp: T0 }, T0 + 5);
      expect(builder.build().toString('hex')).to.equal(FIXTURE_HEX);
    });

    it('decodes the fixture back into its fields', () => {
      const batch = decodeRecordBatchSync(Buffer.from(FIXTURE_HEX, 'hex'));
      expect(batch).to.deep.equal({
        baseOffset: 0n,
        batchLength: 62,
        partitionLeaderEpoch: -1,
        magic: 2,
        crc: 0x5e93538d,
        attributes: 0,
        compression: 'none',
        timestampType: 'CreateTime',
        isTransactional: false,
        isControl: false,
        lastOffsetDelta: 0,
        baseTimestamp: BigInt(T0),
        maxTimestamp: BigInt(T0),
        producerId: -1n,
        producerEpoch: -1,
        baseSequence: -1,
        recordCount: 1,
        records: [{ offset: 0n, timestamp: BigInt(T0), key: b('k'), value: b('v'), headers: [{ key: 'h', value: b('x') }] }],
      });
    });

    it('gives records offsets from baseOffset, which the broker rewrites without a new CRC', () => {
      const buf = Buffer.from(FIXTURE_HEX, 'hex');
      setBatchBaseOffset(buf, 1234n);
      expect(decodeRecordBatchSync(buf).records[0].offset).to.equal(1234n);
    });

    it('decodes a batch that starts in the middle of a buffer', () => {
      const buf = Buffer.concat([Buffer.alloc(7, 0xaa), Buffer.from(FIXTURE_HEX, 'hex')]);
      expect(decodeRecordBatchSync(buf, 7).records[0].value).to.deep.equal(b('v'));
    });
  });

  describe('round trips', () => {
    it('keeps null keys and null values (tombstones) apart from empty ones', async () => {
      const batch = await roundTrip(
        [
          { key: null, value: b('no key') },
          { value: b('key omitted') },
          { key: b('gone'), value: null },
          { key: Buffer.alloc(0), value: Buffer.alloc(0) },
        ],
        { nowMs: T0 },
      );
      expect(batch.records.map((r) => [r.key, r.value])).to.deep.equal([
        [null, b('no key')],
        [null, b('key omitted')],
        [b('gone'), null],
        [Buffer.alloc(0), Buffer.alloc(0)],
      ]);
    });

    it('keeps headers: none, empty values, null values, duplicate keys in order, UTF-8 keys', async () => {
      const headers = [
        { key: 'trace', value: b('1') },
        { key: 'trace', value: b('2') },
        { key: 'empty', value: Buffer.alloc(0) },
        { key: 'null', value: null },
        { key: 'schlüssel-🔑', value: b('ü') },
        { key: '', value: b('empty key') },
      ];
      const batch = await roundTrip([{ value: b('a'), headers: [] }, { value: b('b'), headers }], { nowMs: T0 });
      expect(batch.records[0].headers).to.deep.equal([]);
      expect(batch.records[1].headers).to.deep.equal(headers);
    });

    it('numbers many records 0..n-1 and keeps every byte', async () => {
      const records = Array.from({ length: 10_000 }, (_, i) => ({ key: b(`key-${i}`), value: Buffer.alloc(i % 300, i) }));
      const batch = await roundTrip(records, { nowMs: T0 });
      expect(batch.recordCount).to.equal(10_000);
      expect(batch.lastOffsetDelta).to.equal(9_999);
      batch.records.forEach((r, i) => {
        expect(r.offset).to.equal(BigInt(i));
        expect(r.key).to.deep.equal(records[i].key);
        expect(r.value).to.deep.equal(records[i].value);
      });
    });

    it('keeps values whose lengths need multi-byte varints', async () => {
      const value = Buffer.alloc(200_000, 7);
      expect((await roundTrip([{ value }], { nowMs: T0 })).records[0].value).to.deep.equal(value);
    });

    it('writes a string key or value as exactly the bytes of its UTF-8 Buffer (multi-byte characters, lone surrogates, long text)', () => {
      const texts = ['', 'plain', 'grüße ✓ 🎉', 'lone \ud800 surrogate', 'x'.repeat(300), 'é'.repeat(70_000)];
      const fromText = new RecordBatchBuilder({ baseTimestamp: T0 });
      const fromBytes = new RecordBatchBuilder({ baseTimestamp: T0 });
      for (const text of texts) {
        fromText.appendFields(b('k'), text, undefined, T0, T0);
        fromBytes.appendFields(b('k'), Buffer.from(text, 'utf8'), undefined, T0, T0);
        fromText.appendFields(text, null, undefined, T0, T0);
        fromBytes.appendFields(Buffer.from(text, 'utf8'), null, undefined, T0, T0);
        fromText.appendFields(text, text.slice(0, 5), undefined, T0, T0);
        fromBytes.appendFields(Buffer.from(text, 'utf8'), Buffer.from(text.slice(0, 5), 'utf8'), undefined, T0, T0);
      }
      expect(fromText.build()).to.deep.equal(fromBytes.build());
    });

    it('reads every field length and delta across the 1-, 2- and 3-byte varint boundaries, with a record maker too', async () => {
      // Zigzag doubles: 63 and 64 straddle one/two bytes, 8191 and 8192 two/three.
      const sizes = [0, 1, 63, 64, 8191, 8192, 70_000];
      const records: RecordInput[] = sizes.map((n, i) => ({
        key: n === 0 ? null : Buffer.alloc(n, 1),
        value: Buffer.alloc(sizes[sizes.length - 1 - i], 2),
        headers: i % 2 === 0 ? [] : [{ key: 'h'.repeat(n % 100), value: Buffer.alloc(n, 3) }],
        timestamp: T0 + [0, 63, -64, 8191, -8192, 2 ** 31, -(2 ** 33)][i],
      }));
      const bytes = await encodeRecordBatch(records, { nowMs: T0 });
      const made = (await decodeRecordBatches(bytes, (offset, timestampMs, key, value, headers) => ({ offset, timestampMs, key, value, headers })))[0].records;
      const plain = decodeRecordBatchSync(bytes).records;
      for (const [i, r] of records.entries()) {
        expect(made[i].offset).to.equal(BigInt(i));
        expect(made[i].timestampMs).to.equal(Number(r.timestamp));
        expect(plain[i].timestamp).to.equal(BigInt(r.timestamp!));
        expect(made[i].key).to.deep.equal(r.key);
        expect(plain[i].value).to.deep.equal(r.value);
        expect(made[i].headers).to.deep.equal(r.headers);
      }
    });

    it('takes baseTimestamp from the first record and allows negative timestamp deltas', async () => {
      const batch = await roundTrip(
        [{ value: b('a'), timestamp: T0 }, { value: b('b'), timestamp: T0 - 5_000 }, { value: b('c'), timestamp: T0 + 9 }],
        { nowMs: T0 + 100 },
      );
      expect(batch.baseTimestamp).to.equal(BigInt(T0));
      expect(batch.maxTimestamp).to.equal(BigInt(T0 + 9));
      expect(batch.records.map((r) => r.timestamp)).to.deep.equal([BigInt(T0), BigInt(T0 - 5_000), BigInt(T0 + 9)]);
    });

    it('stamps records without a timestamp with nowMs and accepts bigint timestamps', async () => {
      const builder = new RecordBatchBuilder();
      builder.append({ value: b('a') }, T0 + 1);
      builder.append({ value: b('b'), timestamp: BigInt(T0 + 2) }, T0 + 3);
      const batch = decodeRecordBatchSync(builder.build());
      expect(batch.records.map((r) => r.timestamp)).to.deep.equal([BigInt(T0 + 1), BigInt(T0 + 2)]);
    });

    it('takes deltas from an explicit baseTimestamp', async () => {
      const batch = await roundTrip([{ value: b('a'), timestamp: T0 }], { nowMs: T0, baseTimestamp: T0 + 1000 });
      expect(batch.baseTimestamp).to.equal(BigInt(T0 + 1000));
      expect(batch.records[0].timestamp).to.equal(BigInt(T0));
    });

    it('with LogAppendTime, sets bit 3, maxTimestamp to the append time, and every record to it', async () => {
      const builder = new RecordBatchBuilder({ timestampType: 'LogAppendTime' });
      builder.append({ value: b('a'), timestamp: T0 - 50 }, T0);
      builder.append({ value: b('b'), timestamp: T0 - 40 }, T0 + 7);
      const batch = decodeRecordBatchSync(builder.build());
      expect(batch.attributes & 0x08).to.equal(0x08);
      expect(batch.timestampType).to.equal('LogAppendTime');
      expect(batch.maxTimestamp).to.equal(BigInt(T0 + 7));
      expect(batch.records.map((r) => r.timestamp)).to.deep.equal([BigInt(T0 + 7), BigInt(T0 + 7)]);
    });

    it('writes producer id, epoch, base sequence, partition leader epoch and the transactional bit', async () => {
      const batch = await roundTrip([{ value: b('a') }, { value: b('b') }], {
        nowMs: T0,
        producerId: 9_000_000_000n,
        producerEpoch: 3,
        baseSequence: 41,
        transactional: true,
        partitionLeaderEpoch: 12,
      });
      expect(batch).to.include({ producerId: 9_000_000_000n, producerEpoch: 3, baseSequence: 41, partitionLeaderEpoch: 12 });
      expect(batch).to.include({ isTransactional: true, isControl: false, attributes: 0x10 });
    });
  });

  describe('a caller-supplied buffer', () => {
    it('builds an uncompressed batch as a view of the given buffer, without copying', async () => {
      const pool = Buffer.alloc(64 * 1024);
      const builder = new RecordBatchBuilder({ buffer: pool });
      builder.append({ key: Buffer.from('k'), value: Buffer.from('v') }, 1000);
      const built = builder.build();
      expect(built.buffer).to.equal(pool.buffer);
      expect(built.byteOffset).to.equal(pool.byteOffset);
      expect((await decodeRecordBatch(built)).records.map((r) => r.value?.toString())).to.deep.equal(['v']);
    });

    it('moves to a larger buffer when the records outgrow the given one', () => {
      const small = Buffer.alloc(100);
      const builder = new RecordBatchBuilder({ buffer: small });
      for (let i = 0; i < 10; i++) builder.append({ key: null, value: Buffer.alloc(50, i) }, 1000);
      expect(builder.buffer).to.not.equal(small);
      expect(builder.build().length).to.be.greaterThan(500);
    });
  });

  describe('crcLater', () => {
    for (const compression of ['none', 'gzip'] as const) {
      it(`leaves the CRC 0 for the caller, which makes the batch valid by computing it (${compression})`, async () => {
        const builder = new RecordBatchBuilder({ compression, crcLater: true });
        builder.append({ key: b('k'), value: b('v') }, T0);
        const built = builder.build();
        expect(built.readUInt32BE(BATCH.crc)).to.equal(0);
        expect(() => decodeRecordBatchSync(built)).to.throw(FjordError, /CRC mismatch/);
        built.writeUInt32BE(computeBatchCrc(built, 0, built.length), BATCH.crc);
        expect(decodeRecordBatchSync(built).records.map((r) => r.value?.toString())).to.deep.equal(['v']);
      });
    }
  });

  describe('control batches', () => {
    for (const [type, typeId] of [['ABORT', 0], ['COMMIT', 1]] as const) {
      it(`encodes a ${type} marker as a transactional control batch with one record`, () => {
        const buf = encodeControlBatch({ type, producerId: 77n, producerEpoch: 2, coordinatorEpoch: 5, timestampMs: T0 });
        const batch = decodeRecordBatchSync(buf);
        expect(batch).to.include({ isControl: true, isTransactional: true, attributes: 0x30, controlType: type });
        expect(batch).to.include({ producerId: 77n, producerEpoch: 2, baseSequence: -1, recordCount: 1 });
        // key: int16 version 0, int16 type; value: int16 version 0, int32 coordinator epoch
        expect(batch.records[0].key?.toString('hex')).to.equal(`0000000${typeId}`);
        expect(batch.records[0].value?.toString('hex')).to.equal('000000000005');
        expect(batch.records[0].timestamp).to.equal(BigInt(T0));
      });
    }

    it('leaves controlType unset for control record types other than abort and commit', () => {
      const builder = new RecordBatchBuilder({ isControl: true, transactional: true });
      builder.append({ key: Buffer.from('00000002', 'hex'), value: null }, T0);
      const batch = decodeRecordBatchSync(builder.build());
      expect(batch.isControl).to.equal(true);
      expect(batch.controlType).to.equal(undefined);
    });

    it('rejects a control batch whose record key is shorter than 4 bytes', () => {
      const builder = new RecordBatchBuilder({ isControl: true });
      builder.append({ key: b('x'), value: null }, T0);
      expect(() => decodeRecordBatchSync(builder.build())).to.throw(FjordError, /control batch without a 4-byte/);
    });
  });

  describe('compression', () => {
    const CODECS: [CompressionType, number][] = [['none', 0], ['gzip', 1], ['snappy', 2], ['lz4', 3], ['zstd', 4]];
    const records = Array.from({ length: 500 }, (_, i) => ({
      key: b(`user-${i % 17}`),
      value: b(`{"event":"click","n":${i},"page":"/products/${i % 23}"}`),
      headers: i % 3 === 0 ? [{ key: 'h', value: b(String(i)) }] : undefined,
      timestamp: T0 + i,
    }));

    for (const [codec, id] of CODECS) {
      it(`round-trips ${codec} and stores codec id ${id} in attribute bits 0-2`, async () => {
        const buf = await encodeRecordBatch(records, { nowMs: T0, compression: codec });
        expect(buf.readInt16BE(BATCH.attributes) & 0x07).to.equal(id);
        const batch = await decodeRecordBatch(buf);
        expect(batch.compression).to.equal(codec);
        expect(batch.recordCount).to.equal(500);
        expect(batch.records[498]).to.deep.equal({
          offset: 498n,
          timestamp: BigInt(T0 + 498),
          key: records[498].key,
          value: records[498].value,
          headers: [{ key: 'h', value: b('498') }],
        });
        expect(batch.records[499].headers).to.deep.equal([]);
        if (codec !== 'none') {
          const plain = await encodeRecordBatch(records, { nowMs: T0 });
          expect(buf.length).to.be.below(plain.length / 2);
        }
      });
    }

    for (const [codec] of CODECS.filter(([c]) => c !== 'zstd')) {
      it(`builds and decodes ${codec} synchronously, the same records as the async path`, async () => {
        const builder = new RecordBatchBuilder({ compression: codec });
        for (const r of records) builder.append(r, T0);
        const buf = builder.build();
        expect(decodeRecordBatchSync(buf).records).to.deep.equal((await decodeRecordBatch(buf)).records);
      });
    }

    it('refuses to build or decode zstd synchronously (INVALID_ARGUMENT)', async () => {
      const builder = new RecordBatchBuilder({ compression: 'zstd' });
      builder.append({ value: b('a') }, T0);
      expect(() => builder.build()).to.throw(FjordError).with.property('code', 'INVALID_ARGUMENT');
      const buf = await encodeRecordBatch([{ value: b('a') }], { nowMs: T0, compression: 'zstd' });
      expect(() => decodeRecordBatchSync(buf)).to.throw(FjordError).with.property('code', 'INVALID_ARGUMENT');
    });

    it('decodes a batch whose records are xerial-framed snappy, as Java producers send', async () => {
      const plain = await encodeRecordBatch(records, { nowMs: T0 });
      const section = plain.subarray(61);
      // Java's framing, by hand: magic, version 1, compatible version 1, then int32 length + raw block.
      const frameHeader = Buffer.from('82534e41505059000000000100000001', 'hex');
      const halves = [section.subarray(0, 3000), section.subarray(3000)].map((part) => snappy.compressSync(part));
      const lengths = halves.map((h) => {
        const l = Buffer.alloc(4);
        l.writeInt32BE(h.length);
        return l;
      });
      const framed = Buffer.concat([frameHeader, lengths[0], halves[0], lengths[1], halves[1]]);
      const buf = Buffer.concat([plain.subarray(0, 61), framed]);
      buf.writeInt32BE(buf.length - 12, BATCH.batchLength);
      buf.writeInt16BE(2, BATCH.attributes);
      resealed(buf);
      expect((await decodeRecordBatch(buf)).records).to.deep.equal((await decodeRecordBatch(plain)).records);
      expect(decodeRecordBatchSync(buf).records).to.have.length(500);
    });
  });

  describe('corruption', () => {
    const fixture = (): Buffer => Buffer.from(FIXTURE_HEX, 'hex');

    it('rejects a flipped byte with CORRUPT_MESSAGE naming the CRC mismatch and the batch position', async () => {
      const buf = Buffer.concat([fixture(), fixture()]);
      buf[74 + 70] ^= 0x01; // inside the second batch's record
      const err = await caught(decodeRecordBatch(buf, 74));
      expect(err.code).to.equal('CORRUPT_MESSAGE');
      expect(err.message).to.match(/^record batch at byte 74: CRC mismatch: stored 5e93538d, computed [0-9a-f]+$/);
      expect(() => decodeRecordBatchSync(buf, 74)).to.throw(FjordError, /CRC mismatch/);
    });

    it('rejects a magic other than 2', () => {
      const buf = fixture();
      buf[BATCH.magic] = 1;
      expect(() => decodeRecordBatchSync(buf)).to.throw(FjordError, 'record batch at byte 0: magic 1, expected 2');
    });

    it('rejects a single batch that is cut off', async () => {
      const err = await caught(decodeRecordBatch(fixture().subarray(0, 70)));
      expect(err.message).to.equal('record batch at byte 0: batch of 74 bytes is cut off after 70 bytes');
    });

    it('rejects a record whose fields run past its declared length, even with a valid CRC', () => {
      const buf = fixture();
      buf[61] = 0x16; // record length 11 instead of 12: the header value no longer fits
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(
        FjordError,
        'record batch at byte 0 (baseOffset 0): header value of 1 bytes at byte 11 runs past its record',
      );
    });

    it('rejects a record whose declared length is longer than its fields', () => {
      const buf = Buffer.concat([fixture(), Buffer.from([0])]);
      buf.writeInt32BE(63, BATCH.batchLength);
      buf[61] = 0x1a; // record length 13: one byte more than its fields
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /record at byte 0 declares 13 bytes but holds 12/);
    });

    it('rejects a record length that is too small or runs past the records', () => {
      const buf = fixture();
      buf[61] = 0x02; // length 1
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /record at byte 0 has length 1, too small for a record/);
      buf[61] = 0x40; // length 32
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(
        FjordError,
        /record at byte 0 has length 32, but only 12 bytes are left/,
      );
    });

    it('rejects a recordCount larger than the records section can hold', () => {
      const buf = fixture();
      buf.writeInt32BE(1000, BATCH.recordCount);
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /recordCount 1000 cannot fit in 13 bytes/);
    });

    it('rejects bytes left over after the last record', () => {
      const builder = new RecordBatchBuilder();
      builder.append({ value: b('a') }, T0);
      builder.append({ value: b('b') }, T0);
      const buf = builder.build();
      buf.writeInt32BE(1, BATCH.recordCount);
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /bytes left after the last of 1 records/);
    });

    it('rejects a key length that runs past its record', () => {
      const buf = fixture();
      buf[65] = 0x20; // keyLength 16
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /key of 16 bytes at byte 4 runs past its record/);
    });

    it('rejects an unknown compression codec id', () => {
      const buf = fixture();
      buf.writeInt16BE(5, BATCH.attributes);
      expect(() => decodeRecordBatchSync(resealed(buf))).to.throw(FjordError, /unknown compression codec id 5/);
    });

    it('names the codec and the batch when compressed records do not decompress', async () => {
      const buf = fixture();
      buf.writeInt16BE(1, BATCH.attributes); // claims gzip; the records are not
      const err = await caught(decodeRecordBatch(resealed(buf)));
      expect(err.code).to.equal('CORRUPT_MESSAGE');
      expect(err.message).to.match(/^record batch at byte 0 \(baseOffset 0\): gzip decompression failed: /);
    });
  });

  describe('concatenated batches', () => {
    async function threeBatches(): Promise<Buffer> {
      const bufs = await Promise.all(
        [0, 1, 2].map((n) => encodeRecordBatch([{ value: b(`${n}a`) }, { value: b(`${n}b`) }], { nowMs: T0 })),
      );
      bufs.forEach((buf, n) => setBatchBaseOffset(buf, BigInt(n * 2)));
      return Buffer.concat(bufs);
    }

    it('decodes every batch in order with their offsets', async () => {
      const batches = await decodeRecordBatches(await threeBatches());
      const offsets = batches.flatMap((batch) => batch.records.map((r) => [r.offset, r.value?.toString()]));
      expect(offsets).to.deep.equal([[0n, '0a'], [1n, '0b'], [2n, '1a'], [3n, '1b'], [4n, '2a'], [5n, '2b']]);
    });

    it('stops silently at a truncated trailing batch, wherever it is cut', async () => {
      const buf = await threeBatches();
      const oneBatch = buf.length / 3;
      for (const cut of [1, 11, 12, 40, oneBatch - 1]) {
        const truncated = buf.subarray(0, 2 * oneBatch + cut);
        expect((await decodeRecordBatches(truncated)).length, `cut at ${cut}`).to.equal(2);
        expect(decodeRecordBatchesSync(truncated).length, `cut at ${cut}`).to.equal(2);
      }
    });

    it('still rejects a corrupt batch that is whole', async () => {
      const buf = await threeBatches();
      buf[buf.length / 3 + 65] ^= 0xff;
      const err = await caught(decodeRecordBatches(buf));
      expect(err.message).to.match(/^record batch at byte \d+: CRC mismatch/);
    });

    it('splits by header only: forEachBatch reports each whole batch and the bytes they cover', async () => {
      const buf = await threeBatches();
      const oneBatch = buf.length / 3;
      const seen: [number, number][] = [];
      const covered = forEachBatch(buf.subarray(0, buf.length - 5), (at, size) => seen.push([at, size]));
      expect(seen).to.deep.equal([[0, oneBatch], [oneBatch, oneBatch]]);
      expect(covered).to.equal(2 * oneBatch);
      expect(forEachBatch(Buffer.alloc(0), () => expect.fail('no batches'))).to.equal(0);
    });

    it('throws CORRUPT_MESSAGE when a batch length is smaller than a header', () => {
      const buf = Buffer.alloc(80);
      buf.writeInt32BE(10, BATCH.batchLength);
      expect(() => forEachBatch(buf, () => {}))
        .to.throw(FjordError, 'record batch at byte 0: batchLength 10 is smaller than a header')
        .with.property('code', 'CORRUPT_MESSAGE');
    });
  });

  describe('RecordBatchBuilder', () => {
    it('counts records and estimates the uncompressed size exactly', () => {
      const builder = new RecordBatchBuilder();
      expect(builder.recordCount).to.equal(0);
      expect(builder.estimatedSizeBytes).to.equal(61);
      builder.append({ key: b('k'), value: b('v'), headers: [{ key: 'h', value: b('x') }], timestamp: T0 }, T0);
      expect(builder.recordCount).to.equal(1);
      expect(builder.estimatedSizeBytes).to.equal(74);
      expect(builder.build().length).to.equal(74);
    });

    it('grows from a tiny initial buffer and returns a buffer of exactly the batch size', () => {
      const builder = new RecordBatchBuilder({ initialCapacityBytes: 1 });
      for (let i = 0; i < 1000; i++) builder.append({ value: Buffer.alloc(50, i) }, T0);
      const buf = builder.build();
      expect(buf.length).to.equal(builder.estimatedSizeBytes);
      expect(buf.buffer.byteLength - buf.byteOffset).to.be.at.most(buf.length * 1.25 + 8192);
      expect(decodeRecordBatchSync(buf).records[999].value).to.deep.equal(Buffer.alloc(50, 999));
    });

    it('rejects negative timestamps other than -1 (NO_TIMESTAMP) with INVALID_TIMESTAMP', () => {
      const builder = new RecordBatchBuilder();
      expect(() => builder.append({ value: b('a'), timestamp: -2 }, T0))
        .to.throw(FjordError)
        .with.property('code', 'INVALID_TIMESTAMP');
      expect(() => builder.append({ value: b('a'), timestamp: 1.5 }, T0)).to.throw(FjordError, /invalid record timestamp/);
      builder.append({ value: b('a'), timestamp: -1 }, T0);
      expect(decodeRecordBatchSync(builder.build()).records[0].timestamp).to.equal(-1n);
    });

    it('builds one batch only: append or build after build is a programmer error', () => {
      const builder = new RecordBatchBuilder();
      builder.append({ value: b('a') }, T0);
      builder.build();
      expect(() => builder.append({ value: b('b') }, T0)).to.throw(/assertion failed: append after build/);
      expect(() => builder.build()).to.throw(/assertion failed: build called twice/);
    });

    it('refuses to build an empty batch', () => {
      expect(() => new RecordBatchBuilder().build()).to.throw(/assertion failed: a record batch needs at least one record/);
    });
  });
});
