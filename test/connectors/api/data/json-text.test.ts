import { expect } from 'chai';
import { JsonDecimal, needsExactParse, parseJson, stringifyJson } from '../../../../connectors/api/data/json-text.js';

describe('connectors/api/data json-text', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    expect(parseJson('{"a":[1,2.5,"x",true,null],"b":{}}')).to.deep.equal({ a: [1, 2.5, 'x', true, null], b: {} });
  });

  it('finds a run of 16 digits or dots wherever it is, as a check of every character would', () => {
    const everyChar = (text: string) => /[0-9.]{16}/.test(text);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 20000; i++) {
      const chars = Array.from({ length: Math.floor(random() * 70) }, () => (random() < 0.85 ? '0123456789.'[Math.floor(random() * 11)] : ' ,"x:e-'[Math.floor(random() * 7)]));
      const text = chars.join('');
      expect(needsExactParse(text), text).to.equal(everyChar(text));
    }
    for (let start = 0; start < 40; start++) {
      for (const len of [15, 16, 17, 31, 32, 33]) {
        const text = `${'x'.repeat(start)}${'9'.repeat(len)}${'y'.repeat(5)}`;
        expect(needsExactParse(text), `${start}+${len}`).to.equal(len >= 16);
      }
    }
  });

  it('parses an integer beyond 2^53 as an exact bigint', () => {
    expect(parseJson('{"id":9007199254740993}')).to.deep.equal({ id: 9007199254740993n });
  });

  it('keeps a safe 16-digit integer a number', () => {
    expect(parseJson('[1234567890123456]')).to.deep.equal([1234567890123456]);
  });

  it('keeps a non-integer with more than 15 significant digits as its text', () => {
    const tree = parseJson('{"x":0.12345678901234567890}') as { x: JsonDecimal };
    expect(tree.x).to.be.instanceOf(JsonDecimal);
    expect(tree.x.text).to.equal('0.12345678901234567890');
  });

  it('parses strings with escapes and long digit runs inside them on the exact path', () => {
    expect(parseJson('{"s":"a\\"b\\u0041 12345678901234567","n":-5}')).to.deep.equal({ s: 'a"bA 12345678901234567', n: -5 });
  });

  it('keeps a __proto__ key an own property', () => {
    const tree = parseJson('{"__proto__":{"polluted":1},"n":12345678901234567890}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(tree)).to.equal(Object.prototype);
    expect(Object.keys(tree)).to.deep.equal(['__proto__', 'n']);
  });

  it('rejects malformed JSON on the exact path with a position', () => {
    expect(() => parseJson('{"n":12345678901234567890,}')).to.throw(SyntaxError, /position 26/);
    expect(() => parseJson('[12345678901234567890')).to.throw(SyntaxError);
    expect(() => parseJson('12345678901234567890 x')).to.throw(SyntaxError, /after JSON/);
  });

  it('writes bigints and JsonDecimals as bare numbers', () => {
    expect(stringifyJson({ a: 9007199254740993n, b: new JsonDecimal('1.50'), c: [null, 'x', false] }))
      .to.equal('{"a":9007199254740993,"b":1.50,"c":[null,"x",false]}');
  });

  it('writes non-finite numbers as strings, as Jackson does', () => {
    expect(stringifyJson([NaN, Infinity, -Infinity])).to.equal('["NaN","Infinity","-Infinity"]');
  });
});
