import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  GroupMetadataValue,
} from '../../../core/group/offsets-topic-codec.js';

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

describe('offsets topic codec: keys', () => {
  it('encodes an offset commit key as version 1, group, topic, partition', () => {
    expect(encodeOffsetCommitKey('g', 't', 1)).to.deep.equal(hex('0001 | 0001 67 | 0001 74 | 00000001'));
  });

  it('encodes a group metadata key as version 2, group', () => {
    expect(encodeGroupMetadataKey('g')).to.deep.equal(hex('0002 | 0001 67'));
  });

  it('decodes offset commit keys of versions 0 and 1 and group keys of version 2', () => {
    expect(decodeOffsetsTopicKey(hex('0000 | 0001 67 | 0001 74 | 00000003'))).to.deep.equal({ type: 'offset', group: 'g', topic: 't', partition: 3 });
    expect(decodeOffsetsTopicKey(encodeOffsetCommitKey('g', 't', 1))).to.deep.equal({ type: 'offset', group: 'g', topic: 't', partition: 1 });
    expect(decodeOffsetsTopicKey(encodeGroupMetadataKey('grp'))).to.deep.equal({ type: 'group', group: 'grp' });
  });

  it('reports key versions it does not know instead of failing', () => {
    expect(decodeOffsetsTopicKey(hex('0005 | 0001 67'))).to.deep.equal({ type: 'unknown', version: 5 });
  });

  it('throws CORRUPT_MESSAGE naming the version for a truncated key', () => {
    expect(() => decodeOffsetsTopicKey(hex('0001 | 0001 67 | 0009 74'))).to.throw(FjordError, /version 1/).with.property('code', 'CORRUPT_MESSAGE');
  });
});

describe('offsets topic codec: offset commit values', () => {
  it('encodes version 3: offset, leader epoch, metadata, commit timestamp', () => {
    const bytes = encodeOffsetCommitValue({ offset: 5n, leaderEpoch: 2, metadata: 'm', commitTimestampMs: 1000, expireTimestampMs: null });
    expect(bytes).to.deep.equal(hex('0003 | 0000000000000005 | 00000002 | 0001 6d | 00000000000003e8'));
  });

  it('encodes version 1 when the commit carries its own expiry', () => {
    const bytes = encodeOffsetCommitValue({ offset: 5n, leaderEpoch: 2, metadata: '', commitTimestampMs: 1000, expireTimestampMs: 2000 });
    expect(bytes).to.deep.equal(hex('0001 | 0000000000000005 | 0000 | 00000000000003e8 | 00000000000007d0'));
  });

  it('decodes versions 0, 1, 2 and 3', () => {
    const base = { offset: 5n, metadata: 'm', commitTimestampMs: 1000 };
    expect(decodeOffsetCommitValue(hex('0000 | 0000000000000005 | 0001 6d | 00000000000003e8'))).to.deep.equal({ ...base, leaderEpoch: -1, expireTimestampMs: null });
    expect(decodeOffsetCommitValue(hex('0001 | 0000000000000005 | 0001 6d | 00000000000003e8 | 00000000000007d0'))).to.deep.equal({ ...base, leaderEpoch: -1, expireTimestampMs: 2000 });
    expect(decodeOffsetCommitValue(hex('0002 | 0000000000000005 | 0001 6d | 00000000000003e8'))).to.deep.equal({ ...base, leaderEpoch: -1, expireTimestampMs: null });
    expect(decodeOffsetCommitValue(hex('0003 | 0000000000000005 | 00000007 | 0001 6d | 00000000000003e8'))).to.deep.equal({ ...base, leaderEpoch: 7, expireTimestampMs: null });
  });

  it('throws CORRUPT_MESSAGE naming the version for a truncated or unknown value', () => {
    expect(() => decodeOffsetCommitValue(hex('0003 | 00000000'))).to.throw(FjordError, /version 3/).with.property('code', 'CORRUPT_MESSAGE');
    expect(() => decodeOffsetCommitValue(hex('0009 | 00000000'))).to.throw(FjordError, /version 9/).with.property('code', 'CORRUPT_MESSAGE');
  });
});

describe('offsets topic codec: group metadata values', () => {
  const value: GroupMetadataValue = {
    protocolType: 'consumer',
    generation: 4,
    protocol: 'range',
    leader: 'm-1',
    currentStateTimestampMs: 123456,
    members: [
      { memberId: 'm-1', groupInstanceId: 'i-1', clientId: 'c', clientHost: '/h', rebalanceTimeoutMs: 30000, sessionTimeoutMs: 10000, subscription: Buffer.from([1]), assignment: Buffer.from([2, 3]) },
    ],
  };

  it('round-trips version 3', () => {
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(value))).to.deep.equal(value);
  });

  it('encodes version 3 in the schema\'s field order', () => {
    const empty = encodeGroupMetadataValue({ protocolType: 'consumer', generation: 1, protocol: null, leader: null, currentStateTimestampMs: 5, members: [] });
    expect(empty).to.deep.equal(hex('0003 | 0008 636f6e73756d6572 | 00000001 | ffff | ffff | 0000000000000005 | 00000000'));
  });

  it('decodes version 0, whose members have no rebalance timeout (it was the session timeout)', () => {
    const v0 = hex('0000 | 0001 78 | 00000002 | 0001 72 | 0001 6c | 00000001 | 0001 6c | 0001 63 | 0001 68 | 00002710 | 00000000 | 00000000');
    expect(decodeGroupMetadataValue(v0)).to.deep.equal({
      protocolType: 'x', generation: 2, protocol: 'r', leader: 'l', currentStateTimestampMs: -1,
      members: [{ memberId: 'l', groupInstanceId: null, clientId: 'c', clientHost: 'h', rebalanceTimeoutMs: 10000, sessionTimeoutMs: 10000, subscription: Buffer.alloc(0), assignment: Buffer.alloc(0) }],
    });
  });

  it('throws CORRUPT_MESSAGE naming the version for a truncated value', () => {
    const bytes = encodeGroupMetadataValue(value);
    expect(() => decodeGroupMetadataValue(bytes.subarray(0, bytes.length - 1))).to.throw(FjordError, /version 3/).with.property('code', 'CORRUPT_MESSAGE');
  });
});
