import { expect } from 'chai';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../core/group/consumer-protocol.js';
import { FjordError } from '../../../core/errors.js';

/** Bytes from a hex string with spaces and | as separators, for fixtures that read like the schema. */
function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

describe('consumer protocol: ConsumerProtocolSubscription', () => {
  it('encodes version 0 as version, topics, null user data', () => {
    expect(encodeSubscription({ topics: ['t'] }, 0)).to.deep.equal(hex('0000 | 00000001 | 0001 74 | ffffffff'));
  });

  it('encodes version 1 with user data and owned partitions', () => {
    const bytes = encodeSubscription({ topics: ['t'], userData: Buffer.from([1, 2]), ownedPartitions: [{ topic: 't', partitions: [0, 2] }] }, 1);
    expect(bytes).to.deep.equal(hex('0001 | 00000001 0001 74 | 00000002 0102 | 00000001 0001 74 00000002 00000000 00000002'));
  });

  it('encodes version 3 with generation id and rack id', () => {
    const bytes = encodeSubscription({ topics: [], generationId: 5, rackId: 'r' }, 3);
    expect(bytes).to.deep.equal(hex('0003 | 00000000 | ffffffff | 00000000 | 00000005 | 0001 72'));
  });

  it('round-trips every field in version 3', () => {
    const sub = { topics: ['a', 'b'], userData: Buffer.from('x'), ownedPartitions: [{ topic: 'a', partitions: [1] }], generationId: 7, rackId: null };
    expect(decodeSubscription(encodeSubscription(sub, 3))).to.deep.equal({ version: 3, ...sub });
  });

  it('fills the defaults of fields an older version lacks', () => {
    expect(decodeSubscription(hex('0000 | 00000001 | 0001 74 | ffffffff'))).to.deep.equal({
      version: 0, topics: ['t'], userData: null, ownedPartitions: [], generationId: -1, rackId: null,
    });
  });

  it('reads the fields it knows from a newer version and ignores the rest', () => {
    const v3 = encodeSubscription({ topics: ['t'], generationId: 2 }, 3);
    const v9 = Buffer.concat([hex('0009'), v3.subarray(2), hex('deadbeef')]);
    expect(decodeSubscription(v9)).to.include({ version: 9, generationId: 2 });
  });

  it('throws CORRUPT_MESSAGE for truncated bytes', () => {
    expect(() => decodeSubscription(hex('0000 | 00000001 | 0005 74'))).to.throw(FjordError).with.property('code', 'CORRUPT_MESSAGE');
  });

  it('throws CORRUPT_MESSAGE for an array count larger than the bytes left', () => {
    expect(() => decodeSubscription(hex('0000 | 7fffffff'))).to.throw(FjordError).with.property('code', 'CORRUPT_MESSAGE');
  });
});

describe('consumer protocol: ConsumerProtocolAssignment', () => {
  it('encodes version 0 as version, assigned partitions, null user data', () => {
    const bytes = encodeAssignment({ assignedPartitions: [{ topic: 't', partitions: [0, 1] }] }, 0);
    expect(bytes).to.deep.equal(hex('0000 | 00000001 | 0001 74 | 00000002 00000000 00000001 | ffffffff'));
  });

  it('round-trips assignments with user data', () => {
    const a = { assignedPartitions: [{ topic: 'a', partitions: [3] }, { topic: 'b', partitions: [] }], userData: Buffer.from([9]) };
    expect(decodeAssignment(encodeAssignment(a, 1))).to.deep.equal({ version: 1, ...a });
  });

  it('decodes empty bytes (what a member the leader left out gets) as an empty assignment', () => {
    expect(decodeAssignment(Buffer.alloc(0))).to.deep.equal({ version: 0, assignedPartitions: [], userData: null });
  });
});
