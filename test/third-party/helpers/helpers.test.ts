/** The third-party suites' own checks must catch what they claim to: tested here without any client. */
import { expect } from 'chai';
import { parseKcatRecords } from './kcat.js';
import { canonicalHeaders, expectSameRecords, makeRecords, type ReadRecord } from './records.js';

function kcatLine(p: number, o: number, key: Buffer | null, value: Buffer, headers: string): Buffer {
  return Buffer.concat([
    Buffer.from(`R\t${p}\t${o}\t${key === null ? -1 : key.length}\t${value.length}\t${headers}\t`),
    key ?? Buffer.alloc(0), value, Buffer.from('\n'),
  ]);
}

describe('third-party helpers', () => {
  describe('parseKcatRecords', () => {
    it('reads keys and values of any bytes, tabs and newlines included, by their lengths', () => {
      const key = Buffer.from([0x00, 0x0a, 0x09, 0xff]);
      const value = Buffer.from('line\nbreak\tand R\t1\t2');
      const out = Buffer.concat([kcatLine(3, 17, key, value, 'a=1,dup=x,dup=y'), kcatLine(0, 0, null, Buffer.alloc(0), '')]);
      const [first, second] = parseKcatRecords(out);
      expect(first).to.deep.equal({ partition: 3, offset: 17, key, value, headers: [['a', Buffer.from('1')], ['dup', Buffer.from('x')], ['dup', Buffer.from('y')]] });
      expect(second).to.deep.equal({ partition: 0, offset: 0, key: null, value: Buffer.alloc(0), headers: [] });
    });

    it('refuses output out of shape instead of guessing', () => {
      expect(() => parseKcatRecords(Buffer.from('% Reached end of topic\n'))).to.throw(/expected a record/);
    });
  });

  describe('expectSameRecords', () => {
    const sent = makeRecords(200, 'unit');
    const asRead = (partitionOf: (i: number) => number): ReadRecord[] => sent.map((r, i) => ({ ...r, partition: partitionOf(i), offset: i }));
    const byKey = (i: number): number => (i % 97) % 4;

    it('accepts the records read back, per partition in send order', () => {
      expectSameRecords(asRead(byKey), sent);
    });

    it('catches a record whose bytes changed', () => {
      const read = asRead(byKey);
      read[5] = { ...read[5]!, value: Buffer.concat([read[5]!.value, Buffer.from([0])]) };
      expect(() => expectSameRecords(read, sent)).to.throw(/bytes of record/);
    });

    it('catches two records of one partition in the wrong order', () => {
      const read = asRead(() => 0);
      [read[3]!.offset, read[4]!.offset] = [read[4]!.offset, read[3]!.offset];
      expect(() => expectSameRecords(read, sent)).to.throw(/send order/);
    });

    it('catches a key found on two partitions', () => {
      expect(() => expectSameRecords(asRead((i) => i % 2), sent)).to.throw(/on partitions/);
    });

    it('catches a record read twice', () => {
      const read = asRead(byKey);
      read[7] = { ...read[6]!, offset: 1000 };
      expect(() => expectSameRecords(read, sent)).to.throw(/read twice/);
    });
  });

  it('compares headers by name, keeping the order of repeated names (all kafkajs preserves)', () => {
    const h = (k: string, v: string): [string, Buffer] => [k, Buffer.from(v)];
    expect(canonicalHeaders([h('b', '1'), h('a', '1'), h('b', '2')])).to.deep.equal(canonicalHeaders([h('a', '1'), h('b', '1'), h('b', '2')]));
    expect(canonicalHeaders([h('b', '2'), h('b', '1')])).to.not.deep.equal(canonicalHeaders([h('b', '1'), h('b', '2')]));
  });
});
