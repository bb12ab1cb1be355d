import { expect } from 'chai';
import type { Consumer } from '../../../core/client/consumer.js';
import type { ConsumerConfig } from '../../../core/client/consumer-config.js';
import { Fjord } from '../../../core/client/fjord.js';
import type { TopicPartition } from '../../../core/client/record-types.js';
import { pollUntil } from '../../helpers/embedded.js';
import { clientTransports } from '../../helpers/transports.js';

const FAST: Partial<ConsumerConfig> = { sessionTimeoutMs: 1500, heartbeatIntervalMs: 100, fetchMaxWaitMs: 100, autoOffsetReset: 'earliest' };

function keyOf(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/**
 * Runs each consumer's own poll loop (as separate applications would) until each has an
 * assignment and together they cover `total` partitions exactly once.
 */
async function settle(consumers: Consumer[], total: number, timeoutMs = 15000): Promise<string[][]> {
  const deadline = Date.now() + timeoutMs;
  const sets = () => consumers.map((c) => c.assignment().map(keyOf).sort());
  const settled = () => {
    const all = sets().flat();
    return all.length === total && new Set(all).size === total && sets().every((s) => s.length > 0);
  };
  await Promise.all(consumers.map(async (c) => {
    while (!settled() && Date.now() < deadline) await c.poll(50);
  }));
  return sets();
}

for (const transport of clientTransports) describe(`consumer groups (${transport.name} transport)`, function () {
  this.timeout(30000);
  let fjord: Fjord;
  let dataDir: string;

  beforeEach(async () => {
    ({ fjord, dataDir } = await transport.open());
    await fjord.admin().createTopics([{ topic: 'events', numPartitions: 4 }]);
  });
  afterEach(async () => {
    await fjord.close();
  });

  for (const strategy of ['range', 'roundrobin', 'cooperative-sticky'] as const) {
    it(`splits 4 partitions between two, then three members without overlap or gap (${strategy})`, async () => {
      const config = { ...FAST, groupId: `g-${strategy}`, partitionAssignmentStrategy: [strategy] };
      const a = fjord.consumer({ ...config, clientId: 'a' });
      const b = fjord.consumer({ ...config, clientId: 'b' });
      a.subscribe(['events']);
      b.subscribe(['events']);
      const two = await settle([a, b], 4);
      expect(two.flat().sort()).to.deep.equal(['events-0', 'events-1', 'events-2', 'events-3']);
      expect(two.map((s) => s.length).sort()).to.deep.equal([2, 2]);
      const c = fjord.consumer({ ...config, clientId: 'c' });
      c.subscribe(['events']);
      const three = await settle([a, b, c], 4);
      expect(three.flat().sort()).to.deep.equal(['events-0', 'events-1', 'events-2', 'events-3']);
      expect(three.map((s) => s.length).sort()).to.deep.equal([1, 1, 2]);
      await Promise.all([a.close(), b.close(), c.close()]);
    });
  }

  it('evicts a member that stops heartbeating and gives its partitions to the others', async () => {
    const config = { ...FAST, groupId: 'g-evict' };
    const a = fjord.consumer({ ...config, clientId: 'a' });
    const b = fjord.consumer({ ...config, clientId: 'b' });
    a.subscribe(['events']);
    b.subscribe(['events']);
    await settle([a, b], 4);
    // b vanishes without leaving (as a crashed process would): its heartbeats stop.
    (b as unknown as { member: { stop(): void } }).member.stop();
    const deadline = Date.now() + 10000;
    while (a.assignment().length < 4 && Date.now() < deadline) await a.poll(100);
    expect(a.assignment().map(keyOf).sort()).to.deep.equal(['events-0', 'events-1', 'events-2', 'events-3']);
    await a.close();
  });

  it('calls the rebalance listener with revoked and assigned partitions', async () => {
    const events: string[] = [];
    const a = fjord.consumer({ ...FAST, groupId: 'g-listen', partitionAssignmentStrategy: ['range'] });
    a.subscribe(['events'], {
      onPartitionsAssigned: (tps) => void events.push(`assigned ${tps.map(keyOf).sort().join(',')}`),
      onPartitionsRevoked: (tps) => void events.push(`revoked ${tps.map(keyOf).sort().join(',')}`),
    });
    await settle([a], 4);
    expect(events).to.deep.equal(['assigned events-0,events-1,events-2,events-3']);
    await a.close();
    expect(events[1]).to.equal('revoked events-0,events-1,events-2,events-3');
  });

  it('resumes from committed offsets after every member restarts', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 40 }, (_, i) => producer.send({ topic: 'events', key: `k${i}`, value: `v${i}` })));
    const first = fjord.consumer({ ...FAST, groupId: 'g-resume', enableAutoCommit: false });
    first.subscribe(['events']);
    const seen = await pollUntil(() => first.poll(100), 40);
    expect(seen).to.have.length(40);
    await first.commitSync();
    await first.close();
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: 'events', key: `n${i}`, value: `new${i}` })));
    const second = fjord.consumer({ ...FAST, groupId: 'g-resume' });
    second.subscribe(['events']);
    const next = await pollUntil(() => second.poll(100), 10, 5000);
    expect(next.map((r) => r.value?.toString()).sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `new${i}`).sort());
    await second.close();
  });

  it('resumes from the committed offsets after the broker itself restarts', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic: 'events', key: `k${i}`, value: `v${i}` })));
    const first = fjord.consumer({ ...FAST, groupId: 'g-restart', enableAutoCommit: false });
    first.subscribe(['events']);
    expect(await pollUntil(() => first.poll(100), 20)).to.have.length(20);
    await first.commitSync();
    await first.close();
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    const listed = await fjord.admin().listGroups();
    expect(listed.find((g) => g.groupId === 'g-restart')?.state).to.equal('Empty');
    await fjord.producer().send({ topic: 'events', key: 'after', value: 'after-restart' });
    const second = fjord.consumer({ ...FAST, groupId: 'g-restart' });
    second.subscribe(['events']);
    const next = await pollUntil(() => second.poll(100), 1, 5000);
    await second.poll(300);
    expect(next.map((r) => r.value?.toString())).to.deep.equal(['after-restart']);
    await second.close();
  });

  it('forgets members of a process that died without leaving, so the restarted group is Empty and resettable', async () => {
    const c = fjord.consumer({ ...FAST, groupId: 'g-dead', sessionTimeoutMs: 60000 });
    c.subscribe(['events']);
    await settle([c], 4);
    await c.commitSync([{ topic: 'events', partition: 0, offset: 0n }]);
    (c as unknown as { member: { stop(): void } }).member.stop(); // the process "dies": no leave
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    const admin = fjord.admin();
    expect((await admin.describeGroup('g-dead')).state).to.equal('Empty');
    const reset = await admin.resetGroupOffsets('g-dead', { to: 'latest' });
    expect(reset.map((o) => o.partition)).to.deep.equal([0]);
  });

  it('auto-commits the positions of returned records every autoCommitIntervalMs', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 12 }, (_, i) => producer.send({ topic: 'events', partition: i % 4, value: `v${i}` })));
    const c = fjord.consumer({ ...FAST, groupId: 'g-auto', autoCommitIntervalMs: 100 });
    c.subscribe(['events']);
    expect(await pollUntil(() => c.poll(50), 12)).to.have.length(12);
    const deadline = Date.now() + 5000;
    let committed: bigint[] = [];
    while (Date.now() < deadline) {
      await c.poll(50);
      committed = (await c.committed([0, 1, 2, 3].map((partition) => ({ topic: 'events', partition })))).map((o) => o.offset);
      if (committed.every((o) => o === 3n)) break;
    }
    expect(committed).to.deep.equal([3n, 3n, 3n, 3n]);
    await c.close();
  });

  it('subscribes by regex and picks up topics created later', async () => {
    const a = fjord.consumer({ ...FAST, groupId: 'g-regex', metadataMaxAgeMs: 100 });
    a.subscribe(/^metrics\..*/);
    await fjord.admin().createTopics([{ topic: 'metrics.cpu' }]);
    await settle([a], 1);
    await fjord.admin().createTopics([{ topic: 'metrics.mem' }]);
    const deadline = Date.now() + 10000;
    while (a.assignment().length < 2 && Date.now() < deadline) await a.poll(100);
    expect(a.assignment().map(keyOf).sort()).to.deep.equal(['metrics.cpu-0', 'metrics.mem-0']);
    await a.close();
  });

  it('lists and describes groups with committed offsets, log end offsets and lag', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 8 }, (_, i) => producer.send({ topic: 'events', partition: i % 4, value: `v${i}` })));
    const c = fjord.consumer({ ...FAST, groupId: 'g-lag', enableAutoCommit: false });
    c.subscribe(['events']);
    await settle([c], 4);
    await c.commitSync([{ topic: 'events', partition: 0, offset: 1n }, { topic: 'events', partition: 1, offset: 2n }]);
    const admin = fjord.admin();
    const listed = await admin.listGroups();
    expect(listed.find((g) => g.groupId === 'g-lag')?.state).to.equal('Stable');
    const desc = await admin.describeGroup('g-lag');
    expect(desc.members).to.have.length(1);
    expect(desc.members[0].assignment.map(keyOf).sort()).to.deep.equal(['events-0', 'events-1', 'events-2', 'events-3']);
    const offsets = await admin.groupOffsets('g-lag');
    expect(offsets.map((o) => [o.partition, o.committed, o.logEndOffset, o.lag])).to.deep.equal([[0, 1n, 2n, 1n], [1, 2n, 2n, 0n]]);
    await c.close();
    expect((await admin.listGroups()).find((g) => g.groupId === 'g-lag')?.state).to.equal('Empty');
  });

  it('resets an inactive group\'s offsets to earliest, latest, an offset and a timestamp', async () => {
    const producer = fjord.producer({ lingerMs: 0 });
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'events', partition: 0, value: `v${i}`, timestamp: 1000 + i * 100 });
    const admin = fjord.admin();
    const c = fjord.consumer({ ...FAST, groupId: 'g-reset' });
    c.subscribe(['events']);
    await settle([c], 4);
    let refused: unknown;
    try {
      await admin.resetGroupOffsets('g-reset', { to: 'earliest' }, { topics: ['events'] });
    } catch (err) {
      refused = err;
    }
    expect((refused as Error).message).to.contain('active member');
    await c.close();
    const at = async (spec: Parameters<typeof admin.resetGroupOffsets>[1]) =>
      (await admin.resetGroupOffsets('g-reset', spec, { topics: ['events'] })).find((o) => o.partition === 0)?.offset;
    expect(await at({ to: 'latest' })).to.equal(10n);
    expect(await at({ to: 'earliest' })).to.equal(0n);
    expect(await at({ to: 'offset', offset: 4n })).to.equal(4n);
    expect(await at({ to: 'timestamp', timestamp: 1450 })).to.equal(5n);
    const dry = await admin.resetGroupOffsets('g-reset', { to: 'latest' }, { topics: ['events'], dryRun: true });
    expect(dry.find((o) => o.partition === 0)?.offset).to.equal(10n);
    expect((await admin.groupOffsets('g-reset')).find((o) => o.partition === 0)?.committed).to.equal(5n);
  });
});
