import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { JsonNumber, JsonParseError, fromPlain, jsonNodesEqual, parseJson, stringifyJson, type JsonNode } from '../../../sql/types/json.js';

describe('sql/types/json', () => {
  describe('parseJson', () => {
    it('keeps number lexemes exactly, including trailing zeros and digits beyond 2^53', () => {
      const node = parseJson('{"A": 1.50, "B": 9223372036854775807, "C": -1.5e-7}') as Map<string, JsonNode>;
      expect((node.get('A') as JsonNumber).lexeme).to.equal('1.50');
      expect((node.get('B') as JsonNumber).lexeme).to.equal('9223372036854775807');
      expect((node.get('C') as JsonNumber).lexeme).to.equal('-1.5e-7');
    });

    it('keeps object keys in written order, a repeated key keeping its first place and last value', () => {
      const node = parseJson('{"b":1,"a":2,"b":3}') as Map<string, JsonNode>;
      expect([...node.keys()]).to.deep.equal(['b', 'a']);
      expect((node.get('b') as JsonNumber).lexeme).to.equal('3');
    });

    it('decodes strings with escapes and unicode', () => {
      expect(parseJson('"a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00"')).to.equal('a"b\\c\né😀');
    });

    it('parses literals, nested arrays and empty containers', () => {
      expect(stringifyJson(parseJson(' [true, false, null, [], {}, [[1]]] '))).to.equal('[true,false,null,[],{},[[1]]]');
    });

    it('names line and column of a syntax error', () => {
      try {
        parseJson('{\n  "a": 1,\n  "b" 2\n}');
        expect.fail('should throw');
      } catch (e) {
        expect(e).to.be.instanceOf(JsonParseError);
        expect((e as JsonParseError).message).to.equal(`Invalid JSON at line 3:7: unexpected character "2", expected ':'`);
      }
    });

    for (const bad of ['01', '1.', '1e', '-', '.5', '+1', 'tru', '[1,]', '{"a":1,}', '"abc', '{"a":1} x', '', 'NaN', "'a'"]) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        expect(() => parseJson(bad)).to.throw(JsonParseError);
      });
    }
  });

  describe('stringifyJson', () => {
    it('writes compact JSON with numbers as their lexemes', () => {
      const node = new Map<string, JsonNode>([['A', new JsonNumber('1.50')], ['B', ['x', null, true]], ['C', new Map()]]);
      expect(stringifyJson(node)).to.equal('{"A":1.50,"B":["x",null,true],"C":{}}');
    });

    it('round-trips every qtt output file through parse and stringify without changing a number', () => {
      const dir = path.resolve('../shared/ksql-qtt');
      const ids = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'output.json'))).slice(0, 200);
      for (const id of ids) {
        const text = fs.readFileSync(path.join(dir, id, 'output.json'), 'utf8');
        const once = stringifyJson(parseJson(text));
        expect(stringifyJson(parseJson(once)), id).to.equal(once);
        const lexemes = text.match(/-?\d+\.\d+/g) ?? [];
        for (const l of lexemes) expect(once.includes(l), `${id}: ${l}`).to.equal(true);
      }
    });
  });

  describe('jsonNodesEqual', () => {
    const eq = (a: string, b: string): boolean => jsonNodesEqual(parseJson(a), parseJson(b));

    it('compares numbers by lexeme', () => {
      expect(eq('1.50', '1.50')).to.equal(true);
      expect(eq('1.50', '1.5')).to.equal(false);
      expect(eq('1', '1.0')).to.equal(false);
    });

    it('ignores object key order but not array order', () => {
      expect(eq('{"a":1,"b":[1,2]}', '{"b":[1,2],"a":1}')).to.equal(true);
      expect(eq('{"a":1,"b":[1,2]}', '{"b":[2,1],"a":1}')).to.equal(false);
    });

    it('distinguishes missing fields, extra fields, null and types', () => {
      expect(eq('{"a":1}', '{"a":1,"b":null}')).to.equal(false);
      expect(eq('{"a":null}', '{"b":null}')).to.equal(false);
      expect(eq('null', '{}')).to.equal(false);
      expect(eq('"1"', '1')).to.equal(false);
      expect(eq('[]', '{}')).to.equal(false);
    });
  });

  describe('fromPlain', () => {
    it('converts plain values, bigints and Maps', () => {
      expect(stringifyJson(fromPlain({ a: [1, 2.5, 10n], b: new Map([['k', null]]) }))).to.equal('{"a":[1,2.5,10],"b":{"k":null}}');
    });
  });
});
