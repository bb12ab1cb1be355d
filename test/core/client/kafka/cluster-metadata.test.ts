import { expect } from 'chai';
import { ClusterMetadata, NO_LEADER } from '../../../../core/client/kafka/cluster-metadata.js';
import type { MetadataResponse } from '../../../../core/protocol/generated/metadata.js';

const ID = Buffer.alloc(16, 3);

function metadata(topics: MetadataResponse['topics']): MetadataResponse {
  return {
    brokers: [{ nodeId: 1, host: 'a', port: 9092 }, { nodeId: 2, host: 'b', port: 9093 }],
    controllerId: 2,
    topics,
  };
}

function topic(name: string, leaders: number[], errorCode = 0, topicId = ID): MetadataResponse['topics'][number] {
  return { errorCode, name, topicId, isInternal: false, partitions: leaders.map((leaderId, partitionIndex) => ({ errorCode: 0, partitionIndex, leaderId, replicaNodes: [leaderId], isrNodes: [leaderId] })) };
}

describe('kafka transport: cluster metadata', () => {
  it('learns brokers, controller, leaders and topic ids from a Metadata answer', () => {
    const m = new ClusterMetadata();
    expect(m.hasBrokers).to.equal(false);
    m.absorb(metadata([topic('orders', [1, 2, NO_LEADER])]), 0);
    expect(m.brokerIds()).to.deep.equal([1, 2]);
    expect(m.addressOf(2)).to.deep.equal({ host: 'b', port: 9093 });
    expect(m.controllerId).to.equal(2);
    expect([0, 1, 2, 3].map((p) => m.leaderOf('orders', p))).to.deep.equal([1, 2, NO_LEADER, undefined]);
    expect(m.idOf('orders')).to.deep.equal(ID);
    expect(m.nameOf(ID)).to.equal('orders');
  });

  it('asks for unknown, stale and too old topics only', () => {
    const m = new ClusterMetadata();
    m.absorb(metadata([topic('fresh', [1]), topic('moved', [1])]), 1000);
    m.invalidate('moved');
    expect(m.needingRefresh(['fresh', 'moved', 'new'], 1500, 1000)).to.deep.equal(['moved', 'new']);
    expect(m.needingRefresh(['fresh'], 2000, 1000)).to.deep.equal(['fresh']);
  });

  it('forgets a topic the broker says does not exist, and keeps asking about one still being created', () => {
    const m = new ClusterMetadata();
    m.absorb(metadata([topic('gone', [1])]), 0);
    m.absorb(metadata([topic('gone', [], 3)]), 1);
    expect(m.leaderOf('gone', 0)).to.equal(undefined);
    m.absorb(metadata([topic('creating', [], 5)]), 2);
    expect(m.needingRefresh(['creating'], 3, 10_000)).to.deep.equal(['creating']);
  });

  it('ignores the all-zero topic id of versions without ids', () => {
    const m = new ClusterMetadata();
    m.absorb(metadata([topic('old', [1], 0, Buffer.alloc(16))]), 0);
    expect(m.idOf('old')).to.equal(undefined);
  });
});
