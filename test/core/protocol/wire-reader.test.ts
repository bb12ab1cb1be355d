import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import { WireReader } from '../../../core/protocol/wire-reader.js';

function reader(hex: string): WireReader {
  return new WireReader(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

describe('WireReader', () => {
  it('reads fixed-width integers big-endian with their sign', () => {
    const r = reader('ff  fffe  fffffffe  fffffffffffffffd  fffe  fffffffd');
    expect(r.int8('a')).to.equal(-1);
    expect(r.int16('b')).to.equal(-2);
    expect(r.int32('c')).to.equal(-2);
    expect(r.int64('d')).to.equal(-3n);
    expect(r.uint16('e')).to.equal(0xfffe);
    expect(r.uint32('f')).to.equal(0xfffffffd);
    expect(r.remaining()).to.equal(0);
  });

  it('reads unsigned varints of one to five bytes', () => {
    const r = reader('00 7f ac02 ffffffff0f');
    expect([r.uvarint('a'), r.uvarint('b'), r.uvarint('c'), r.uvarint('d')]).to.deep.equal([0, 127, 300, 0xffffffff]);
  });

  it('rejects a five-byte varint above 2^32-1', () => {
    expect(() => reader('8080808010').uvarint('x.count')).to.throw(FjordError, /above 2\^32-1/);
  });

  it('rejects a varint longer than five bytes', () => {
    expect(() => reader('ffffffffff01').uvarint('x.count')).to.throw(FjordError, /x\.count: varint is longer than 5 bytes/);
  });

  it('reads a compact nullable string 0x00 as null and 0x01 as ""', () => {
    const r = reader('00 01');
    expect(r.nullableString('a', true)).to.equal(null);
    expect(r.nullableString('b', true)).to.equal('');
  });

  it('reads a classic nullable bytes of length -1 as null', () => {
    expect(reader('ffffffff').nullableBytes('a', false)).to.equal(null);
  });

  it('reads UTF-8 strings by byte length', () => {
    expect(reader('0002 c39f').string('a', false)).to.equal('ß');
    expect(reader('03 c39f').string('a', true)).to.equal('ß');
  });

  it('fails naming the field when a non-nullable string is null', () => {
    expect(() => reader('ffff').string('Group.name', false)).to.throw(FjordError, /Group\.name: null in a field that is not nullable.* at byte 0/);
  });

  it('names the field, the need and the position when input ends early', () => {
    const r = reader('0001 00');
    r.int16('a');
    expect(() => r.int32('Thing.count')).to.throw(FjordError, 'Thing.count: int32 needs 4 bytes but only 1 remain at byte 2');
  });

  it('reports malformed input with the code it was given', () => {
    const r = new WireReader(Buffer.alloc(0), 0, 'INVALID_REQUEST');
    try {
      r.int8('a');
      expect.fail('no error');
    } catch (err) {
      expect((err as FjordError).code).to.equal('INVALID_REQUEST');
    }
  });

  it('returns records as a view of the frame but bytes as a copy', () => {
    const frame = Buffer.from('00000002 0102 00000002 0304'.replace(/ /g, ''), 'hex');
    const r = new WireReader(frame);
    const records = r.records('a', false);
    const bytes = r.bytes('b', false);
    frame[4] = 9;
    frame[10] = 9;
    expect(records[0]).to.equal(9);
    expect(bytes[0]).to.equal(3);
  });

  it('skips a whole tagged-field section by the sizes it declares', () => {
    const r = reader('02  00 02 aaaa  05 01 bb  7f');
    r.skipTaggedFields('s');
    expect(r.int8('after')).to.equal(0x7f);
  });

  it('rejects a tagged field whose size runs past the end', () => {
    expect(() => reader('01 00 09 aa').skipTaggedFields('S (tagged fields)')).to.throw(FjordError, /tagged field size 9 exceeds/);
  });

  it('rejects a known tagged field whose value does not fill its declared size', () => {
    const r = reader('04 00000007');
    const end = r.taggedFieldEnd('s');
    r.int16('v');
    expect(() => r.endTaggedField('S (tagged fields)', end)).to.throw(FjordError, /its size says 5/);
  });
});
