import { expect } from 'chai';
import { prng } from '../../helpers/prng.js';
import { kafkaBytes } from '../../../sql/formats/kafka-format.js';
import { rowJsonBytesWriter, rowJsonWriter } from '../../../sql/formats/json-write.js';
import { utf8Bytes } from '../../../sql/formats/text-bytes.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIMESTAMP, type StructField } from '../../../sql/types/types.js';

// Text that takes every path: ASCII, escapes, control characters, non-ASCII, astral and lone
// surrogates (JSON.stringify escapes those; Buffer.from writes U+FFFD for any left), long text.
const TEXTS = ['', 'u1', 'a"b', 'back\\slash', 'tab\there', '\u0000\u001f', 'del\u007f', 'héllo', '😀', '\ud800', 'x\udfff', '€'.repeat(3), 'y'.repeat(64), 'y'.repeat(65), 'z'.repeat(200) + '"', 'é'.repeat(70)];

describe('sql/formats: JSON rows and KAFKA strings straight to bytes', () => {
  it('writes exactly the UTF-8 of the text writer (random rows, seed 77)', () => {
    const fields: StructField[] = [
      { name: 'ID', type: INTEGER },
      { name: 'S', type: STRING },
      { name: 'D', type: DOUBLE },
      { name: 'B', type: BIGINT },
      { name: 'F', type: BOOLEAN },
      { name: 'TS', type: TIMESTAMP },
      { name: 'DT', type: DATE },
      { name: 'DEC', type: decimal(6, 2) },
      { name: 'BY', type: BYTES },
      { name: 'ARR', type: array(STRING) },
      { name: 'M', type: map(STRING, INTEGER) },
      { name: 'ST', type: struct([{ name: 'é', type: STRING }]) },
      { name: 'nämé "q"', type: STRING },
    ];
    const rnd = prng(77);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const gens: Array<() => unknown> = [
      () => pick([0, -1, 2147483647, -2147483648, 7]),
      () => pick(TEXTS),
      () => pick([0, -0, 1.5, -2.25e-5, 1e21, 123456789.125, NaN, Infinity, -Infinity, 0.1]),
      () => pick([0n, -1n, 9223372036854775807n, -9223372036854775808n, 2n ** 53n + 1n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, -(2n ** 53n)]),
      () => rnd() < 0.5,
      () => pick([0, 1700000000000]),
      () => pick([0, 19000]),
      () => pick([new Decimal(150n, 2), new Decimal(-1n, 2)]),
      () => Buffer.from(pick(TEXTS)),
      () => [pick(TEXTS), null, pick(TEXTS)],
      () => new Map([[pick(TEXTS), 1], ['k', null]]),
      () => ({ é: pick(TEXTS) }),
      () => pick(TEXTS),
    ];
    const text = rowJsonWriter(fields);
    const bytes = rowJsonBytesWriter(fields);
    for (let n = 0; n < 2000; n++) {
      const row = gens.map((g) => (rnd() < 0.15 ? pick([null, undefined]) : g()));
      const expected = Buffer.from(text(row), 'utf8');
      expect(bytes(row).equals(expected), text(row)).to.equal(true);
    }
    expect(rowJsonBytesWriter([])([]).toString()).to.equal('{}');
  });

  it('returns a fresh buffer per row (the scratch buffer is not aliased)', () => {
    const write = rowJsonBytesWriter([{ name: 'A', type: STRING }]);
    const first = write(['one']);
    write(['two'.repeat(500)]);
    expect(first.toString()).to.equal('{"A":"one"}');
  });

  it('encodes KAFKA strings as Buffer.from does', () => {
    for (const s of TEXTS) {
      expect(utf8Bytes(s).equals(Buffer.from(s, 'utf8')), s).to.equal(true);
      expect(kafkaBytes(s, STRING).equals(Buffer.from(s, 'utf8')), s).to.equal(true);
    }
  });
});
