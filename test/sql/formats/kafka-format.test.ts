import { expect } from 'chai';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import { BIGINT, BYTES, DOUBLE, INTEGER, STRING, type Type } from '../../../sql/types/types.js';

const one = (type: Type, target: 'key' | 'value' = 'value') => createRowSerde([{ name: 'V', type }], { format: 'KAFKA' }, target);

describe('sql/formats KAFKA', () => {
  it('writes INTEGER as 4 big-endian bytes and BIGINT as 8', () => {
    expect(one(INTEGER).serialize('t', [-2])).to.deep.equal(Buffer.from([0xff, 0xff, 0xff, 0xfe]));
    expect(one(BIGINT, 'key').serialize('t', [258n])).to.deep.equal(Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]));
    expect(one(BIGINT).deserialize('t', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).to.deep.equal([9223372036854775807n]);
  });

  it('writes DOUBLE as 8 IEEE 754 bytes, STRING as UTF-8, BYTES as they are', () => {
    const d = one(DOUBLE).serialize('t', [1.5])!;
    expect(d.readDoubleBE(0)).to.equal(1.5);
    expect(one(DOUBLE).deserialize('t', d)).to.deep.equal([1.5]);
    expect(one(STRING).serialize('t', ['héllo'])).to.deep.equal(Buffer.from('héllo', 'utf8'));
    expect(one(BYTES).deserialize('t', Buffer.from([1, 2]))).to.deep.equal([Buffer.from([1, 2])]);
  });

  it('writes a NULL value as no bytes and reads no bytes as no row', () => {
    expect(one(INTEGER).serialize('t', [null])).to.equal(null);
    expect(one(INTEGER).deserialize('t', null)).to.equal(null);
  });

  it("rejects bytes of the wrong size with Kafka's message", () => {
    expect(() => one(INTEGER).deserialize('t', Buffer.from([1, 2]))).to.throw(/KAFKA value serde on topic 't': Size of data received by IntegerDeserializer is not 4/);
    expect(() => one(BIGINT).deserialize('t', Buffer.from([1]))).to.throw(/LongDeserializer is not 8/);
  });
});
