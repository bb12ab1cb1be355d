import { expect } from 'chai';
import {
  deleteTopicsRequestForVersion,
  describeConfigsResponseFromVersion,
  fetchRequestForVersion,
  fetchResponseFromVersion,
  findCoordinatorRequestForVersion,
  findCoordinatorResponseFromVersion,
  leaveGroupRequestForVersion,
  leaveGroupResponseFromVersion,
  offsetFetchRequestForVersion,
  offsetFetchResponseFromVersion,
  type TopicIds,
} from '../../../../core/client/kafka/version-shapes.js';
import type { FetchRequest } from '../../../../core/protocol/generated/fetch.js';
import type { OffsetFetchRequest } from '../../../../core/protocol/generated/offset-fetch.js';
import { FjordError } from '../../../../core/errors.js';

const ID = Buffer.alloc(16, 7);
const ids: TopicIds = { idOf: (t) => (t === 'orders' ? ID : undefined), nameOf: (id) => (id.equals(ID) ? 'orders' : undefined) };

const fetchReq: FetchRequest = {
  replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1000, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
  topics: [{ topic: 'orders', topicId: Buffer.alloc(16), partitions: [{ partition: 0, fetchOffset: 5n, partitionMaxBytes: 100 }] }],
  forgottenTopicsData: [], rackId: '',
};

const offsetFetchV8: OffsetFetchRequest = {
  groupId: '', topics: null, requireStable: false,
  groups: [{ groupId: 'g', memberId: null, memberEpoch: -1, topics: [{ name: 'orders', partitionIndexes: [0, 1] }] }],
};

describe('kafka transport: request and response shapes per version', () => {
  describe('Fetch', () => {
    it('keeps topic names below v13', () => {
      expect(fetchRequestForVersion(fetchReq, 12, ids)).to.equal(fetchReq);
    });

    it('names topics by id from metadata at v13+, and puts the names back into the response', () => {
      expect(fetchRequestForVersion(fetchReq, 13, ids).topics[0].topicId).to.deep.equal(ID);
      const res = fetchResponseFromVersion({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topicId: ID, partitions: [] }] }, 13, ids);
      expect(res.responses[0].topic).to.equal('orders');
    });

    it('fails with UNKNOWN_TOPIC_ID when metadata has no id for a topic at v13+', () => {
      const req = { ...fetchReq, topics: [{ ...fetchReq.topics[0], topic: 'other' }] };
      expect(() => fetchRequestForVersion(req, 13, ids)).to.throw(FjordError, /topic id of 'other'/);
    });
  });

  describe('OffsetFetch', () => {
    it('names the one group and its topics at the top level below v8', () => {
      expect(offsetFetchRequestForVersion(offsetFetchV8, 7)).to.deep.equal({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0, 1] }], requireStable: false });
      expect(offsetFetchRequestForVersion(offsetFetchV8, 8)).to.equal(offsetFetchV8);
    });

    it('refuses several groups below v8, and "every topic" (null) below v2', () => {
      const two = { ...offsetFetchV8, groups: [...offsetFetchV8.groups!, { ...offsetFetchV8.groups![0], groupId: 'h' }] };
      expect(() => offsetFetchRequestForVersion(two, 7)).to.throw(FjordError, /exactly one group/);
      const all = { ...offsetFetchV8, groups: [{ ...offsetFetchV8.groups![0], topics: null }] };
      expect(offsetFetchRequestForVersion(all, 2).topics).to.equal(null);
      expect(() => offsetFetchRequestForVersion(all, 1)).to.throw(FjordError, /needs v2\+/);
    });

    it('wraps a v0-7 answer in the groups[] the caller reads, with the top-level error as the group error', () => {
      const res = offsetFetchResponseFromVersion({
        throttleTimeMs: 0, errorCode: 16,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 9n, metadata: null, errorCode: 0 }] }],
      }, 5, offsetFetchV8);
      expect(res.groups).to.deep.equal([{
        groupId: 'g', errorCode: 16,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 9n, committedLeaderEpoch: -1, metadata: null, errorCode: 0 }] }],
      }]);
    });
  });

  describe('FindCoordinator', () => {
    it('asks for one Key below v4 and batches CoordinatorKeys at v4+', () => {
      const req = { keyType: 0, coordinatorKeys: ['g'] };
      expect(findCoordinatorRequestForVersion(req, 3)).to.deep.equal({ key: 'g', keyType: 0 });
      expect(findCoordinatorRequestForVersion(req, 4)).to.equal(req);
      expect(() => findCoordinatorRequestForVersion({ keyType: 0, coordinatorKeys: ['g', 'h'] }, 3)).to.throw(FjordError, /exactly one key/);
    });

    it('turns a v0-3 answer into coordinators[]', () => {
      const res = findCoordinatorResponseFromVersion({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 2, host: 'b2', port: 9093 }, 2, { keyType: 0, coordinatorKeys: ['g'] });
      expect(res.coordinators).to.deep.equal([{ key: 'g', nodeId: 2, host: 'b2', port: 9093, errorCode: 0, errorMessage: null }]);
    });
  });

  describe('LeaveGroup', () => {
    const req = { groupId: 'g', members: [{ memberId: 'm-1', groupInstanceId: null, reason: 'bye' }] };

    it('names the one member at the top level below v3', () => {
      expect(leaveGroupRequestForVersion(req, 2)).to.deep.equal({ groupId: 'g', memberId: 'm-1' });
      expect(leaveGroupRequestForVersion(req, 3)).to.equal(req);
    });

    it('refuses several members or a static member below v3', () => {
      expect(() => leaveGroupRequestForVersion({ groupId: 'g', members: [req.members[0], req.members[0]] }, 1)).to.throw(FjordError, /exactly one member/);
      expect(() => leaveGroupRequestForVersion({ groupId: 'g', members: [{ memberId: '', groupInstanceId: 'i-1' }] }, 1)).to.throw(FjordError, /static member/);
    });

    it('reports the top-level error for the member below v3', () => {
      expect(leaveGroupResponseFromVersion({ throttleTimeMs: 0, errorCode: 25 }, 1, req).members).to.deep.equal([{ memberId: 'm-1', groupInstanceId: null, errorCode: 25 }]);
    });
  });

  it('DeleteTopics below v6 names topics in TopicNames and refuses deletes by id', () => {
    const req = { topics: [{ name: 'a', topicId: Buffer.alloc(16) }, { name: 'b', topicId: Buffer.alloc(16) }], timeoutMs: 100 };
    expect(deleteTopicsRequestForVersion(req, 5)).to.deep.equal({ topicNames: ['a', 'b'], timeoutMs: 100 });
    expect(() => deleteTopicsRequestForVersion({ topics: [{ name: null, topicId: ID }], timeoutMs: 1 }, 5)).to.throw(FjordError, /by name only/);
  });

  it('DescribeConfigs v0 derives ConfigSource from IsDefault', () => {
    const res = describeConfigsResponseFromVersion({
      throttleTimeMs: 0,
      results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't', configs: [
        { name: 'retention.ms', value: '1', readOnly: false, isDefault: false, isSensitive: false },
        { name: 'segment.bytes', value: '2', readOnly: false, isDefault: true, isSensitive: false },
      ] }],
    }, 0);
    expect(res.results[0].configs.map((c) => c.configSource)).to.deep.equal([1, 5]);
  });
});
