/** The typed store views: the stored `timestamp | value` layout, whichever way a serde encodes. */
import { expect } from 'chai';
import { Serdes, type Serde } from '../../../../core/streams/serdes/index.js';
import { InMemoryKeyValueStore } from '../../../../core/streams/state/memory/in-memory-key-value-store.js';
import { TimestampedKeyValueStore } from '../../../../core/streams/runtime/store-facades.js';

describe('TimestampedKeyValueStore layout', () => {
  const cases: [string, Serde<unknown>, unknown, Buffer][] = [
    ['String (text)', Serdes.String() as Serde<unknown>, 'é€😀 x', Buffer.from('é€😀 x', 'utf8')],
    ['Json (text)', Serdes.Json() as Serde<unknown>, { name: 'Zoë', n: [1, 2.5, null] }, Buffer.from('{"name":"Zoë","n":[1,2.5,null]}', 'utf8')],
    ['Long (bytes)', Serdes.Long() as Serde<unknown>, 1234567890123n, Buffer.from([0, 0, 1, 31, 113, 251, 4, 203])],
  ];
  for (const [name, serde, value, bytes] of cases) {
    it(`stores 8 bytes of timestamp, then the ${name} serde's exact bytes, and reads them back`, () => {
      const inner = new InMemoryKeyValueStore({ name: 's' });
      const store = new TimestampedKeyValueStore<string, unknown>(inner, Serdes.String(), serde);
      const size = store.putBytes(store.keyBytes('k'), { value, timestamp: 1_700_000_000_123 });
      const stored = inner.getSync(Buffer.from('k'))!;
      expect(size).to.equal(8 + bytes.length);
      expect(stored.readBigInt64BE(0)).to.equal(1_700_000_000_123n);
      expect(stored.subarray(8).equals(bytes)).to.equal(true);
      expect(store.get('k')).to.deep.equal({ value, timestamp: 1_700_000_000_123 });
    });
  }

  it('refuses a value its serde cannot write, naming the serde and the store', () => {
    const store = new TimestampedKeyValueStore<string, unknown>(new InMemoryKeyValueStore({ name: 'counts' }), Serdes.String(), Serdes.Json());
    expect(() => store.put('k', { value: 10n, timestamp: 1 })).to.throw(/Json serde on topic 'counts': value cannot be written as JSON/);
  });
});
