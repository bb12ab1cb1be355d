import { expect } from 'chai';
import type { ConsumerRecord } from '../../../../core/client/record-types.js';
import { orderForTasks } from '../../../../core/streams/runtime/record-order.js';

const rec = (topic: string, partition: number, offset: number, timestamp: number): ConsumerRecord => ({
  topic, partition, offset: BigInt(offset), timestamp, timestampType: 'CreateTime', key: null, value: null, headers: [],
});
const show = (rs: ConsumerRecord[]) => rs.map((r) => `${r.topic}${r.partition}@${r.timestamp}`);

describe('orderForTasks (lowest timestamp first across a task\'s partitions)', () => {
  it('interleaves a task\'s co-partitioned inputs by timestamp, keeping offset order within each', () => {
    const batch = [rec('a', 0, 0, 10), rec('a', 0, 1, 50), rec('a', 0, 2, 20), rec('b', 0, 0, 15), rec('b', 0, 1, 40)];
    expect(show(orderForTasks(batch, () => 'task-0_0'))).to.deep.equal(['a0@10', 'b0@15', 'b0@40', 'a0@50', 'a0@20']);
  });

  it('leaves a batch untouched when no task has more than one partition in it', () => {
    const batch = [rec('a', 0, 0, 30), rec('a', 1, 0, 10), rec('a', 0, 1, 20)];
    const taskOf = (r: ConsumerRecord) => `0_${r.partition}`;
    expect(orderForTasks(batch, taskOf)).to.equal(batch);
  });

  it('keeps records no task owns', () => {
    const batch = [rec('x', 0, 0, 5), rec('a', 0, 0, 9), rec('b', 0, 0, 1)];
    const out = orderForTasks(batch, (r) => (r.topic === 'x' ? undefined : 't'));
    expect(show(out)).to.deep.equal(['x0@5', 'b0@1', 'a0@9']);
  });
});
