import { expect } from 'chai';
import { JSON_CHECK_DEPTH_MAX, isJsonText, isNonNullJsonText } from '../../../../core/streams/serdes/json-check.js';
import { Serdes } from '../../../../core/streams/serdes/serdes.js';
import { prng } from '../../../helpers/prng.js';

/** What the checker must agree with: JSON.parse over the UTF-8 decoding, as the Json serde reads. */
function parses(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}


function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return (next() - 0.5) * 10 ** Math.floor(next() * 30 - 10);
    case 3: return Math.floor(next() * 1000) - 500;
    case 4: return String.fromCharCode(...Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * 0x3000)));
    case 5: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, randomValue(next, depth + 1)]));
  }
}

const ALPHABET = Buffer.from('{}[]:,"\\ \t\n\r0123456789-+.eEtruefalsnu/xX\u0001\u007f');

describe('isJsonText', () => {
  it('accepts every text JSON.stringify writes (seeded random values)', () => {
    const next = prng(1);
    for (let i = 0; i < 2000; i++) {
      const text = Buffer.from(JSON.stringify(randomValue(next, 0), null, i % 3 === 0 ? 2 : undefined) ?? 'null');
      expect(isJsonText(text), text.toString()).to.equal(true);
    }
  });

  it('never accepts a text JSON.parse rejects (seeded mutations of valid texts)', () => {
    const next = prng(2);
    let rejected = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = [...Buffer.from(JSON.stringify(randomValue(next, 0)) ?? 'null')];
      for (let m = 1 + Math.floor(next() * 3); m > 0; m--) {
        const at = Math.floor(next() * (bytes.length + 1));
        const byte = next() < 0.1 ? Math.floor(next() * 256) : ALPHABET[Math.floor(next() * ALPHABET.length)]!;
        const op = next();
        if (op < 0.4) bytes.splice(at, 1, byte);
        else if (op < 0.7) bytes.splice(at, 0, byte);
        else bytes.splice(at, 1);
      }
      const text = Buffer.from(bytes);
      const expected = parses(text);
      if (!expected) rejected += 1;
      // Sound: never yes where JSON.parse says no. Below the depth bound it is exact, too.
      expect(isJsonText(text), JSON.stringify(text.toString('latin1'))).to.equal(expected);
      // The same text as a range of a larger buffer (a value inside a fetched batch): what lies
      // around it, here bytes that would complete or extend it, is never read.
      const around = Buffer.concat([Buffer.from('[{"a":"'), text, Buffer.from('"}]}0e5 null')]);
      expect(isJsonText(around, 7, 7 + text.length), `in range: ${JSON.stringify(text.toString('latin1'))}`).to.equal(expected);
      expect(isNonNullJsonText(around, 7, 7 + text.length)).to.equal(isNonNullJsonText(text));
    }
    expect(rejected).to.be.greaterThan(5000);
  });

  it('checks a range without reading past it: truncated texts are rejected whatever follows', () => {
    const text = Buffer.from('{"k":[1,2.5e3,"x\\u00e9",true,null]} 7');
    for (let end = 0; end <= text.length; end++) {
      const prefix = text.subarray(0, end);
      expect(isJsonText(text, 0, end), JSON.stringify(prefix.toString())).to.equal(parses(prefix));
      expect(isJsonText(text, 2, end), JSON.stringify(text.subarray(2, end).toString())).to.equal(end >= 2 && parses(text.subarray(2, end)));
    }
  });

  it('rejects the edge cases JSON.parse rejects', () => {
    for (const text of ['', ' ', '01', '1.', '.5', '-', '+1', '1e', '"\u0001"', '"\\x"', '"\\u12g4"', '"abc', '[1,]', '{"a":1,}', '{a:1}', '\ufeff1', 'tru', 'nul', 'NaN', '[1]x', '\u00a01']) {
      expect(isJsonText(Buffer.from(text)), JSON.stringify(text)).to.equal(false);
      expect(parses(Buffer.from(text)), JSON.stringify(text)).to.equal(false);
    }
  });

  it('agrees with JSON.parse on every number form, alone, in arrays and before a closing brace', () => {
    const numbers = ['0', '-0', '7', '-12', '10', '0.5', '-0.25', '1.05', '1e5', '1E5', '1e+5', '1e-5', '2.5E-3', '0e0', '123456789012345678901234567890',
      '00', '-', '--1', '1..2', '1.e5', '.e5', '1e', '1e+', '1E-', '1ee5', '1e5.5', '0x10', '1_000', '- 1', '1 2', 'Infinity', '-Infinity'];
    for (const n of numbers) {
      for (const text of [n, `[${n}]`, `[${n},${n}]`, `{"a":${n}}`, ` ${n} `]) {
        expect(isJsonText(Buffer.from(text)), text).to.equal(parses(Buffer.from(text)));
      }
    }
  });

  it('accepts invalid UTF-8 inside strings, as the decoder replaces it, and rejects it outside', () => {
    expect(isJsonText(Buffer.from([0x22, 0xff, 0xc3, 0x22]))).to.equal(true);
    expect(parses(Buffer.from([0x22, 0xff, 0xc3, 0x22]))).to.equal(true);
    expect(isJsonText(Buffer.from([0x31, 0xff]))).to.equal(false);
  });

  it(`answers no (cannot tell) past ${JSON_CHECK_DEPTH_MAX} levels of nesting`, () => {
    const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
    expect(isJsonText(deep(JSON_CHECK_DEPTH_MAX))).to.equal(true);
    expect(isJsonText(deep(JSON_CHECK_DEPTH_MAX + 1))).to.equal(false);
  });

  it('isNonNullJsonText also rejects null, which the Json serde reads as a null value', () => {
    expect(isNonNullJsonText(Buffer.from(' null '))).to.equal(false);
    expect(isNonNullJsonText(Buffer.from('[null]'))).to.equal(true);
    expect(Serdes.Json().accepts!(Buffer.from('null'))).to.equal(false);
    expect(Serdes.Json().deserialize('t', Buffer.from('null'))).to.equal(null);
  });

  it('the built-in serdes accept exactly what they read as non-null', () => {
    expect(Serdes.Long().accepts!(Buffer.alloc(8))).to.equal(true);
    expect(Serdes.Long().accepts!(Buffer.alloc(7))).to.equal(false);
    expect(Serdes.Integer().accepts!(Buffer.alloc(3))).to.equal(false);
    expect(Serdes.Double().accepts!(Buffer.alloc(8))).to.equal(true);
    expect(Serdes.String().accepts!(Buffer.from([0xff]))).to.equal(true);
    expect(Serdes.Void().accepts!(Buffer.alloc(0))).to.equal(false);
  });
});
