import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import { COPY_BYTES_MAX, WireWriter, isZeroUuid } from '../../../core/protocol/wire-writer.js';

// Expected bytes come from the published rules (../shared/kafka-protocol/README.md,
// "Primitive encodings"), written by hand.
function written(fn: (w: WireWriter) => void): string {
  const w = new WireWriter();
  fn(w);
  return w.toBuffer().toString('hex');
}

describe('WireWriter', () => {
  it('writes fixed-width integers big-endian', () => {
    expect(written((w) => {
      w.int8(-1);
      w.int16(0x0102);
      w.int32(-2);
      w.int64(0x0102030405060708n);
      w.uint16(0xfffe);
      w.uint32(0xfffffffd);
    })).to.equal('ff' + '0102' + 'fffffffe' + '0102030405060708' + 'fffe' + 'fffffffd');
  });

  it('writes bool as one byte and float64 as IEEE 754 big-endian', () => {
    expect(written((w) => {
      w.bool(true);
      w.bool(false);
      w.float64(1.5);
    })).to.equal('01' + '00' + '3ff8000000000000');
  });

  it('writes unsigned varints 7 bits at a time, low group first', () => {
    expect(written((w) => {
      w.uvarint(0);
      w.uvarint(127);
      w.uvarint(300);
      w.uvarint(0xffffffff);
    })).to.equal('00' + '7f' + 'ac02' + 'ffffffff0f');
  });

  it('writes a compact nullable string null as 0x00 and "" as 0x01', () => {
    expect(written((w) => w.nullableString(null, true))).to.equal('00');
    expect(written((w) => w.nullableString('', true))).to.equal('01');
  });

  it('writes a classic nullable string null as int16 -1', () => {
    expect(written((w) => w.nullableString(null, false))).to.equal('ffff');
  });

  it('writes a classic nullable bytes null as int32 -1 and compact null as 0x00', () => {
    expect(written((w) => w.nullableBytes(null, false))).to.equal('ffffffff');
    expect(written((w) => w.nullableBytes(null, true))).to.equal('00');
  });

  it('prefixes strings with their UTF-8 byte length, not their character count', () => {
    expect(written((w) => w.string('ß', false))).to.equal('0002c39f');
    expect(written((w) => w.string('ß', true))).to.equal('03c39f');
  });

  it('writes a compact string longer than 126 bytes with a multi-byte length', () => {
    const hex = written((w) => w.string('a'.repeat(200), true));
    expect(hex.slice(0, 4)).to.equal('c901');
    expect(hex.length).to.equal((2 + 200) * 2);
  });

  it('rejects a string over 32767 UTF-8 bytes', () => {
    expect(() => written((w) => w.string('é'.repeat(20000), false))).to.throw(FjordError, /exceeds/);
  });

  it('writes array counts as int32 (classic) or count + 1 (compact), -1 meaning null', () => {
    expect(written((w) => w.arrayCount(2, false))).to.equal('00000002');
    expect(written((w) => w.arrayCount(2, true))).to.equal('03');
    expect(written((w) => w.arrayCount(-1, false))).to.equal('ffffffff');
    expect(written((w) => w.arrayCount(-1, true))).to.equal('00');
  });

  it('writes a tagged field as tag, size, value', () => {
    const value = new WireWriter();
    value.int32(7);
    expect(written((w) => w.taggedField(3, value))).to.equal('03' + '04' + '00000007');
  });

  it('rejects a uuid that is not 16 bytes', () => {
    expect(() => written((w) => w.uuid(Buffer.alloc(15)))).to.throw(FjordError, /16 bytes/);
  });

  it('keeps a large bytes value as its own chunk instead of copying it', () => {
    const big = Buffer.alloc(COPY_BYTES_MAX + 1, 7);
    const w = new WireWriter();
    w.int16(1);
    w.bytes(big, false);
    w.int16(2);
    const chunks = w.chunks();
    expect(chunks.some((c) => c === big)).to.equal(true);
    expect(w.length).to.equal(2 + 4 + big.length + 2);
    expect(w.toBuffer().subarray(-2).toString('hex')).to.equal('0002');
  });

  it('copies a small bytes value into its buffer', () => {
    const small = Buffer.from([1, 2, 3]);
    const w = new WireWriter();
    w.bytes(small, true);
    small[0] = 9;
    expect(w.toBuffer().toString('hex')).to.equal('04010203');
  });

  it('grows past its first buffer without losing or reordering bytes', () => {
    const w = new WireWriter(16);
    for (let i = 0; i < 1000; i++) w.int32(i);
    const buf = w.toBuffer();
    expect(buf.length).to.equal(4000);
    for (let i = 0; i < 1000; i++) expect(buf.readInt32BE(i * 4)).to.equal(i);
  });

  it('patches an int32 written earlier, as a size prefix', () => {
    const w = new WireWriter(16);
    w.int32(0);
    for (let i = 0; i < 100; i++) w.int32(i);
    w.patchInt32(0, w.length - 4);
    expect(w.toBuffer().readInt32BE(0)).to.equal(400);
  });

  it('recognises the all-zero uuid', () => {
    expect(isZeroUuid(Buffer.alloc(16))).to.equal(true);
    expect(isZeroUuid(Buffer.alloc(16, 1))).to.equal(false);
  });
});
