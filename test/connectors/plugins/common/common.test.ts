import { expect } from 'chai';
import { formatValue, toJson } from '../../../../connectors/plugins/common/format-value.js';
import { Waker } from '../../../../connectors/plugins/common/waker.js';

describe('plugins/common', () => {
  it('formatValue writes strings as-is, bytes as UTF-8, null as null and structs as JSON', () => {
    expect(formatValue('a b')).to.equal('a b');
    expect(formatValue(Buffer.from('héllo'))).to.equal('héllo');
    expect(formatValue(null)).to.equal('null');
    expect(formatValue(12345678901234567890n)).to.equal('12345678901234567890');
    expect(formatValue({ a: [1, { b: true }] })).to.equal('{"a":[1,{"b":true}]}');
    expect(formatValue(new Date(0))).to.equal('1970-01-01T00:00:00.000Z');
  });

  it('toJson keeps bigints exact, writes Maps as objects, bytes as base64 and Dates as ISO text', () => {
    expect(toJson({ big: 2n ** 64n, neg: -5n })).to.equal('{"big":18446744073709551616,"neg":-5}');
    expect(toJson(new Map([['k', 1]]))).to.equal('{"k":1}');
    expect(toJson({ raw: Buffer.from('hi') })).to.equal('{"raw":"aGk="}');
    expect(toJson({ at: new Date(0) })).to.equal('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(toJson({ text: 'bigint:1' })).to.equal('{"text":"bigint:1"}');
  });

  it('Waker ends every pending wait at wake() and otherwise after the timeout', async () => {
    const waker = new Waker();
    let done = 0;
    const waits = [waker.wait(60_000).then(() => done++), waker.wait(60_000).then(() => done++)];
    waker.wake();
    await Promise.all(waits);
    expect(done).to.equal(2);
    await waker.wait(1);
  });
});
