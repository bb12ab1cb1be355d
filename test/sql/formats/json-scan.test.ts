import { expect } from 'chai';
import { prng } from '../../helpers/prng.js';
import { matchFields } from '../../../sql/formats/json-read.js';
import { BAIL, JsonRowScanner, type ScanColumn } from '../../../sql/formats/json-scan.js';
import { parseJson } from '../../../sql/types/json.js';
import type { StructField } from '../../../sql/types/types.js';

const COLUMNS: ScanColumn[] = [
  { name: 'ID', kind: 'INTEGER' },
  { name: 'AMOUNT', kind: 'DOUBLE' },
  { name: 'NAME', kind: 'STRING' },
  { name: 'FLAG', kind: 'BOOLEAN' },
  { name: 'BIG', kind: 'BIGINT' },
  { name: 'TS', kind: 'TIMESTAMP' },
  { name: 'D', kind: 'DATE' },
  { name: 'id', kind: 'INTEGER' }, // a quoted lower-case column: matched exactly only
];
const FIELDS: StructField[] = COLUMNS.map((c) => ({ name: c.name, type: { kind: c.kind } as StructField['type'] }));

/** The exact reader's answer: the row, or 'error'. */
function exact(text: string): unknown {
  try {
    const node = parseJson(text);
    if (!(node instanceof Map)) return 'error';
    return matchFields(node, FIELDS, '$');
  } catch {
    return 'error';
  }
}

const scanner = new JsonRowScanner(COLUMNS);
const UNREAD = [0, 2, 5];
const unreadScanner = new JsonRowScanner(COLUMNS.map((c, i) => ({ ...c, unread: UNREAD.includes(i) })));
const scan = (text: string): unknown => scanner.read(Buffer.from(text, 'utf8'));

describe('sql/formats/json-scan', () => {
  it('reads flat objects of primitive columns as the exact reader does', () => {
    const text = ' { "ID" : 7, "amount":-12.50,"name":"a\\"b\\u00e9","FLAG":true,"BIG":9007199254740991,"TS":1700000000000,"D":19000,"id":-0 } ';
    const row = scan(text) as unknown[];
    expect(row).to.deep.equal(exact(text));
    expect(row).to.deep.equal([7, -12.5, 'a"bé', true, 9007199254740991n, 1700000000000, 19000, -0]);
    expect(Object.is(row[7], -0)).to.equal(true);
    expect(scan('{}')).to.deep.equal([null, null, null, null, null, null, null, null]);
  });

  it('prefers an exact field name over an upper-cased one, in either order', () => {
    expect(scan('{"Id":1,"ID":2}')).to.deep.equal(exact('{"Id":1,"ID":2}'));
    expect(scan('{"ID":2,"Id":1}')).to.deep.equal(exact('{"ID":2,"Id":1}'));
    // "id" fills the quoted column exactly and ID through its upper-cased name.
    expect(scan('{"id":3}')).to.deep.equal([3, null, null, null, null, null, null, 3]);
  });

  it('leaves to the exact reader what it cannot be sure of', () => {
    for (const text of [
      '{"ID":1,"ID":2}', // a repeated name: first place, last value
      '{"Id":1,"iD":2}', // two names for one column
      '{"ıd":1}', // 'ı'.toUpperCase() is 'I'
      '{"I\\u0044":1}', // an escaped name
      '{"ID":"12"}', // a coercion
      '{"ID":1.5}', // a truncation
      '{"ID":2147483648}', // a wrap
      '{"BIG":9007199254740993}', // beyond 2^53
      '{"NAME":5}', // a number as text
      '{"X":{"a":1}}', // a nested value
      '{"X":[1]}',
      'null',
      '[1]',
      '\ufeff{"ID":1}', // a byte-order mark
      '{"ID":01}', // malformed ...
      '{"ID":1,}',
      '{"ID":1',
      '{"ID":1}x',
      '{"ID":-}',
      '{"ID":1.}',
      '{"ID":1e}',
      '{"NAME":"a\nb"}',
      '{"NAME":"\\x"}',
      '{"NAME":"\\u12g4"}',
      '{"FLAG":tru}',
      '{ID:1}',
    ]) {
      expect(scan(text), text).to.equal(BAIL);
    }
    // Bytes that are not UTF-8, inside a string value or a name.
    expect(scanner.read(Buffer.concat([Buffer.from('{"NAME":"a'), Buffer.from([0xff]), Buffer.from('"}')]))).to.equal(BAIL);
    expect(scanner.read(Buffer.concat([Buffer.from('{"X'), Buffer.from([0xc3]), Buffer.from('":1}')]))).to.equal(BAIL);
    expect(scanner.read(Buffer.concat([Buffer.from('{"NAME":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]))).to.equal(BAIL);
  });

  it('gives the exact reader\'s row whenever it answers (random documents, seed 5150)', () => {
    const rnd = prng(5150);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const keys = ['ID', 'id', 'Id', 'AMOUNT', 'amount', 'NAME', 'Name', 'FLAG', 'BIG', 'big', 'TS', 'D', 'd', 'X', 'other', 'ıd', 'é', 'I\\u0044'];
    const values = [
      '0', '-0', '7', '-42', '2147483647', '2147483648', '-2147483649', '1.5', '-0.0', '12.50', '1e2', '1E-3', '-2.5e+3',
      '123456789012345', '1234567890123456', '12345678901234567890', '0.1', '0.30000000000000004', '9007199254740993',
      '"x"', '""', '"12"', '"a\\"b"', '"\\u00e9t\\u00e9"', '"héllo 😀"', '"1.5"', 'true', 'false', 'null', '{}', '{"a":[1,2]}', '[]', '[1,"x"]',
    ];
    const ws = ['', '', ' ', '\n', '\t ', '\r\n'];
    let answered = 0;
    for (let n = 0; n < 4000; n++) {
      const fields: string[] = [];
      const count = Math.floor(rnd() * 6);
      for (let f = 0; f < count; f++) fields.push(`${pick(ws)}"${pick(keys)}"${pick(ws)}:${pick(ws)}${pick(values)}${pick(ws)}`);
      let text = `${pick(ws)}{${fields.join(',')}}${pick(ws)}`;
      if (rnd() < 0.3) {
        // A random edit: most make the document malformed.
        const at = Math.floor(rnd() * (text.length + 1));
        text = rnd() < 0.5 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + pick(['"', ',', '}', '{', '0', '.', 'e', '-', ' ', ':', '\\']) + text.slice(at);
      }
      const got = scan(text);
      // Unread columns: the same answer (bail or not), those columns NULL.
      const partial = unreadScanner.read(Buffer.from(text, 'utf8'));
      expect(partial === BAIL, text).to.equal(got === BAIL);
      if (got === BAIL) continue;
      expect(partial, text).to.deep.equal((got as unknown[]).map((v, i) => (UNREAD.includes(i) ? null : v)));
      answered++;
      expect(got, text).to.deep.equal(exact(text));
    }
    // The subset is most documents: the test checks real answers, not only bails.
    expect(answered).to.be.greaterThan(500);
  });
});
