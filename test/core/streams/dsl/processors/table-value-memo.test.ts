import { expect } from 'chai';
import { Serdes, type Serde } from '../../../../../core/streams/serdes/index.js';
import { InMemoryKeyValueStore } from '../../../../../core/streams/state/memory/in-memory-key-value-store.js';
import { LevelDbKeyValueStore } from '../../../../../core/streams/state/leveldb/leveldb-key-value-store.js';
import { tmpDir } from '../../../../helpers/tmp-dir.js';
import { TimestampedKeyValueStore } from '../../../../../core/streams/runtime/store-facades.js';
import { copiesExactly, memoizedTableReader } from '../../../../../core/streams/dsl/processors/table-value-memo.js';

/** A table over an in-memory store whose value serde counts its decodes. */
function countingTable<V>(valueSerde: Serde<V>) {
  const counted = { decodes: 0 };
  const serde: Serde<V> = {
    name: valueSerde.name,
    serialize: (t, v) => valueSerde.serialize(t, v),
    deserialize: (t, d) => {
      counted.decodes += 1;
      return valueSerde.deserialize(t, d);
    },
  };
  const table = new TimestampedKeyValueStore<string, V>(new InMemoryKeyValueStore({ name: 'users' }), Serdes.String(), serde);
  return { table, counted };
}

describe('memoizedTableReader (stream-table join reads)', () => {
  it('returns what table.get returns, decoding a stored row once however often it is read', () => {
    const { table, counted } = countingTable(Serdes.Json<{ name: string; tags: string[] }>());
    table.put('u1', { value: { name: 'Ann', tags: ['a', 'b'] }, timestamp: 10 });
    const read = memoizedTableReader(table);
    for (let i = 0; i < 5; i++) expect(read('u1')).to.deep.equal(table.get('u1'));
    expect(counted.decodes).to.equal(1 + 5); // the reader's one decode, and table.get's five
    expect(read('nobody')).to.equal(null);
  });

  it('hands every read its own copy: modifying one changes nothing the next read sees', () => {
    const { table } = countingTable(Serdes.Json<{ name: string; tags: string[] }>());
    table.put('u1', { value: { name: 'Ann', tags: ['a'] }, timestamp: 10 });
    const read = memoizedTableReader(table);
    const first = read('u1')!;
    first.value.name = 'changed';
    first.value.tags.push('added');
    (first.value as Record<string, unknown>).extra = 1;
    expect(read('u1')).to.deep.equal({ value: { name: 'Ann', tags: ['a'] }, timestamp: 10 });
  });

  it('copies flat objects and arrays too (a shallow copy is enough there)', () => {
    const { table } = countingTable(Serdes.Json<unknown>());
    table.put('obj', { value: { name: 'Ann', tier: 1 }, timestamp: 1 });
    table.put('arr', { value: [1, 'two', null], timestamp: 2 });
    table.put('num', { value: 42, timestamp: 3 });
    const read = memoizedTableReader(table);
    for (const key of ['obj', 'arr', 'num']) {
      const expected = table.get(key);
      const first = read(key)!;
      if (typeof first.value === 'object') (first.value as Record<string, unknown>)[0] = 'changed';
      expect(read(key)).to.deep.equal(expected);
    }
  });

  it('sees updates and deletes at once (a put stores a new Buffer)', () => {
    const { table } = countingTable(Serdes.Json<{ n: number }>());
    const read = memoizedTableReader(table);
    table.put('u1', { value: { n: 1 }, timestamp: 10 });
    expect(read('u1')).to.deep.equal({ value: { n: 1 }, timestamp: 10 });
    table.put('u1', { value: { n: 2 }, timestamp: 20 });
    expect(read('u1')).to.deep.equal({ value: { n: 2 }, timestamp: 20 });
    table.put('u1', null);
    expect(read('u1')).to.equal(null);
  });

  it('reads a row its store does not cache once per read, as table.get does (LevelDB without a cache)', async () => {
    const inner = await LevelDbKeyValueStore.open({ name: 'users', dir: tmpDir(), cacheMaxBytes: 0 });
    const table = new TimestampedKeyValueStore<string, { n: number }>(inner, Serdes.String(), Serdes.Json());
    table.put('u1', { value: { n: 1 }, timestamp: 5 });
    await inner.flush();
    const read = memoizedTableReader(table);
    const before = inner.storageReads;
    for (let i = 0; i < 3; i++) expect(read('u1')).to.deep.equal({ value: { n: 1 }, timestamp: 5 });
    expect(inner.storageReads - before).to.equal(3);
    await inner.close();
  });

  it('looks ASCII text keys up by their text, and every other key by its bytes, on both stores', async () => {
    const leveldb = await LevelDbKeyValueStore.open({ name: 'users', dir: tmpDir() });
    for (const inner of [new InMemoryKeyValueStore({ name: 'users' }), leveldb]) {
      const byText = new TimestampedKeyValueStore<string, number>(inner, Serdes.String(), Serdes.Json());
      const byNumber = new TimestampedKeyValueStore<number, number>(inner, Serdes.Integer(), Serdes.Json());
      // A key that is its own cache id, one whose UTF-8 bytes are not its characters, and a
      // key serde that does not write text.
      expect([byText.keyId('u1'), byText.keyId('ü1'), byNumber.keyId(7)]).to.deep.equal(['u1', null, null]);
      byText.put('u1', { value: 1, timestamp: 1 });
      byText.put('ü1', { value: 2, timestamp: 2 });
      byNumber.put(7, { value: 3, timestamp: 3 });
      expect(inner.getCachedById!('u1')).to.deep.equal(inner.getCached(Buffer.from('u1')));
      expect(inner.getCachedById!(Buffer.from('ü1').toString('latin1'))).to.deep.equal(inner.getCached(Buffer.from('ü1')));
      const readText = memoizedTableReader(byText);
      const readNumber = memoizedTableReader(byNumber);
      for (let i = 0; i < 2; i++) {
        expect([readText('u1'), readText('ü1'), readNumber(7)]).to.deep.equal([{ value: 1, timestamp: 1 }, { value: 2, timestamp: 2 }, { value: 3, timestamp: 3 }]);
        expect([readText('ü2'), readText('u2'), readNumber(8)]).to.deep.equal([null, null, null]);
      }
      byText.put('u1', { value: 10, timestamp: 4 });
      byText.put('ü1', null);
      expect([readText('u1'), readText('ü1')]).to.deep.equal([{ value: 10, timestamp: 4 }, null]);
    }
    await leveldb.close();
  });

  it('stops remembering once a value cannot be copied exactly, and still reads correctly', () => {
    const { table, counted } = countingTable(Serdes.ByteArray());
    table.put('u1', { value: Buffer.from('abc'), timestamp: 10 });
    const read = memoizedTableReader(table);
    expect(read('u1')!.value.toString()).to.equal('abc');
    table.put('u1', { value: Buffer.from('def'), timestamp: 20 });
    expect(read('u1')).to.deep.equal({ value: Buffer.from('def'), timestamp: 20 });
    expect(counted.decodes).to.equal(2); // each read decoded
  });

  it('copies exactly only primitives and trees of plain data objects and arrays', () => {
    for (const ok of [null, 1, -0, 'x', true, 10n, undefined, { a: [1, { b: null }] }, [], JSON.parse('{"3":1,"a":2}')]) expect(copiesExactly(ok, 0), String(ok)).to.equal(true);
    const accessor = Object.defineProperty({}, 'a', { get: () => 1, enumerable: true });
    const hidden = Object.defineProperty({}, 'a', { value: 1, enumerable: false });
    const protoKey = JSON.parse('{"__proto__": 1}');
    const holey = [1, , 3];
    const tagged = Object.assign([1], { extra: true });
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    const notOk = [new Date(0), Buffer.from('a'), new Map(), Object.freeze({ a: 1 }), Object.create(null), { f: () => 1 }, { [Symbol('s')]: 1 }, accessor, hidden, protoKey, holey, tagged, deep, new (class Point { x = 1 })()];
    notOk.forEach((bad, i) => expect(copiesExactly(bad, 0), `case ${i}`).to.equal(false));
  });
});
