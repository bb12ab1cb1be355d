import { expect } from 'chai';
import { Fjord } from '../../core/client/fjord.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';
import { errorCode } from '../../core/protocol/error-codes.js';
import { encodeRecordBatch } from '../../core/protocol/record-batch.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { InProcessCluster } from './in-process-cluster.js';

async function readAll(fjord: Fjord, topic: string, partitions: number, count: number): Promise<ConsumerRecord[]> {
  const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
  consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
  await consumer.seekToBeginning();
  const got: ConsumerRecord[] = [];
  const endMs = Date.now() + 30000;
  while (got.length < count && Date.now() < endMs) got.push(...(await consumer.poll(500)));
  await consumer.close();
  return got;
}

describe('replicated cluster (three combined brokers in one process)', function () {
  this.timeout(90000);
  let cluster: InProcessCluster;
  let fjord: Fjord;

  before(async () => {
    cluster = await InProcessCluster.start(3);
    fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
  });

  after(async () => {
    await fjord?.close();
    await cluster?.stop();
  });

  it('answers Metadata from the cluster image: every broker, the controller, leaders, replicas and ISR', async () => {
    await fjord.admin().createTopics([{ topic: 'orders', numPartitions: 3, replicationFactor: 3 }]);
    const described = await fjord.admin().describeTopics(['orders']);
    const partitions = (described[0] as unknown as { partitions: { leader: number; replicas: number[]; isr: number[] }[] }).partitions;
    expect(partitions).to.have.length(3);
    for (const p of partitions) {
      expect([...p.replicas].sort()).to.deep.equal([1, 2, 3]);
      expect([...p.isr].sort()).to.deep.equal([1, 2, 3]);
    }
    expect(new Set(partitions.map((p) => p.leader)).size).to.equal(3); // round-robin leaders
  });

  it('sends every member of a group to one coordinator, whichever broker it bootstraps from', async () => {
    const [a, b] = [...cluster.members.values()];
    const viaA = await Fjord.connect({ bootstrap: a!.bootstrap });
    const viaB = await Fjord.connect({ bootstrap: b!.bootstrap });
    const consumers = [viaA, viaB].map((f) => f.consumer({ groupId: 'spread', autoOffsetReset: 'earliest' }));
    try {
      for (const c of consumers) c.subscribe(['orders']);
      await waitFor('both members to share the three partitions', async () => {
        await Promise.all(consumers.map((c) => c.poll(200)));
        const [x, y] = consumers.map((c) => c.assignment().map((tp) => tp.partition));
        return x!.length > 0 && y!.length > 0 && new Set([...x!, ...y!]).size === 3 && x!.length + y!.length === 3;
      }, 45000);
    } finally {
      for (const c of consumers) await c.close();
      await viaA.close();
      await viaB.close();
    }
  });

  it('acknowledges acks=all writes once every replica has them, and consumers read them all', async () => {
    await fjord.admin().createTopics([{ topic: 'acked', numPartitions: 2, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    const sent = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic: 'acked', key: `k${i}`, value: `v${i}` })));
    await producer.close();
    // acks=all: each acknowledged offset is on every ISR member's log at the time of the answer.
    for (const m of cluster.members.values()) {
      for (const p of [0, 1]) {
        const last = sent.filter((s) => s.partition === p).reduce((max, s) => (s.offset > max ? s.offset : max), -1n);
        expect(m.broker.partitionLog('acked', p)!.logEndOffset > last, `broker ${m.id} holds acked-${p} up to ${last}`).to.equal(true);
      }
    }
    const got = await readAll(fjord, 'acked', 2, 200);
    expect(got.map((r) => r.value!.toString()).sort()).to.deep.equal(Array.from({ length: 200 }, (_, i) => `v${i}`).sort());
  });

  it('alters topic configs through the controller, so every broker applies them', async () => {
    await fjord.admin().createTopics([{ topic: 'tuned', numPartitions: 1, replicationFactor: 3 }]);
    await fjord.admin().alterTopicConfig('tuned', { 'min.insync.replicas': '2', 'retention.ms': '3600000' });
    await waitFor('every broker to apply the new configs', () => [...cluster.members.values()].every((m) => m.broker.partitionLog('tuned', 0)?.config.minInsyncReplicas === 2));
    const described = await fjord.admin().describeTopicConfig('tuned');
    expect(described.find((e) => e.name === 'retention.ms')?.value).to.equal('3600000');
    await fjord.admin().alterTopicConfig('tuned', { 'min.insync.replicas': null });
    await waitFor('every broker to drop the override', () => [...cluster.members.values()].every((m) => m.broker.topics.get('tuned')?.configs['min.insync.replicas'] === undefined));
  });

  it('adds partitions through the controller, placed over the brokers with the topic\'s replication factor', async () => {
    await fjord.admin().createTopics([{ topic: 'growing', numPartitions: 1, replicationFactor: 2 }]);
    await fjord.admin().createPartitions('growing', 3);
    const [described] = await fjord.admin().describeTopics(['growing']);
    expect(described!.partitions.map((p) => p.replicas.length)).to.deep.equal([2, 2, 2]);
    await waitFor('every replica to open its log', () => described!.partitions.every((p) => p.replicas.every((id) => cluster.members.get(id)?.broker.partitionLog('growing', p.partition) !== undefined)));
    const err = await fjord.admin().createPartitions('growing', 2).catch((e: Error) => e);
    expect(String(err)).to.match(/INVALID_PARTITIONS/);
  });

  it('deletes a topic on every broker through the controller, and a re-created one starts empty', async () => {
    await fjord.admin().createTopics([{ topic: 'doomed', numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 5; i++) await producer.send({ topic: 'doomed', value: `old${i}` });
    await fjord.admin().deleteTopics(['doomed']);
    await waitFor('every broker to drop its logs', () => [...cluster.members.values()].every((m) => m.broker.partitionLog('doomed', 0) === undefined));
    expect(await fjord.admin().listTopics()).to.not.include('doomed');
    await fjord.admin().createTopics([{ topic: 'doomed', numPartitions: 1, replicationFactor: 3 }]);
    await producer.send({ topic: 'doomed', value: 'new' });
    await producer.close();
    const got = await readAll(fjord, 'doomed', 1, 1);
    expect(got.map((r) => r.value!.toString())).to.deep.equal(['new']);
    for (const m of cluster.members.values()) {
      await waitFor(`broker ${m.id} to hold the new record only`, () => m.broker.partitionLog('doomed', 0)?.logEndOffset === 1n);
    }
  });

  it('gives idempotent producers cluster-unique ids, whichever broker they ask', async () => {
    const ids: bigint[] = [];
    for (const m of cluster.members.values()) {
      for (let i = 0; i < 3; i++) {
        const res = await m.broker.handle('InitProducerId', { transactionalId: null, transactionTimeoutMs: -1, producerId: -1n, producerEpoch: -1 }, { apiVersion: 4, clientId: 'test', clientHost: '' });
        expect(res!.errorCode).to.equal(0);
        ids.push(res!.producerId);
      }
    }
    // Two producers with one id would see each other's batches as duplicates and lose records.
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('moves leadership to an in-sync replica when the leader stops, keeping every acknowledged record', async () => {
    await fjord.admin().createTopics([{ topic: 'failover', numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'failover', value: `before-${i}` });
    const old = cluster.leaderOf('failover', 0);
    await cluster.stopMember(old);
    const survivor = [...cluster.members.values()][0]!;
    const next = await waitFor('a new leader', () => { const l = cluster.leaderOf('failover', 0, survivor); return l >= 0 && l !== old ? l : undefined; });
    expect(cluster.isrOf('failover', 0, survivor)).to.not.include(old);
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'failover', value: `after-${i}` });
    await producer.close();
    const got = await readAll(fjord, 'failover', 1, 100);
    expect(got.map((r) => r.value!.toString())).to.deep.equal([...Array.from({ length: 50 }, (_, i) => `before-${i}`), ...Array.from({ length: 50 }, (_, i) => `after-${i}`)]);
    expect(next).to.not.equal(old);
    await cluster.startMember(old);
    await cluster.waitUnfenced();
    await waitFor('the returning broker to rejoin the ISR', () => cluster.isrOf('failover', 0).length === 3, 30000);
  });

  it('loses no acknowledged record while every broker restarts in turn under load', async () => {
    await fjord.admin().createTopics([{ topic: 'rolling', numPartitions: 3, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false, lingerMs: 0 });
    const acked = new Set<string>();
    let stop = false;
    let seq = 0;
    const load = (async () => {
      while (!stop) {
        const value = `r${seq++}`;
        await producer.send({ topic: 'rolling', key: value, value }).then(() => acked.add(value), () => {});
      }
    })();
    for (const id of [1, 2, 3]) {
      await cluster.stopMember(id);
      await cluster.startMember(id);
      await cluster.waitUnfenced();
      await waitFor(`broker ${id} back in every ISR`, () => [0, 1, 2].every((p) => cluster.isrOf('rolling', p).length === 3), 30000);
    }
    stop = true;
    await load;
    await producer.close();
    expect(acked.size).to.be.greaterThan(10);
    const got = new Set((await readAll(fjord, 'rolling', 3, acked.size)).map((r) => r.value!.toString()));
    expect([...acked].filter((v) => !got.has(v))).to.deep.equal([]);
  });

  it('reassigns a partition: the added replica catches up and joins the ISR before the old one is dropped', async () => {
    await fjord.admin().createTopics([{ topic: 'moving', numPartitions: 1, replicationFactor: 1 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 30; i++) await producer.send({ topic: 'moving', value: `m${i}` });
    const from = cluster.leaderOf('moving', 0);
    const to = [...cluster.members.keys()].find((id) => id !== from)!;
    const client = [...cluster.members.values()][0]!.cluster.client;
    type State = { leader: number; replicas: number[]; isr: number[] };
    await client.call<State>('reassignPartition', { topic: 'moving', partition: 0, replicas: [from, to] }, 20000);
    const refused = await client.call('reassignPartition', { topic: 'moving', partition: 0, replicas: [to] }, 20000).catch((e: Error) => e);
    if (refused instanceof Error) expect(refused.message).to.match(/add the new replicas first/); // unless it caught up already
    await waitFor('the new replica in the ISR', async () => (await client.call<State>('reassignPartition', { topic: 'moving', partition: 0, replicas: [from, to] }, 20000)).isr.includes(to));
    const done = await client.call<State>('reassignPartition', { topic: 'moving', partition: 0, replicas: [to] }, 20000);
    expect(done).to.deep.include({ leader: to, replicas: [to], isr: [to] });
    for (let i = 30; i < 40; i++) await producer.send({ topic: 'moving', value: `m${i}` });
    await producer.close();
    const got = await readAll(fjord, 'moving', 1, 40);
    expect(got.map((r) => r.value!.toString())).to.deep.equal(Array.from({ length: 40 }, (_, i) => `m${i}`));
  });

  it('refuses acks=all with NOT_ENOUGH_REPLICAS while the ISR is smaller than min.insync.replicas', async () => {
    await fjord.admin().createTopics([{ topic: 'strict', numPartitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '3' } }]);
    const leader = cluster.leaderOf('strict', 0);
    const victim = [...cluster.members.keys()].find((id) => id !== leader)!;
    await cluster.stopMember(victim);
    await waitFor('the ISR to shrink', () => cluster.isrOf('strict', 0).length === 2);
    const m = cluster.members.get(leader)!;
    const res = await m.broker.handle('Produce', {
      transactionalId: null, acks: -1, timeoutMs: 5000,
      topicData: [{ name: 'strict', partitionData: [{ index: 0, records: await oneBatch() }] }],
    }, { apiVersion: 9, clientId: 'test', clientHost: '' });
    expect(res!.responses[0]!.partitionResponses[0]!.errorCode).to.equal(errorCode('NOT_ENOUGH_REPLICAS'));
    await cluster.startMember(victim);
    await cluster.waitUnfenced();
  });
});

/** One record batch as a producer would send it. */
function oneBatch(): Promise<Buffer> {
  return encodeRecordBatch([{ value: Buffer.from('x') }], { nowMs: Date.now() });
}
