import { expect } from 'chai';
import { applyRecord, applyRecords } from '../../../../core/cluster/metadata/apply.js';
import { EMPTY_IMAGE, partitionOf } from '../../../../core/cluster/metadata/cluster-image.js';
import { encodeImageSnapshot, restoreImageSnapshot } from '../../../../core/cluster/metadata/image-snapshot.js';
import { NO_LEADER_CHANGE, decodeRecords, encodeRecords, type MetadataRecord } from '../../../../core/cluster/metadata/records.js';

const base: MetadataRecord[] = [
  { type: 'RegisterBrokerRecord', brokerId: 1, brokerEpoch: 1, incarnationId: 'i1', endPoints: [], rack: 'r1', fenced: false },
  { type: 'RegisterBrokerRecord', brokerId: 2, brokerEpoch: 1, incarnationId: 'i2', endPoints: [], rack: 'r2', fenced: false },
  { type: 'TopicRecord', name: 'orders', topicId: 'T1' },
  { type: 'PartitionRecord', topicId: 'T1', partitionId: 0, replicas: [1, 2], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 0 },
  { type: 'ConfigRecord', resourceType: 'topic', resourceName: 'orders', name: 'cleanup.policy', value: 'compact' },
];

describe('metadata applyRecord', () => {
  it('builds brokers, topics, partitions and configs from records without touching the old image', () => {
    const image = applyRecords(EMPTY_IMAGE, base);
    expect(image.brokers.get(2)?.rack).to.equal('r2');
    expect(image.topicIdsByName.get('orders')).to.equal('T1');
    expect(partitionOf(image, 'T1', 0)).to.deep.equal({ replicas: [1, 2], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 0 });
    expect(image.configs.get('topic:orders')?.get('cleanup.policy')).to.equal('compact');
    expect(EMPTY_IMAGE.brokers.size).to.equal(0);
  });

  it('a leader change bumps leader and partition epochs; an ISR change only the partition epoch', () => {
    let image = applyRecords(EMPTY_IMAGE, base);
    image = applyRecord(image, { type: 'PartitionChangeRecord', topicId: 'T1', partitionId: 0, leader: NO_LEADER_CHANGE, isr: [1] });
    expect(partitionOf(image, 'T1', 0)).to.deep.include({ isr: [1], leader: 1, leaderEpoch: 0, partitionEpoch: 1 });
    image = applyRecord(image, { type: 'PartitionChangeRecord', topicId: 'T1', partitionId: 0, leader: 2, isr: [2] });
    expect(partitionOf(image, 'T1', 0)).to.deep.include({ isr: [2], leader: 2, leaderEpoch: 1, partitionEpoch: 2 });
  });

  it('fences and unfences a broker of the current epoch', () => {
    let image = applyRecords(EMPTY_IMAGE, base);
    image = applyRecord(image, { type: 'FenceBrokerRecord', id: 2, epoch: 1 });
    expect(image.brokers.get(2)?.fenced).to.equal(true);
    image = applyRecord(image, { type: 'UnfenceBrokerRecord', id: 2, epoch: 1 });
    expect(image.brokers.get(2)?.fenced).to.equal(false);
  });

  it('removing a topic removes its name and its configs', () => {
    const image = applyRecord(applyRecords(EMPTY_IMAGE, base), { type: 'RemoveTopicRecord', topicId: 'T1' });
    expect(image.topicsById.size).to.equal(0);
    expect(image.topicIdsByName.has('orders')).to.equal(false);
    expect(image.configs.has('topic:orders')).to.equal(false);
  });

  it('refuses records that do not fit the image, naming the record and the reason', () => {
    const image = applyRecords(EMPTY_IMAGE, base);
    expect(() => applyRecord(image, { type: 'PartitionRecord', topicId: 'nope', partitionId: 0, replicas: [1], isr: [1], leader: 1, leaderEpoch: 0, partitionEpoch: 0 }))
      .to.throw(/^metadata PartitionRecord .*: unknown topic id$/);
    expect(() => applyRecord(image, { type: 'TopicRecord', name: 'orders', topicId: 'T9' })).to.throw('topic name already exists');
    expect(() => applyRecord(image, { type: 'FenceBrokerRecord', id: 2, epoch: 7 })).to.throw('no such broker registration');
    expect(() => applyRecord(image, { type: 'RegisterBrokerRecord', brokerId: 1, brokerEpoch: 1, incarnationId: 'x', endPoints: [], rack: null, fenced: true }))
      .to.throw('broker epoch must exceed 1');
  });

  it('snapshots as records and restores the same image', () => {
    const image = applyRecord(applyRecords(EMPTY_IMAGE, base), { type: 'PartitionChangeRecord', topicId: 'T1', partitionId: 0, leader: 2 });
    const restored = restoreImageSnapshot(encodeImageSnapshot(image));
    expect(restored).to.deep.equal(image);
    expect(restoreImageSnapshot(new Uint8Array(0))).to.equal(EMPTY_IMAGE);
  });

  it('decodes a batch and rejects garbage with the entry it came from', () => {
    expect(decodeRecords(encodeRecords(base), 'entry 9')).to.deep.equal(base);
    expect(() => decodeRecords(new TextEncoder().encode('{'), 'entry 9')).to.throw('metadata entry 9: not a JSON record batch');
    expect(() => decodeRecords(new TextEncoder().encode('{}'), 'entry 9')).to.throw('must be a JSON array');
    expect(() => decodeRecords(new TextEncoder().encode('[{"type":"Nope"}]'), 'entry 9')).to.throw('entry 9 record 0: unknown record type "Nope"');
    expect(() => decodeRecords(new TextEncoder().encode('[{"type":"TopicRecord","name":"x"}]'), 'entry 9')).to.throw(
      'record 0 (TopicRecord): missing field "topicId"',
    );
    const bad = (json: string) => () => decodeRecords(new TextEncoder().encode(json), 'entry 3');
    expect(bad('[{"type":"FenceBrokerRecord","id":"7","epoch":1}]')).to.throw('entry 3 record 0 (FenceBrokerRecord): field "id" must be an integer, got "7"');
    expect(bad('[{"type":"PartitionChangeRecord","topicId":"T","partitionId":0,"leader":1,"isr":[1,"x"]}]')).to.throw(
      'field "isr" must be an array of integers, got [1,"x"]',
    );
    expect(bad('[{"type":"ConfigRecord","resourceType":"cluster","resourceName":"a","name":"b","value":null}]')).to.throw(
      'field "resourceType" must be "topic" or "broker", got "cluster"',
    );
    expect(bad('[{"type":"toString"}]')).to.throw('unknown record type "toString"');
  });
});
