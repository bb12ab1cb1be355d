import { expect } from 'chai';
import { Effects, RECORDS_PENDING_MAX } from '../../../core/group/effects.js';
import type { OffsetsTopicRecord } from '../../../core/group/offsets-topic-codec.js';

function rec(i: number, group = 'g'): OffsetsTopicRecord {
  const key = Buffer.alloc(4);
  key.writeUInt32BE(i);
  return { group, key, value: Buffer.from([i & 0xff]) };
}

describe('Effects: the record outbox', () => {
  it('keeps only the latest record per key, moved to the end', () => {
    const effects = new Effects();
    effects.record(rec(1));
    effects.record(rec(2));
    effects.record({ group: 'g', key: rec(1).key, value: null });
    expect(effects.drainRecords().map((r) => [r.key.readUInt32BE(), r.value])).to.deep.equal([[2, Buffer.from([2])], [1, null]]);
    expect(effects.drainRecords()).to.deep.equal([]);
  });

  it('drains only the records of the groups asked for, leaving the rest queued', () => {
    const effects = new Effects();
    effects.record(rec(1, 'a'));
    effects.record(rec(2, 'b'));
    expect(effects.drainRecords(new Set(['b'])).map((r) => r.group)).to.deep.equal(['b']);
    expect(effects.drainRecords().map((r) => r.group)).to.deep.equal(['a']);
  });

  it(`holds at most RECORDS_PENDING_MAX (${RECORDS_PENDING_MAX}) undrained records, dropping and counting the oldest`, () => {
    const effects = new Effects();
    for (let i = 0; i <= RECORDS_PENDING_MAX; i++) effects.record(rec(i));
    expect(effects.recordsDropped).to.equal(1);
    const records = effects.drainRecords();
    expect(records).to.have.length(RECORDS_PENDING_MAX);
    expect(records[0].key.readUInt32BE()).to.equal(1);
  });
});
