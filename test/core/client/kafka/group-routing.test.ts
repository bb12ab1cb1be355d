import { expect } from 'chai';
import { groupedShape, mergeListGroups, offsetCommitGroupError } from '../../../../core/client/kafka/group-routing.js';

describe('kafka transport: routing group requests', () => {
  it('counts an OffsetCommit as not done only when every partition says the coordinator moved', () => {
    const all16 = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 16 }, { partitionIndex: 1, errorCode: 16 }] }] };
    expect(offsetCommitGroupError(all16)).to.equal(16);
    const mixed = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 16 }, { partitionIndex: 1, errorCode: 0 }] }] };
    expect(offsetCommitGroupError(mixed)).to.equal(0);
    const other = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 22 }] }] };
    expect(offsetCommitGroupError(other)).to.equal(0);
  });

  it('narrows DescribeGroups to the groups one coordinator leads and merges the answers', () => {
    const shape = groupedShape('DescribeGroups');
    const req = { groups: ['a', 'b', 'c'], includeAuthorizedOperations: false };
    expect(shape.subset(req, new Set(['a', 'c']))?.groups).to.deep.equal(['a', 'c']);
    expect(shape.subset(req, new Set(['z']))).to.equal(null);
    const group = (groupId: string, errorCode = 0) => ({ errorCode, groupId, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range', members: [] });
    const merged = shape.merge([{ throttleTimeMs: 1, groups: [group('a')] }, { throttleTimeMs: 3, groups: [group('b', 16)] }]);
    expect(merged.groups.map((g) => g.groupId)).to.deep.equal(['a', 'b']);
    expect(merged.throttleTimeMs).to.equal(3);
    const errors: string[] = [];
    shape.forEachGroupError(merged, req, (g, code) => errors.push(`${g}:${code}`));
    expect(errors).to.deep.equal(['a:0', 'b:16']);
    expect(shape.without(merged, req, new Set(['b']))?.groups.map((g) => g.groupId)).to.deep.equal(['a']);
  });

  it('routes single-group APIs whole, by groupId', () => {
    const shape = groupedShape('Heartbeat');
    const req = { groupId: 'g', generationId: 1, memberId: 'm' };
    expect(shape.groupIds(req)).to.deep.equal(['g']);
    expect(shape.subset(req, new Set(['g']))).to.equal(req);
    expect(shape.without({ errorCode: 16 }, req, new Set(['g']))).to.equal(null);
  });

  it('splits DeleteGroups and OffsetFetch v8 by group', () => {
    expect(groupedShape('DeleteGroups').subset({ groupsNames: ['a', 'b'] }, new Set(['b']))).to.deep.equal({ groupsNames: ['b'] });
    const of = groupedShape('OffsetFetch');
    const req = { requireStable: false, groups: [{ groupId: 'a', topics: null }, { groupId: 'b', topics: null }] };
    expect(of.groupIds(req)).to.deep.equal(['a', 'b']);
    expect(of.subset(req, new Set(['a']))?.groups?.map((g) => g.groupId)).to.deep.equal(['a']);
  });

  it('lists each group once across brokers and keeps the first error', () => {
    const merged = mergeListGroups([
      { errorCode: 0, groups: [{ groupId: 'a', protocolType: 'consumer', groupState: 'Stable' }] },
      { errorCode: 15, groups: [{ groupId: 'a', protocolType: 'consumer' }, { groupId: 'b', protocolType: 'consumer', groupState: 'Empty' }] },
    ]);
    expect(merged.groups.map((g) => g.groupId)).to.deep.equal(['a', 'b']);
    expect(merged.errorCode).to.equal(15);
  });
});
