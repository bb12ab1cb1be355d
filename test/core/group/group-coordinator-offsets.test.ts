import { expect } from 'chai';
import { GroupCoordinator, defaultGroupCoordinatorConfig } from '../../../core/group/group-coordinator.js';
import type { GroupCoordinator as Coordinator, OffsetsTopicRecord } from '../../../core/group/group-coordinator.js';
import { decodeOffsetCommitValue, decodeOffsetsTopicKey } from '../../../core/group/offsets-topic-codec.js';
import type { OffsetCommitResponse } from '../../../core/protocol/generated/offset-commit.js';
import type { OffsetFetchResponseTopic } from '../../../core/protocol/generated/offset-fetch.js';
import { heartbeat, join, rctx, SESSION_MS, setup, stableGroup } from './group-test-helpers.js';

interface Committer {
  generationId: number;
  memberId: string;
}

const ASSIGN_MODE: Committer = { generationId: -1, memberId: '' };

function commit(coord: Coordinator, groupId: string, who: Committer, offsets: [string, number, bigint][], metadata: string | null = 'm'): { response: OffsetCommitResponse; records: OffsetsTopicRecord[] } {
  const topics = [...new Set(offsets.map(([t]) => t))].map((name) => ({
    name,
    partitions: offsets.filter(([t]) => t === name).map(([, partitionIndex, committedOffset]) => ({ partitionIndex, committedOffset, committedLeaderEpoch: 3, committedMetadata: metadata })),
  }));
  return coord.commitOffsets({ groupId, generationIdOrMemberEpoch: who.generationId, memberId: who.memberId, groupInstanceId: null, topics }, rctx(7));
}

function commitErrors(result: { response: OffsetCommitResponse }): number[] {
  return result.response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

function fetch(coord: Coordinator, groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null): OffsetFetchResponseTopic[] {
  return coord.fetchOffsets({ groupId, topics, requireStable: false }, rctx(5)).topics!;
}

function listed(coord: Coordinator, statesFilter: string[] = []): { groupId: string; groupState?: string }[] {
  return coord.listGroups({ statesFilter }, rctx(4)).groups.map((g) => ({ groupId: g.groupId, groupState: g.groupState }));
}

describe('GroupCoordinator: offsets', () => {
  it('accepts a commit with generation -1 and an empty member id for a group nobody joined, and serves it back', () => {
    const { coord } = setup();
    expect(commitErrors(commit(coord, 'g', ASSIGN_MODE, [['t', 0, 42n]]))).to.deep.equal([0]);
    expect(fetch(coord, 'g', [{ name: 't', partitionIndexes: [0] }])).to.deep.equal([
      { name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42n, committedLeaderEpoch: 3, metadata: 'm', errorCode: 0 }] },
    ]);
  });

  it('answers offset -1, metadata "" and no error for a partition without a commit', () => {
    const { coord } = setup();
    expect(fetch(coord, 'nobody', [{ name: 't', partitionIndexes: [5] }])).to.deep.equal([
      { name: 't', partitions: [{ partitionIndex: 5, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
    ]);
  });

  it('stores a null commit metadata as ""', () => {
    const { coord } = setup();
    commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]], null);
    expect(fetch(coord, 'g', [{ name: 't', partitionIndexes: [0] }])[0].partitions![0].metadata).to.equal('');
  });

  it('returns every committed offset, topics sorted, when the topics are null', () => {
    const { coord } = setup();
    commit(coord, 'g', ASSIGN_MODE, [['b', 1, 7n], ['a', 0, 5n], ['b', 0, 6n]]);
    const all = fetch(coord, 'g', null);
    expect(all.map((t) => [t.name, t.partitions!.map((p) => [p.partitionIndex, p.committedOffset])])).to.deep.equal([
      ['a', [[0, 5n]]],
      ['b', [[0, 6n], [1, 7n]]],
    ]);
  });

  it('serves OffsetFetch v8+ for several groups in one request', () => {
    const { coord } = setup();
    commit(coord, 'g1', ASSIGN_MODE, [['t', 0, 1n]]);
    commit(coord, 'g2', ASSIGN_MODE, [['t', 0, 2n]]);
    const res = coord.fetchOffsets({ groups: [{ groupId: 'g1', topics: null }, { groupId: 'g2', topics: [{ name: 't', partitionIndexes: [0] }] }], requireStable: false }, rctx(8));
    expect(res.groups!.map((g) => [g.groupId, g.errorCode, g.topics![0].partitions![0].committedOffset])).to.deep.equal([
      ['g1', 0, 1n],
      ['g2', 0, 2n],
    ]);
  });

  it('returns the records to append to __consumer_offsets with each commit', () => {
    const { coord, clock } = setup();
    const { records } = commit(coord, 'g', ASSIGN_MODE, [['t', 3, 9n]]);
    expect(records).to.have.length(1);
    expect(decodeOffsetsTopicKey(records[0].key)).to.deep.equal({ type: 'offset', group: 'g', topic: 't', partition: 3 });
    expect(decodeOffsetCommitValue(records[0].value!)).to.deep.equal({ offset: 9n, leaderEpoch: 3, metadata: 'm', commitTimestampMs: clock.nowMs(), expireTimestampMs: null });
  });

  it('returns with a commit only its own group\'s records, leaving other groups\' for drainRecords()', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'other', 1); // queues a group metadata record of "other"
    const { records } = commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]]);
    expect(records.map((r) => r.group)).to.deep.equal(['g']);
    expect(coord.drainRecords().map((r) => [r.group, decodeOffsetsTopicKey(r.key).type])).to.deep.equal([['other', 'group']]);
  });

  it('accepts commits from a member of the current generation', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 2);
    expect(commitErrors(commit(coord, 'g', { generationId, memberId: memberIds[1] }, [['t', 0, 1n]]))).to.deep.equal([0]);
  });

  it('rejects a commit from another generation with ILLEGAL_GENERATION', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 1);
    expect(commitErrors(commit(coord, 'g', { generationId: 0, memberId: memberIds[0] }, [['t', 0, 1n]]))).to.deep.equal([22]);
  });

  it('rejects a commit from an unknown member with UNKNOWN_MEMBER_ID', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'g', 1);
    expect(commitErrors(commit(coord, 'g', { generationId: 1, memberId: 'stranger' }, [['t', 0, 1n]]))).to.deep.equal([25]);
  });

  it('rejects a generation -1 commit to a group that has members with UNKNOWN_MEMBER_ID', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'g', 1);
    expect(commitErrors(commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]]))).to.deep.equal([25]);
  });

  it('rejects a commit with a generation for a group it does not know with ILLEGAL_GENERATION', () => {
    const { coord } = setup();
    expect(commitErrors(commit(coord, 'gone', { generationId: 4, memberId: 'm' }, [['t', 0, 1n]]))).to.deep.equal([22]);
  });

  it('rejects commits while members wait for their assignment with REBALANCE_IN_PROGRESS', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 1);
    const rejoin = join(coord, 'g', { memberId: memberIds[0] }).get(); // alone: completes at once
    expect(coord.groupState('g')).to.equal('CompletingRebalance');
    expect(commitErrors(commit(coord, 'g', { generationId: rejoin.generationId, memberId: memberIds[0] }, [['t', 0, 1n]]))).to.deep.equal([27]);
  });

  it('rejects metadata longer than offset.metadata.max.bytes with OFFSET_METADATA_TOO_LARGE', () => {
    const { coord } = setup({ offsetMetadataMaxBytes: 4 });
    expect(commitErrors(commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]], 'abcde'))).to.deep.equal([12]);
  });

  it('keeps committed offsets after every member left, and lists and describes the group as Empty', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 1);
    commit(coord, 'g', { generationId, memberId: memberIds[0] }, [['t', 0, 11n]]);
    coord.leaveGroup({ groupId: 'g', memberId: memberIds[0] }, rctx(1));
    expect(listed(coord)).to.deep.equal([{ groupId: 'g', groupState: 'Empty' }]);
    const described = coord.describeGroups({ groups: ['g'] }, rctx(2)).groups[0];
    expect(described).to.include({ errorCode: 0, groupState: 'Empty', protocolType: 'consumer', protocolData: '' });
    expect(described.members).to.deep.equal([]);
    expect(fetch(coord, 'g', null)[0].partitions![0].committedOffset).to.equal(11n);
  });

  it('forgets a group with no members and no offsets', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 1);
    coord.leaveGroup({ groupId: 'g', memberId: memberIds[0] }, rctx(1));
    expect(listed(coord)).to.deep.equal([]);
    expect(coord.describeGroups({ groups: ['g'] }, rctx(2)).groups[0].groupState).to.equal('Dead');
  });

  it('expires the offsets of an emptied group offsets.retention.ms after it became empty, writing tombstones', () => {
    const retentionMs = 60_000;
    const { clock, coord } = setup({ offsetsRetentionMs: retentionMs, offsetsRetentionCheckIntervalMs: 1_000 });
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 1);
    commit(coord, 'g', { generationId, memberId: memberIds[0] }, [['t', 0, 11n]]);
    coord.leaveGroup({ groupId: 'g', memberId: memberIds[0] }, rctx(1));
    coord.drainRecords();
    clock.advance(retentionMs - 1_000);
    coord.tick();
    expect(fetch(coord, 'g', null)).to.have.length(1);
    clock.advance(1_000);
    coord.tick();
    expect(fetch(coord, 'g', null)).to.deep.equal([]);
    expect(listed(coord)).to.deep.equal([]);
    const records = coord.drainRecords();
    expect(records.map((r) => [decodeOffsetsTopicKey(r.key).type, r.value])).to.deep.equal([['offset', null], ['group', null]]);
  });

  it('keeps the offsets of topics a live consumer group subscribes to past retention', () => {
    const retentionMs = 60_000;
    const { clock, coord } = setup({ offsetsRetentionMs: retentionMs, offsetsRetentionCheckIntervalMs: 1_000 });
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 1, { topics: ['t'] });
    commit(coord, 'g', { generationId, memberId: memberIds[0] }, [['t', 0, 1n], ['old', 0, 2n]]);
    for (let t = 0; t < retentionMs; t += SESSION_MS / 2) {
      clock.advance(SESSION_MS / 2);
      expect(heartbeat(coord, 'g', memberIds[0], generationId)).to.equal(0);
      coord.tick();
    }
    expect(fetch(coord, 'g', null).map((t) => t.name)).to.deep.equal(['t']);
  });
});

describe('GroupCoordinator: restart from __consumer_offsets', () => {
  it('serves the same offsets and lists the group as Empty after replaying the records', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 1);
    const log = [...commit(coord, 'g', { generationId, memberId: memberIds[0] }, [['t', 0, 11n], ['t', 1, 12n]]).records];
    coord.leaveGroup({ groupId: 'g', memberId: memberIds[0] }, rctx(1));
    log.push(...coord.drainRecords());
    log.push(...commit(coord, 'simple', ASSIGN_MODE, [['u', 0, 5n]]).records);

    const restarted = new GroupCoordinator(defaultGroupCoordinatorConfig, clock);
    for (const r of log) restarted.loadRecord(r.key, r.value);
    expect(fetch(restarted, 'g', null)).to.deep.equal(fetch(coord, 'g', null));
    expect(fetch(restarted, 'simple', null)).to.deep.equal(fetch(coord, 'simple', null));
    expect(listed(restarted)).to.deep.equal([{ groupId: 'g', groupState: 'Empty' }, { groupId: 'simple', groupState: 'Empty' }]);
    expect(restarted.describeGroups({ groups: ['g'] }, rctx(2)).groups[0].protocolType).to.equal('consumer');
  });

  it('knows a stable group\'s members and generation after replaying the records', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 2);
    const log = coord.drainRecords();
    const restarted = new GroupCoordinator(defaultGroupCoordinatorConfig, clock);
    for (const r of log) restarted.loadRecord(r.key, r.value);
    expect(restarted.groupState('g')).to.equal('Stable');
    for (const id of memberIds) expect(heartbeat(restarted, 'g', id, generationId)).to.equal(0);
  });

  it('drops a group whose metadata and offsets were tombstoned', () => {
    const { clock, coord } = setup();
    const log = [...commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]]).records];
    log.push(...coord.deleteGroups({ groupsNames: ['g'] }, rctx(1)).records);
    const restarted = new GroupCoordinator(defaultGroupCoordinatorConfig, clock);
    for (const r of log) restarted.loadRecord(r.key, r.value);
    expect(listed(restarted)).to.deep.equal([]);
  });
});

describe('GroupCoordinator: administration', () => {
  it('deletes a group without members together with its offsets, writing tombstones', () => {
    const { coord } = setup();
    commit(coord, 'g', ASSIGN_MODE, [['t', 0, 1n]]);
    const { response, records } = coord.deleteGroups({ groupsNames: ['g'] }, rctx(1));
    expect(response.results).to.deep.equal([{ groupId: 'g', errorCode: 0 }]);
    expect(records.every((r) => r.value === null)).to.equal(true);
    expect(records.map((r) => decodeOffsetsTopicKey(r.key).type)).to.deep.equal(['offset', 'group']);
    expect(fetch(coord, 'g', null)).to.deep.equal([]);
  });

  it('refuses to delete a group with members (NON_EMPTY_GROUP) or an unknown one (GROUP_ID_NOT_FOUND)', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'g', 1);
    const { response } = coord.deleteGroups({ groupsNames: ['g', 'nope'] }, rctx(1));
    expect(response.results.map((r) => r.errorCode)).to.deep.equal([68, 69]);
  });

  it('deletes offsets of topics the group does not subscribe to, and refuses subscribed ones with GROUP_SUBSCRIBED_TO_TOPIC', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId } = stableGroup(clock, coord, 'g', 1, { topics: ['t'] });
    commit(coord, 'g', { generationId, memberId: memberIds[0] }, [['t', 0, 1n], ['other', 0, 2n]]);
    const { response, records } = coord.deleteOffsets({ groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }, { name: 'other', partitions: [{ partitionIndex: 0 }] }] }, rctx(0));
    expect(response.errorCode).to.equal(0);
    expect(response.topics.map((t) => [t.name, t.partitions[0].errorCode])).to.deep.equal([['t', 86], ['other', 0]]);
    expect(records.filter((r) => r.value === null).map((r) => decodeOffsetsTopicKey(r.key))).to.deep.equal([{ type: 'offset', group: 'g', topic: 'other', partition: 0 }]);
    expect(fetch(coord, 'g', null).map((t) => t.name)).to.deep.equal(['t']);
  });

  it('answers OffsetDelete for an unknown group with GROUP_ID_NOT_FOUND', () => {
    const { coord } = setup();
    expect(coord.deleteOffsets({ groupId: 'nope', topics: [] }, rctx(0)).response.errorCode).to.equal(69);
  });

  it('lists groups with their states and filters them by state (ListGroups v4)', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'live', 1);
    commit(coord, 'offsets-only', ASSIGN_MODE, [['t', 0, 1n]]);
    expect(listed(coord)).to.deep.equal([{ groupId: 'live', groupState: 'Stable' }, { groupId: 'offsets-only', groupState: 'Empty' }]);
    expect(listed(coord, ['Stable'])).to.deep.equal([{ groupId: 'live', groupState: 'Stable' }]);
    expect(coord.listGroups({}, rctx(0)).groups.map((g) => [g.groupId, g.protocolType])).to.deep.equal([['live', 'consumer'], ['offsets-only', '']]);
  });

  it('describes a stable group with its protocol and each member\'s metadata and assignment', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 1);
    const described = coord.describeGroups({ groups: ['g'] }, rctx(2)).groups[0];
    expect(described).to.include({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.members.map((m) => [m.memberId, m.clientId, m.clientHost])).to.deep.equal([[memberIds[0], 'c0', '/127.0.0.1']]);
    expect(described.members[0].memberMetadata.length).to.be.greaterThan(0);
    expect(described.members[0].memberAssignment.length).to.be.greaterThan(0);
  });

  it('describes a rebalancing group without metadata, and an unknown group as Dead', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 2);
    join(coord, 'g', { memberId: memberIds[0] });
    const [rebalancing, unknown] = coord.describeGroups({ groups: ['g', 'nope'] }, rctx(2)).groups;
    expect(rebalancing).to.include({ groupState: 'PreparingRebalance', protocolData: '' });
    expect(rebalancing.members.every((m) => m.memberMetadata.length === 0)).to.equal(true);
    expect(unknown).to.include({ errorCode: 0, groupState: 'Dead', protocolType: '' });
  });
});
