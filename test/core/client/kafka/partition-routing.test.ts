import { expect } from 'chai';
import { fetchShape, listOffsetsShape, produceShape, splitByLeader, deleteRecordsShape } from '../../../../core/client/kafka/partition-routing.js';
import type { ProduceRequest, ProduceResponse } from '../../../../core/protocol/generated/produce.js';
import type { FetchRequest, FetchResponse } from '../../../../core/protocol/generated/fetch.js';

/** orders-0 and orders-2 on node 1, orders-1 and audit-0 on node 2, audit-1 leaderless, orders-9 unknown. */
const leaders: Record<string, number> = { 'orders-0': 1, 'orders-1': 2, 'orders-2': 1, 'audit-0': 2, 'audit-1': -1 };
const leaderOf = (topic: string, partition: number): number | undefined => leaders[`${topic}-${partition}`];

function produceRequest(parts: Record<string, number[]>): ProduceRequest {
  return {
    transactionalId: null, acks: -1, timeoutMs: 1000,
    topicData: Object.entries(parts).map(([name, ps]) => ({ name, partitionData: ps.map((index) => ({ index, records: Buffer.from(`${name}-${index}`) })) })),
  };
}

function produceAnswer(parts: Record<string, number[]>, errorCode = 0): ProduceResponse {
  return { throttleTimeMs: 0, responses: Object.entries(parts).map(([name, ps]) => ({ name, partitionResponses: ps.map((index) => ({ index, errorCode, baseOffset: BigInt(index * 10) })) })) };
}

function partitionsOf(req: ProduceRequest): string[] {
  const out: string[] = [];
  produceShape.forEachPartition(req, (t, p) => out.push(`${t}-${p}`));
  return out;
}

describe('kafka transport: splitting partitioned requests by leader', () => {
  it('reuses the request object when every partition has the same leader', () => {
    const req = produceRequest({ orders: [0, 2] });
    const split = splitByLeader(produceShape, req, leaderOf);
    expect(split.byNode.get(1)).to.equal(req);
    expect(split.unroutable).to.equal(null);
  });

  it('gives each leader only the partitions it leads, keeping their record bytes', () => {
    const split = splitByLeader(produceShape, produceRequest({ orders: [0, 1, 2], audit: [0] }), leaderOf);
    expect([...split.byNode.keys()].sort()).to.deep.equal([1, 2]);
    expect(partitionsOf(split.byNode.get(1)!)).to.deep.equal(['orders-0', 'orders-2']);
    expect(partitionsOf(split.byNode.get(2)!)).to.deep.equal(['orders-1', 'audit-0']);
    expect(split.byNode.get(2)!.topicData[1].partitionData[0].records?.toString()).to.equal('audit-0');
    expect(split.byNode.get(1)!.acks).to.equal(-1);
  });

  it('sets aside partitions without a usable leader: unknown or being elected', () => {
    const split = splitByLeader(produceShape, produceRequest({ orders: [0, 9], audit: [1] }), leaderOf);
    expect(partitionsOf(split.byNode.get(1)!)).to.deep.equal(['orders-0']);
    expect(partitionsOf(split.unroutable!)).to.deep.equal(['orders-9', 'audit-1']);
  });

  it('splits Fetch by topic name and partition', () => {
    const req: FetchRequest = {
      maxWaitMs: 100, minBytes: 1,
      topics: [{ topic: 'orders', partitions: [0, 1].map((partition) => ({ partition, fetchOffset: 0n, partitionMaxBytes: 10 })) }],
    };
    const split = splitByLeader(fetchShape, req, leaderOf);
    expect(split.byNode.get(1)!.topics[0].partitions.map((p) => p.partition)).to.deep.equal([0]);
    expect(split.byNode.get(2)!.topics[0].partitions.map((p) => p.partition)).to.deep.equal([1]);
    expect(split.byNode.get(2)!.maxWaitMs).to.equal(100);
  });
});

describe('kafka transport: merging partitioned responses', () => {
  it('joins the answers of several leaders, a topic answered by two leaders once', () => {
    const merged = produceShape.merge([produceAnswer({ orders: [0, 2] }), produceAnswer({ orders: [1], audit: [0] })]);
    expect(merged.responses.map((t) => [t.name, t.partitionResponses.map((p) => p.index)])).to.deep.equal([['orders', [0, 2, 1]], ['audit', [0]]]);
  });

  it('keeps per-partition errors per partition', () => {
    const merged = produceShape.merge([produceAnswer({ orders: [0] }), produceAnswer({ orders: [1] }, 6)]);
    const codes: string[] = [];
    produceShape.forEachResult(merged, (t, p, code) => codes.push(`${t}-${p}:${code}`));
    expect(codes).to.deep.equal(['orders-0:0', 'orders-1:6']);
  });

  it('answers partitions that could not be sent with an error for each, in every shape', () => {
    const failed = produceShape.failed(produceRequest({ orders: [3, 4] }), 5, 'no leader');
    expect(failed.responses[0].partitionResponses.map((p) => [p.index, p.errorCode, p.baseOffset, p.errorMessage])).to.deep.equal([[3, 5, -1n, 'no leader'], [4, 5, -1n, 'no leader']]);
    const fetchFailed: FetchResponse = fetchShape.failed({ maxWaitMs: 0, minBytes: 1, topics: [{ topic: 'orders', partitions: [{ partition: 1, fetchOffset: 0n, partitionMaxBytes: 1 }] }] }, 13, '');
    expect(fetchFailed.responses[0].partitions[0]).to.include({ partitionIndex: 1, errorCode: 13, records: null });
    const lo = listOffsetsShape.failed({ replicaId: -1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, timestamp: -1n }] }] }, 3, '');
    expect(lo.topics[0].partitions[0]).to.include({ partitionIndex: 2, errorCode: 3, offset: -1n });
    const dr = deleteRecordsShape.failed({ timeoutMs: 1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, offset: 5n }] }] }, 6, '');
    expect(dr.topics[0].partitions[0]).to.deep.equal({ partitionIndex: 0, lowWatermark: -1n, errorCode: 6 });
  });

  it('drops the partitions being asked again, so their new answers replace them', () => {
    const first = produceAnswer({ orders: [0, 1] }, 0);
    const without = produceShape.without(first, (t, p) => t === 'orders' && p === 1);
    const merged = produceShape.merge([without, produceAnswer({ orders: [1] })]);
    expect(merged.responses[0].partitionResponses.map((p) => p.index)).to.deep.equal([0, 1]);
  });

  it('takes the first top-level Fetch error and the longest throttle', () => {
    const a: FetchResponse = { throttleTimeMs: 5, errorCode: 0, sessionId: 0, responses: [] };
    const b: FetchResponse = { throttleTimeMs: 9, errorCode: 58, sessionId: 0, responses: [] };
    expect(fetchShape.merge([a, b])).to.include({ throttleTimeMs: 9, errorCode: 58 });
  });
});
