import { expect } from 'chai';
import { INTEGER, STRING, BYTES, formatType } from '../../../../sql/types/types.js';
import { call, returnType } from '../helpers.js';

const S = STRING;
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

describe('string functions', () => {
  it('SUBSTRING is 1-based and clamps (qtt: substring cases)', () => {
    expect(call('SUBSTRING', [S, INTEGER], ['some_string', 6])).to.equal('string');
    expect(call('SUBSTRING', [S, INTEGER], ['another', 6])).to.equal('er');
    expect(call('SUBSTRING', [S, INTEGER], ['short', 6])).to.equal('');
    expect(call('SUBSTRING', [S, INTEGER, INTEGER], ['some string', 0, 2])).to.equal('so');
    expect(call('SUBSTRING', [S, INTEGER, INTEGER], ['some string', -6, 3])).to.equal('str');
    expect(call('SUBSTRING', [S, null], ['x', null])).to.equal(null);
  });

  it('SUBSTRING works on bytes (qtt: substring with bytes)', () => {
    expect((call('SUBSTRING', [BYTES, INTEGER, INTEGER], [b64('c29tZV9zdHJpbmc='), 6, 3]) as Buffer).toString('base64')).to.equal('c3Ry');
    expect((call('SUBSTRING', [BYTES, INTEGER, INTEGER], [b64('YW5vdGhlcg=='), 6, 3]) as Buffer).toString('base64')).to.equal('ZXI=');
    expect((call('SUBSTRING', [BYTES, INTEGER, INTEGER], [b64('c2hvcnQ='), 6, 3]) as Buffer).toString('base64')).to.equal('');
  });

  it('CONCAT skips NULLs', () => {
    expect(call('CONCAT', [S, S, S], ['"', null, '\\'])).to.equal('"\\');
    expect(call('CONCAT', [S, S], ["'", "foo'"])).to.equal("'foo'");
    expect(call('CONCAT_WS', [S, S, S, S], ['-', 'a', null, 'b'])).to.equal('a-b');
    expect(call('CONCAT_WS', [S, S], [null, 'a'])).to.equal(null);
    expect(() => call('CONCAT_WS', [S], ['-'])).to.throw('Function Concat_WS expects at least two input arguments.');
    expect((call('CONCAT_WS', [BYTES, BYTES, BYTES], [Buffer.from('-'), Buffer.from('a'), Buffer.from('b')]) as Buffer).toString()).to.equal('a-b');
  });

  it('INSTR finds occurrences forwards and backwards (qtt: instr)', () => {
    expect(call('INSTR', [S, S, INTEGER], ['corporate floor', 'or', 4])).to.equal(5);
    expect(call('INSTR', [S, S, INTEGER], ['short', 'or', 4])).to.equal(0);
    expect(call('INSTR', [S, S, INTEGER, INTEGER], ['corporate floor', 'or', -4, 2])).to.equal(2);
    expect(call('INSTR', [S, S, INTEGER, INTEGER], ['short', 'or', -4, 2])).to.equal(0);
    expect(call('INSTR', [S, S], ['corporate floor', 'or'])).to.equal(2);
    expect(call('INSTR', [S, S], ['should I stay or should I go', 'or'])).to.equal(15);
    expect(call('INSTR', [S, S], ['short', 'or'])).to.equal(3);
    expect(call('INSTR', [S, S, INTEGER, INTEGER], ['corporate floor', 'or', 4, 2])).to.equal(14);
    expect(call('INSTR', [S, S, INTEGER], ['corporate floor', 'or', -4])).to.equal(5);
  });

  it('LPAD and RPAD pad, truncate, and give NULL for bad arguments (qtt: bytes lpad/rpad)', () => {
    const yes = b64('eWVz');
    const no = b64('bm8=');
    const lp = (n: number): unknown => (call('LPAD', [BYTES, INTEGER, BYTES], [yes, n, no]) as Buffer | null)?.toString('base64') ?? null;
    const rp = (n: number): unknown => (call('RPAD', [BYTES, INTEGER, BYTES], [yes, n, no]) as Buffer | null)?.toString('base64') ?? null;
    expect([8, 5, 3, 2, 0, -1].map(lp)).to.deep.equal(['bm9ub255ZXM=', 'bm95ZXM=', 'eWVz', 'eWU=', '', null]);
    expect([8, 5, 3, 2, 0].map(rp)).to.deep.equal(['eWVzbm9ub24=', 'eWVzbm8=', 'eWVz', 'eWU=', '']);
    expect(call('LPAD', [S, INTEGER, S], ['yes', 7, 'ab'])).to.equal('ababyes');
    expect(call('RPAD', [S, INTEGER, S], ['yes', 4, ''])).to.equal(null);
  });

  it('SPLIT keeps empty parts and splits every character on an empty delimiter (qtt: split)', () => {
    expect(call('SPLIT', [S, S], ['a.b.c', '.'])).to.deep.equal(['a', 'b', 'c']);
    expect(call('SPLIT', [S, S], ['..a..', '.'])).to.deep.equal(['', '', 'a', '', '']);
    expect(call('SPLIT', [S, S], ['', '.'])).to.deep.equal(['']);
    expect(call('SPLIT', [S, S], ['.abc.', ''])).to.deep.equal(['.', 'a', 'b', 'c', '.']);
    const parts = call('SPLIT', [BYTES, BYTES], [b64('Li5hLi4='), Buffer.from('.')]) as Buffer[];
    expect(parts.map((p) => p.toString('base64'))).to.deep.equal(['', '', 'YQ==', '', '']);
    expect(formatType(returnType('SPLIT', [BYTES, BYTES]))).to.equal('ARRAY<BYTES>');
  });

  it('REGEXP_SPLIT_TO_ARRAY keeps trailing empties and ignores capture groups (qtt)', () => {
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['aabcda', '(ab|cd)'])).to.deep.equal(['a', '', 'a']);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['aabdcda', '(ab|cd)'])).to.deep.equal(['a', 'd', 'a']);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['zxy', '(ab|cd)'])).to.deep.equal(['zxy']);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], [null, '(ab|cd)'])).to.equal(null);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['abc', ''])).to.deep.equal(['a', 'b', 'c', '']);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['a,b,,', ','])).to.deep.equal(['a', 'b', '', '']);
    expect(call('REGEXP_SPLIT_TO_ARRAY', [S, S], ['', ','])).to.deep.equal(['']);
  });

  it('REGEXP_EXTRACT, REGEXP_EXTRACT_ALL and REGEXP_REPLACE', () => {
    expect(call('REGEXP_EXTRACT', [S, S], ['\\d+', 'ab123cd45'])).to.equal('123');
    expect(call('REGEXP_EXTRACT', [S, S, INTEGER], ['(\\w)(\\d+)', 'ab123', 2])).to.equal('123');
    expect(call('REGEXP_EXTRACT', [S, S], ['z', 'abc'])).to.equal(null);
    expect(call('REGEXP_EXTRACT_ALL', [S, S], ['\\d+', 'a1b22c333'])).to.deep.equal(['1', '22', '333']);
    expect(call('REGEXP_REPLACE', [S, S, S], ['a1b22', '(\\d+)', '<$1>'])).to.equal('a<1>b<22>');
    expect(call('REGEXP_REPLACE', [S, S, S], ['a1b22', '\\d+', '[$0]'])).to.equal('a[1]b[22]');
    expect(call('REGEXP_REPLACE', [S, S, S], ['a1', '\\d', '\\$'])).to.equal('a$');
  });

  it('SPLIT_TO_MAP drops empty and malformed entries (qtt: split_to_map)', () => {
    const m = (s: string, e: string, k: string): unknown => Object.fromEntries(call('SPLIT_TO_MAP', [S, S, S], [s, e, k]) as Map<string, string>);
    expect(m('apple:green/banana:yellow/cherry:red', '/', ':')).to.deep.equal({ apple: 'green', banana: 'yellow', cherry: 'red' });
    expect(m('apple:green/banana:yellow/cherry:red', '&&', ':')).to.deep.equal({ apple: 'green/banana' });
    expect(m('apple:green//banana:yellow//cherry:red/', '/', ':')).to.deep.equal({ apple: 'green', banana: 'yellow', cherry: 'red' });
    expect(m('apple:green/banana:yellow/cherry:red', '/', '=')).to.deep.equal({});
    expect(m('a:1/a:2', '/', ':')).to.deep.equal({ a: '2' });
    expect(call('SPLIT_TO_MAP', [S, S, S], ['a:1', ':', ':'])).to.equal(null);
    expect(call('SPLIT_TO_MAP', [S, S, S], ['a:1', '', ':'])).to.equal(null);
  });

  it('case, trim, length, replace, initcap', () => {
    expect(call('UCASE', [S], ['abc'])).to.equal('ABC');
    expect(call('LCASE', [S], ['ABC'])).to.equal('abc');
    expect(call('TRIM', [S], ['  a b \t'])).to.equal('a b');
    expect(call('LEN', [S], ['héllo'])).to.equal(5);
    expect(call('LEN', [BYTES], [Buffer.from('héllo')])).to.equal(6);
    expect(call('REPLACE', [S, S, S], ['a.b.c', '.', '$'])).to.equal('a$b$c');
    expect(call('INITCAP', [S], ['the quICK  brown'])).to.equal('The Quick  Brown');
    expect(call('INITCAP', [S], ['the   Quick br0wn fOx'])).to.equal('The   Quick Br0wn Fox');
    expect(call('INITCAP', [S], ['some_string'])).to.equal('Some_string');
  });

  it('MASK family replaces character classes', () => {
    expect(call('MASK', [S], ['AbC-12 z'])).to.equal('XxX-nn-x');
    expect(call('MASK', [S, S, S, S, S], ['AbC-12', '*', null, '#', null])).to.equal('*b*-##');
    expect(call('MASK_LEFT', [S, INTEGER], ['AbC-12', 2])).to.equal('XxC-12');
    expect(call('MASK_RIGHT', [S, INTEGER], ['AbC-12', 2])).to.equal('AbC-nn');
    expect(call('MASK_KEEP_LEFT', [S, INTEGER], ['AbC-12', 2])).to.equal('AbX-nn');
    expect(call('MASK_KEEP_RIGHT', [S, INTEGER], ['AbC-12', 2])).to.equal('XxX-12');
    expect(() => call('MASK_LEFT', [S, INTEGER], ['x', -1])).to.throw(/non-negative/);
  });

  it('MD5 matches qtt', () => {
    expect(call('MD5', [S], ['r1'])).to.equal('7c92cf1eee8d99cc85f8355a3d6e4b86');
    expect(call('MD5', [S], [''])).to.equal('d41d8cd98f00b204e9800998ecf8427e');
    expect(call('MD5', [S], ['  '])).to.equal('23b58def11b45727d3351702515f86af');
  });

  it('CHR, ELT and FIELD', () => {
    expect(call('CHR', [INTEGER], [75])).to.equal('K');
    expect(call('CHR', [S], ['\\u004b'])).to.equal('K');
    expect(call('CHR', [INTEGER], [99000])).to.equal('\u{182B8}');
    expect(call('CHR', [INTEGER], [-1])).to.equal(null);
    expect(call('CHR', [S], ['\\ud820\\udeb8'])).to.equal('\u{182B8}');
    for (const bad of ['75', '004b', 'bogus', '']) expect(call('CHR', [S], [bad])).to.equal(null);
    expect(call('ELT', [INTEGER, S, S], [2, 'a', 'b'])).to.equal('b');
    expect(call('ELT', [INTEGER, S, S], [3, 'a', 'b'])).to.equal(null);
    expect(call('FIELD', [S, S, S], ['b', 'a', 'b'])).to.equal(2);
    expect(call('FIELD', [S, S, S], ['c', 'a', 'b'])).to.equal(0);
  });
});
