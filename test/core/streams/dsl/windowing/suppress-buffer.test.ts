import { expect } from 'chai';
import { Serdes } from '../../../../../core/streams/index.js';
import { suppressBufferEntrySerde, type SuppressBufferEntry } from '../../../../../core/streams/dsl/processors/suppress-buffer-entry.js';
import { SuppressBufferIndex } from '../../../../../core/streams/dsl/processors/suppress-buffer-index.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

function drain(index: SuppressBufferIndex<string>): string[] {
  const order: string[] = [];
  for (let next = index.peek(); next !== undefined; next = index.peek()) {
    order.push(`${next.key}@${next.emitAtMs}`);
    index.remove(next.keyBytes);
  }
  return order;
}

describe('streams dsl windowing: suppress buffer', () => {
  it('orders keys by emit time, then by unsigned key bytes', () => {
    const index = new SuppressBufferIndex<string>();
    index.upsert('b', bytes('b'), 20, 1);
    index.upsert('\u00ff', bytes('\u00ff'), 10, 1);
    index.upsert('a', bytes('a'), 20, 1);
    index.upsert('c', bytes('c'), 10, 1);
    expect(drain(index)).to.deep.equal(['c@10', '\u00ff@10', 'a@20', 'b@20']);
  });

  it('keeps an updated key in its place and tracks records and bytes', () => {
    const index = new SuppressBufferIndex<string>();
    index.upsert('a', bytes('a'), 10, 5);
    index.upsert('b', bytes('b'), 15, 7);
    index.upsert('a', bytes('a'), 99, 9);
    expect([index.numRecords, index.sizeBytes]).to.deep.equal([2, 16]);
    expect(index.get(bytes('a'))?.emitAtMs).to.equal(10);
    expect(drain(index)).to.deep.equal(['a@10', 'b@15']);
    expect([index.numRecords, index.sizeBytes]).to.deep.equal([0, 0]);
  });

  it('places a removed and re-added key by its new emit time', () => {
    const index = new SuppressBufferIndex<string>();
    for (let i = 0; i < 200; i++) {
      index.upsert('k', bytes('k'), i, 1);
      index.remove(bytes('k'));
    }
    index.upsert('z', bytes('z'), 50, 1);
    index.upsert('k', bytes('k'), 70, 1);
    expect(drain(index)).to.deep.equal(['z@50', 'k@70']);
  });

  it('round-trips buffer entries, including null values and headers', () => {
    const serde = suppressBufferEntrySerde(Serdes.String());
    const entries: SuppressBufferEntry<string>[] = [
      { emitAtMs: 1234567890123, priorValue: 'old', newValue: 'new', headers: [{ key: 'h', value: Buffer.from([1, 2]) }, { key: 'n', value: null }] },
      { emitAtMs: 0, priorValue: null, newValue: null, headers: [] },
      { emitAtMs: 5, priorValue: null, newValue: '', headers: [] },
    ];
    for (const entry of entries) expect(serde.deserialize('t', serde.serialize('t', entry))).to.deep.equal(entry);
  });

  it('rejects truncated, trailing and unknown-version bytes naming the serde and topic', () => {
    const serde = suppressBufferEntrySerde(Serdes.String());
    const good = serde.serialize('t', { emitAtMs: 5, priorValue: null, newValue: 'v', headers: [] })!;
    expect(() => serde.deserialize('store-x', good.subarray(0, good.length - 2))).to.throw("SuppressBuffer<String> serde on topic 'store-x': truncated buffer entry: needed 4 bytes at offset 15, have 2");
    expect(() => serde.deserialize('store-x', Buffer.concat([good, Buffer.from([0])]))).to.throw("SuppressBuffer<String> serde on topic 'store-x': 1 trailing bytes after the buffer entry");
    expect(() => serde.deserialize('store-x', Buffer.from([9, 0]))).to.throw("SuppressBuffer<String> serde on topic 'store-x': unknown buffer entry version 9, expected 1");
  });
});
