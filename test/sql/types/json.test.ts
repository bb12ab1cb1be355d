import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { SimRandom } from '../../../core/sim/random.js';
import { JSON_DEPTH_MAX, JsonNumber, JsonParseError, fromPlain, jsonNodesEqual, parseJson, stringifyJson, toPlain, type JsonNode } from '../../../sql/types/json.js';

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

    it(`accepts nesting up to JSON_DEPTH_MAX (${JSON_DEPTH_MAX}) and rejects deeper`, () => {
      const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
      expect(() => parseJson(nested(JSON_DEPTH_MAX))).to.not.throw();
      expect(() => parseJson('['.repeat(JSON_DEPTH_MAX) + '1' + ']'.repeat(JSON_DEPTH_MAX))).to.not.throw();
      expect(() => parseJson(nested(JSON_DEPTH_MAX + 1))).to.throw(JsonParseError, /nesting deeper than 1000/);
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

describe('sql/types/json against JSON.parse (seeded mutations)', () => {
  const SEED = 7;
  const CHARS = '{}[]",:0123456789-+.eEtrufalsn \\/u\n';

  function randomJson(rnd: SimRandom, depth: number): string {
    const atoms = ['null', 'true', 'false', '0', '-0', '12.50', '1e5', '-3.2E-7', '9007199254740993', '""', '"a\\"b"', '"\\u00e9\\n"'];
    if (depth <= 0 || rnd.int(3) === 0) return atoms[rnd.int(atoms.length)]!;
    const n = rnd.int(4);
    if (rnd.int(2) === 0) return '[' + Array.from({ length: n }, () => randomJson(rnd, depth - 1)).join(', ') + ']';
    return '{' + Array.from({ length: n }, (_, i) => `"k${i}": ${randomJson(rnd, depth - 1)}`).join(',') + '}';
  }

  function mutate(rnd: SimRandom, text: string): string {
    const at = rnd.int(text.length + 1);
    const c = CHARS[rnd.int(CHARS.length)]!;
    switch (rnd.int(3)) {
      case 0: return text.slice(0, at) + c + text.slice(at);
      case 1: return text.slice(0, at) + text.slice(at + 1);
      default: return text.slice(0, at) + c + text.slice(at + 1);
    }
  }

  const accepts = (f: () => unknown): boolean => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };

  it(`accepts exactly what JSON.parse accepts, with the same values (seed ${SEED})`, () => {
    const rnd = new SimRandom(SEED);
    for (let i = 0; i < 1500; i++) {
      const text = i % 3 === 0 ? randomJson(rnd, 3) : mutate(rnd, randomJson(rnd, 3));
      const ours = accepts(() => parseJson(text));
      expect(ours, `seed ${SEED} #${i}: ${JSON.stringify(text)}`).to.equal(accepts(() => JSON.parse(text)));
      if (ours) expect(toPlain(parseJson(text)), `seed ${SEED} #${i}`).to.deep.equal(JSON.parse(text));
    }
  });
});
