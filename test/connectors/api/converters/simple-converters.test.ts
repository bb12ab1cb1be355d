import { expect } from 'chai';
import { ByteArrayConverter } from '../../../../connectors/api/converters/byte-array-converter.js';
import { IntegerConverter, LongConverter, DoubleConverter, BooleanConverter } from '../../../../connectors/api/converters/number-converters.js';
import { SimpleHeaderConverter } from '../../../../connectors/api/converters/simple-header-converter.js';
import { StringConverter } from '../../../../connectors/api/converters/string-converter.js';

describe('connectors/api/converters StringConverter', () => {
  const c = new StringConverter();
  c.configure({}, false);

  it('writes strings and numbers as UTF-8 text', () => {
    expect(c.fromConnectData('t', null, 'héllo')).to.deep.equal(Buffer.from('héllo', 'utf8'));
    expect(c.fromConnectData('t', { type: 'int32' }, 42)!.toString()).to.equal('42');
  });

  it('writes structured values as JSON', () => {
    expect(c.fromConnectData('t', null, { a: [1, 2] })!.toString()).to.equal('{"a":[1,2]}');
  });

  it('writes bytes as they are', () => {
    expect(c.fromConnectData('t', null, Buffer.from([0xff, 0x00]))).to.deep.equal(Buffer.from([0xff, 0x00]));
  });

  it('reads bytes as an optional string', () => {
    expect(c.toConnectData('t', Buffer.from('abc'))).to.deep.equal({ schema: { type: 'string', optional: true }, value: 'abc' });
    expect(c.toConnectData('t', null)).to.deep.equal({ schema: { type: 'string', optional: true }, value: null });
  });

  it('uses converter.encoding', () => {
    const latin = new StringConverter();
    latin.configure({ 'converter.encoding': 'ISO-8859-1' }, false);
    expect([...latin.fromConnectData('t', null, 'é')!]).to.deep.equal([0xe9]);
  });

  it('rejects an unknown encoding', () => {
    expect(() => new StringConverter().configure({ 'converter.encoding': 'EBCDIC' }, false))
      .to.throw('Invalid value EBCDIC for configuration converter.encoding: Unsupported encoding');
  });
});

describe('connectors/api/converters ByteArrayConverter', () => {
  const c = new ByteArrayConverter();

  it('passes bytes through', () => {
    const b = Buffer.from([0, 255]);
    expect(c.fromConnectData('t', { type: 'bytes' }, b)).to.equal(b);
    expect(c.toConnectData('t', b)).to.deep.equal({ schema: { type: 'bytes', optional: true }, value: b });
  });

  it('refuses a non-bytes schema', () => {
    expect(() => c.fromConnectData('t', { type: 'string' }, 'x')).to.throw('Invalid schema type for ByteArrayConverter: STRING (topic t)');
  });

  it('refuses a non-bytes value', () => {
    expect(() => c.fromConnectData('t', null, 'x')).to.throw('ByteArrayConverter is not compatible with objects of type string (topic t)');
  });
});

describe('connectors/api/converters number converters', () => {
  it('IntegerConverter writes 4 big-endian bytes', () => {
    expect([...new IntegerConverter().fromConnectData('t', null, -2)!]).to.deep.equal([0xff, 0xff, 0xff, 0xfe]);
    expect(new IntegerConverter().toConnectData('t', Buffer.from([0, 0, 1, 0]))).to.deep.equal({ schema: { type: 'int32', optional: true }, value: 256 });
  });

  it('LongConverter keeps 64-bit values exact', () => {
    const c = new LongConverter();
    expect(c.toConnectData('t', c.fromConnectData('t', null, 2n ** 62n + 1n)).value).to.equal(2n ** 62n + 1n);
    expect(c.toConnectData('t', c.fromConnectData('t', null, 5)).value).to.equal(5);
  });

  it('DoubleConverter and BooleanConverter round-trip', () => {
    expect(new DoubleConverter().toConnectData('t', new DoubleConverter().fromConnectData('t', null, 1.25)).value).to.equal(1.25);
    expect(new BooleanConverter().toConnectData('t', Buffer.from([1])).value).to.equal(true);
  });

  it('refuses bytes of the wrong size, naming the topic', () => {
    expect(() => new IntegerConverter().toConnectData('orders', Buffer.from([1, 2]))).to.throw('Size of data received by IntegerDeserializer is not 4 (got 2 bytes, topic orders)');
  });

  it('refuses a value of the wrong type', () => {
    expect(() => new IntegerConverter().fromConnectData('t', null, 'x')).to.throw('IntegerConverter is not compatible with objects of type string');
    expect(() => new IntegerConverter().fromConnectData('t', null, 2 ** 40)).to.throw('not compatible');
  });
});

describe('connectors/api/converters SimpleHeaderConverter', () => {
  const c = new SimpleHeaderConverter();
  const read = (s: string) => c.toConnectHeader('t', 'h', Buffer.from(s));

  it('writes primitives as their string form', () => {
    expect(c.fromConnectHeader('t', 'h', null, 'x')!.toString()).to.equal('x');
    expect(c.fromConnectHeader('t', 'h', null, 12)!.toString()).to.equal('12');
    expect(c.fromConnectHeader('t', 'h', null, true)!.toString()).to.equal('true');
    expect(c.fromConnectHeader('t', 'h', null, null)).to.equal(null);
  });

  it('writes structured values as JSON', () => {
    expect(c.fromConnectHeader('t', 'h', null, { a: 1 })!.toString()).to.equal('{"a":1}');
  });

  it('infers booleans and the smallest integer type', () => {
    expect(read('true')).to.deep.equal({ schema: { type: 'boolean' }, value: true });
    expect(read('12')).to.deep.equal({ schema: { type: 'int8' }, value: 12 });
    expect(read('1000')).to.deep.equal({ schema: { type: 'int16' }, value: 1000 });
    expect(read('100000')).to.deep.equal({ schema: { type: 'int32' }, value: 100000 });
    expect(read('9007199254740993')).to.deep.equal({ schema: { type: 'int64' }, value: 9007199254740993n });
  });

  it('infers floats, JSON structures and strings', () => {
    expect(read('1.5')).to.deep.equal({ schema: { type: 'float64' }, value: 1.5 });
    expect(read('[1,2]')).to.deep.equal({ schema: null, value: [1, 2] });
    expect(read('{oops')).to.deep.equal({ schema: { type: 'string', optional: true }, value: '{oops' });
    expect(read('hello')).to.deep.equal({ schema: { type: 'string', optional: true }, value: 'hello' });
  });
});
