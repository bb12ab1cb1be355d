import { expect } from 'chai';
import type { TopicSchema } from '../../../sql/engine/engine.js';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import { parseRecords } from '../../../sql/testing/case.js';
import { actualRecordJson, topicCodec } from '../../../sql/testing/record-codec.js';
import { stringifyJson } from '../../../sql/types/json.js';
import { BIGINT, DOUBLE, INTEGER, STRING, type Type } from '../../../sql/types/types.js';

/** A schema whose windowed keys are the key bytes followed by 8-byte start and end. */
function schema(keyFormat: string, keyType: Type, valueFormat: string, valueColumns: { name: string; type: Type }[], window?: 'TUMBLING' | 'SESSION'): TopicSchema {
  const base: TopicSchema = {
    sourceName: 'S', sourceType: 'TABLE', keyColumns: [{ name: 'K', type: keyType }], keyFormat: { format: keyFormat },
    valueColumns, valueFormat: { format: valueFormat },
  };
  if (window === undefined) return base;
  return {
    ...base,
    window: { type: window, sizeMs: 1000 },
    joinWindowedKey: (key, w) => {
      const t = Buffer.alloc(16);
      t.writeBigInt64BE(BigInt(w.start), 0);
      t.writeBigInt64BE(BigInt(w.end), 8);
      return Buffer.concat([key ?? Buffer.alloc(0), t]);
    },
    splitWindowedKey: (bytes) => ({
      key: bytes.subarray(0, bytes.length - 16),
      window: { start: Number(bytes.readBigInt64BE(bytes.length - 16)), end: Number(bytes.readBigInt64BE(bytes.length - 8)) },
    }),
  };
}

const record = (json: string) => parseRecords(`{"inputs":[${json}]}`, 'inputs', 'input.json')[0];

describe('encoding case records by the topic layout', () => {
  it('writes KAFKA keys and values as the column types\' bytes and reads them back', () => {
    const codec = topicCodec('t', schema('KAFKA', BIGINT, 'KAFKA', [{ name: 'V', type: DOUBLE }]), createRowSerde);
    const bytes = codec.encode(record('{"topic":"t","key":9007199254740993,"value":1.5,"timestamp":3}'));
    expect(bytes.key!.readBigInt64BE(0)).to.equal(9007199254740993n);
    expect(bytes.value!.readDoubleBE(0)).to.equal(1.5);
    expect(bytes.timestamp).to.equal(3);
    expect(stringifyJson(actualRecordJson(codec.decode(bytes)))).to.equal('{"topic":"t","key":9007199254740993,"value":1.5,"timestamp":3}');
  });

  it('writes JSON values as written, number lexemes included', () => {
    const codec = topicCodec('t', schema('KAFKA', STRING, 'JSON', [{ name: 'A', type: INTEGER }]), createRowSerde);
    const bytes = codec.encode(record('{"topic":"t","key":"k","value":{"A":1.50,"b":[1]}}'));
    expect(bytes.key!.toString()).to.equal('k');
    expect(bytes.value!.toString()).to.equal('{"A":1.50,"b":[1]}');
  });

  it('joins a window into the key and splits it off again, typed by the window kind', () => {
    const codec = topicCodec('t', schema('KAFKA', STRING, 'JSON', [{ name: 'A', type: INTEGER }], 'SESSION'), createRowSerde);
    const bytes = codec.encode(record('{"topic":"t","key":"k","value":{"A":1},"window":{"start":10,"end":20,"type":"session"}}'));
    expect(bytes.key!.length).to.equal(1 + 16);
    const back = codec.decode(bytes);
    expect(back.key).to.equal('k');
    expect(back.window).to.deep.equal({ start: 10, end: 20, type: 'session' });
  });

  it('refuses a windowed input record for an unwindowed topic', () => {
    const codec = topicCodec('t', schema('KAFKA', STRING, 'JSON', [{ name: 'A', type: INTEGER }]), createRowSerde);
    expect(() => codec.encode(record('{"topic":"t","key":"k","value":{},"window":{"start":0,"end":1,"type":"time"}}'))).to.throw("input record for topic 't' has a window, but the topic is not windowed");
  });

  it('treats a topic without a registered source as JSON text', () => {
    const codec = topicCodec('t', null, createRowSerde);
    const bytes = codec.encode(record('{"topic":"t","key":"k","value":{"A":1}}'));
    expect([bytes.key!.toString(), bytes.value!.toString()]).to.deep.equal(['"k"', '{"A":1}']);
    expect(codec.decode({ key: Buffer.from('not json'), value: null, timestamp: 0, headers: [] }).key).to.equal('not json');
  });
});
