import { expect } from 'chai';
import { Serdes } from '../../../../core/streams/serdes/serdes.js';
import type { Serde } from '../../../../core/streams/serdes/serde.js';
import { FjordError } from '../../../../core/errors.js';

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

function fjordError(fn: () => unknown): FjordError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(FjordError);
    return err as FjordError;
  }
  throw new Error('expected a FjordError');
}

describe('Serdes: null handling', () => {
  const serdes: Array<[string, Serde<unknown>]> = [
    ['String', Serdes.String() as Serde<unknown>],
    ['ByteArray', Serdes.ByteArray() as Serde<unknown>],
    ['Long', Serdes.Long() as Serde<unknown>],
    ['Integer', Serdes.Integer() as Serde<unknown>],
    ['Double', Serdes.Double() as Serde<unknown>],
    ['Json', Serdes.Json<unknown>()],
    ['Void', Serdes.Void() as Serde<unknown>],
  ];
  for (const [name, serde] of serdes) {
    it(`${name} serializes null to null and deserializes null to null`, () => {
      expect(serde.serialize('t', null)).to.equal(null);
      expect(serde.deserialize('t', null)).to.equal(null);
    });
  }
});

describe('Serdes.String', () => {
  it('round-trips UTF-8 text including non-ASCII characters', () => {
    const s = Serdes.String();
    expect(s.serialize('t', 'hé✓')).to.deep.equal(Buffer.from('68c3a9e29c93', 'hex'));
    expect(s.deserialize('t', s.serialize('t', 'hé✓'))).to.equal('hé✓');
  });

  it('round-trips the empty string as zero bytes, distinct from null', () => {
    expect(Serdes.String().serialize('t', '')).to.deep.equal(Buffer.alloc(0));
    expect(Serdes.String().deserialize('t', Buffer.alloc(0))).to.equal('');
  });
});

describe('Serdes.ByteArray and Bytes', () => {
  it('passes bytes through unchanged', () => {
    const b = hex('00 ff 10');
    expect(Serdes.ByteArray().serialize('t', b)).to.deep.equal(b);
    expect(Serdes.Bytes().deserialize('t', b)).to.deep.equal(b);
  });
});

describe('Serdes.Long', () => {
  const s = Serdes.Long();
  it('writes 1 as 00 00 00 00 00 00 00 01', () => {
    expect(s.serialize('t', 1n)).to.deep.equal(hex('00 00 00 00 00 00 00 01'));
  });
  it('writes -1 as ff ff ff ff ff ff ff ff', () => {
    expect(s.serialize('t', -1n)).to.deep.equal(hex('ff ff ff ff ff ff ff ff'));
  });
  it('writes the largest long as 7f ff ff ff ff ff ff ff and reads it back exactly', () => {
    const max = 2n ** 63n - 1n;
    expect(s.serialize('t', max)).to.deep.equal(hex('7f ff ff ff ff ff ff ff'));
    expect(s.deserialize('t', hex('7f ff ff ff ff ff ff ff'))).to.equal(max);
  });
  it('reads 80 00 00 00 00 00 00 00 as the smallest long', () => {
    expect(s.deserialize('t', hex('80 00 00 00 00 00 00 00'))).to.equal(-(2n ** 63n));
  });
  it('rejects 3 bytes with an error naming the serde, the topic and the lengths', () => {
    const err = fjordError(() => s.deserialize('x', hex('00 00 01')));
    expect(err.code).to.equal('CORRUPT_MESSAGE');
    expect(err.message).to.equal("Long serde on topic 'x': expected 8 bytes, got 3");
  });
  it('rejects a value outside the signed 64-bit range as INVALID_RECORD', () => {
    const err = fjordError(() => s.serialize('x', 2n ** 63n));
    expect(err.code).to.equal('INVALID_RECORD');
    expect(err.message).to.contain("Long serde on topic 'x'");
  });
});

describe('Serdes.Integer', () => {
  const s = Serdes.Integer();
  it('writes 1 as 00 00 00 01 and -2 as ff ff ff fe', () => {
    expect(s.serialize('t', 1)).to.deep.equal(hex('00 00 00 01'));
    expect(s.serialize('t', -2)).to.deep.equal(hex('ff ff ff fe'));
  });
  it('reads 7f ff ff ff as 2147483647', () => {
    expect(s.deserialize('t', hex('7f ff ff ff'))).to.equal(2147483647);
  });
  it('rejects 5 bytes naming the serde and topic', () => {
    const err = fjordError(() => s.deserialize('orders', hex('00 00 00 00 01')));
    expect(err.message).to.equal("Integer serde on topic 'orders': expected 4 bytes, got 5");
  });
  it('rejects a non-integer or out-of-range number on serialize', () => {
    expect(fjordError(() => s.serialize('t', 1.5)).code).to.equal('INVALID_RECORD');
    expect(fjordError(() => s.serialize('t', 2 ** 31)).code).to.equal('INVALID_RECORD');
  });
});

describe('Serdes.Double', () => {
  const s = Serdes.Double();
  it('writes 1.0 as 3f f0 00 00 00 00 00 00', () => {
    expect(s.serialize('t', 1)).to.deep.equal(hex('3f f0 00 00 00 00 00 00'));
  });
  it('writes -2.5 as c0 04 00 00 00 00 00 00', () => {
    expect(s.serialize('t', -2.5)).to.deep.equal(hex('c0 04 00 00 00 00 00 00'));
  });
  it('round-trips NaN and -0', () => {
    expect(s.deserialize('t', s.serialize('t', NaN))).to.be.NaN;
    expect(Object.is(s.deserialize('t', s.serialize('t', -0)), -0)).to.equal(true);
  });
  it('rejects 4 bytes naming the serde and topic', () => {
    expect(fjordError(() => s.deserialize('d', hex('00 00 00 00'))).message).to.equal(
      "Double serde on topic 'd': expected 8 bytes, got 4",
    );
  });
});

describe('Serdes.Json', () => {
  interface Order {
    id: string;
    qty: number;
    tags: string[];
  }
  it('round-trips an object with its type', () => {
    const s = Serdes.Json<Order>();
    const order: Order = { id: 'a', qty: 2, tags: ['x'] };
    expect(s.serialize('t', order)!.toString('utf8')).to.equal('{"id":"a","qty":2,"tags":["x"]}');
    const back: Order | null = s.deserialize('t', s.serialize('t', order));
    expect(back).to.deep.equal(order);
  });
  it('rejects invalid JSON with CORRUPT_MESSAGE naming the serde and topic', () => {
    const err = fjordError(() => Serdes.Json().deserialize('j', Buffer.from('{nope')));
    expect(err.code).to.equal('CORRUPT_MESSAGE');
    expect(err.message).to.match(/^Json serde on topic 'j': invalid JSON/);
  });
  it('rejects a value with no JSON form (a BigInt) as INVALID_RECORD', () => {
    expect(fjordError(() => Serdes.Json<unknown>().serialize('j', 1n)).code).to.equal('INVALID_RECORD');
  });
});

describe('Serdes.Void', () => {
  it('rejects non-null data naming the serde and topic', () => {
    expect(fjordError(() => Serdes.Void().deserialize('v', hex('01'))).message).to.equal(
      "Void serde on topic 'v': expected null data, got 1 bytes",
    );
  });
});

describe('Serdes.Json reads numbers as JSON.parse does', () => {
  it('gives the same value or the same failure for integers, with and without its fast path', () => {
    const serde = Serdes.Json<unknown>();
    for (const text of ['0', '7', '42', '123456789012345', '1234567890123456', '9007199254740993', '00', '0123', '-5', '-0', '1.5', '1e3', ' 1', '1 ', '+1', '']) {
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expected = 'throws';
      }
      let actual: unknown;
      try {
        actual = serde.deserialize('t', Buffer.from(text));
      } catch {
        actual = 'throws';
      }
      expect(Object.is(actual, expected), `${JSON.stringify(text)}: ${String(actual)} vs ${String(expected)}`).to.equal(true);
    }
  });
});

describe('serializeText (text serdes hand the producer text, not bytes)', () => {
  const textSerdes: [string, Serde<unknown>, unknown[]][] = [
    ['String', Serdes.String() as Serde<unknown>, ['', 'abc', 'grüße ✓ 🎉', 'lone \ud800']],
    ['Json', Serdes.Json<unknown>(), [0, 17, -1.5, 'text', { a: [1, { b: 'ü' }] }, [], true]],
  ];
  for (const [name, serde, values] of textSerdes) {
    it(`${name}: the text's UTF-8 bytes are what serialize() returns, and null stays null`, () => {
      for (const value of values) expect(Buffer.from(serde.serializeText!('t', value)!, 'utf8')).to.deep.equal(serde.serialize('t', value));
      expect(serde.serializeText!('t', null)).to.equal(null);
    });
  }

  it('fails with the same errors as serialize()', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: [Serde<unknown>, unknown][] = [[Serdes.String() as Serde<unknown>, 42], [Serdes.Json<unknown>(), cyclic], [Serdes.Json<unknown>(), () => 1]];
    for (const [serde, value] of cases) {
      const text = fjordError(() => serde.serializeText!('out', value));
      const bytes = fjordError(() => serde.serialize('out', value));
      expect([text.code, text.message]).to.deep.equal([bytes.code, bytes.message]);
    }
  });

  it('is absent where the bytes are not text', () => {
    for (const serde of [Serdes.ByteArray(), Serdes.Long(), Serdes.Integer(), Serdes.Double(), Serdes.Void()] as Serde<unknown>[]) expect(serde.serializeText).to.equal(undefined);
  });
});

describe('deserializeText (the runtime hands text serdes text decoded from the fetched bytes)', () => {
  it('reads as deserialize reads the text\'s UTF-8 bytes, null included, with the same errors', () => {
    const cases: [Serde<unknown>, string[]][] = [
      [Serdes.String() as Serde<unknown>, ['', 'plain', 'grüße ✓ 🎉', '{"not":"parsed"}']],
      [Serdes.Json(), ['0', '42', '007', '-1.5e3', '"text"', '{"a":[1,{"b":null}],"é":"ü"}', 'null', 'true', ' 12 ', '{bad', '', '1 2']],
    ];
    for (const [serde, texts] of cases) {
      expect(serde.deserializeText!('t', null), serde.name).to.equal(null);
      for (const text of texts) {
        const expected = (() => {
          try {
            return { value: serde.deserialize('t', Buffer.from(text, 'utf8')) };
          } catch (e) {
            return { error: `${(e as FjordError).code}: ${(e as Error).message}` };
          }
        })();
        const got = (() => {
          try {
            return { value: serde.deserializeText!('t', text) };
          } catch (e) {
            return { error: `${(e as FjordError).code}: ${(e as Error).message}` };
          }
        })();
        expect(got, `${serde.name} ${JSON.stringify(text)}`).to.deep.equal(expected);
      }
    }
  });

  it('is absent where the bytes are not text', () => {
    for (const serde of [Serdes.ByteArray(), Serdes.Long(), Serdes.Integer(), Serdes.Double(), Serdes.Void()] as Serde<unknown>[]) expect(serde.deserializeText).to.equal(undefined);
  });
});
