import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ProducerStateManager } from '../../core/broker/producer-state/producer-state-manager.js';
import { Fjord } from '../../core/client/fjord.js';
import { ManualClock } from '../../core/io/clock.js';
import { silentLogger } from '../../core/io/logger.js';
import { nodeStorage } from '../../core/io/node-storage.js';
import { LogManager } from '../../core/log/log-manager.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { batch, config, deps, removeDir, tempDir } from '../core/log/helpers.js';
import { InProcessCluster } from './in-process-cluster.js';
import { logBatches } from './log-batches.js';

describe('idempotent-producer state on followers (in-process cluster)', function () {
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

  it('after a failover the new leader deduplicates a retried replicated batch and the producer keeps its id', async () => {
    const topic = 'idem';
    await fjord.admin().createTopics([{ topic, numPartitions: 1, replicationFactor: 3 }]);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: true });
    for (let i = 0; i < 10; i++) await producer.send({ topic, partition: 0, value: `before-${i}` });
    const oldId = cluster.leaderOf(topic, 0);
    const oldLog = cluster.members.get(oldId)!.broker.partitionLog(topic, 0)!;
    const written = logBatches(oldLog);
    const producerId = written[0]!.producerId;
    expect(producerId >= 0n).to.equal(true);
    const followers = [...cluster.members.values()].filter((m) => m.id !== oldId);
    await waitFor('followers to hold every batch', () => followers.every((f) => f.broker.partitionLog(topic, 0)?.logEndOffset === 10n));

    await cluster.stopMember(oldId);
    const newId = await waitFor('a new leader', () => {
      const id = cluster.leaderOf(topic, 0, followers[0]);
      return id !== oldId && id >= 0 ? id : undefined;
    });
    const leader = cluster.members.get(newId)!;

    // The producer did not hear back about its last batch and sends it again, to the new leader.
    const last = written[written.length - 1]!;
    const res = await leader.broker.handle('Produce', {
      transactionalId: null, acks: -1, timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: Buffer.from(last.bytes) }] }],
    }, { apiVersion: 9, clientId: 'retry', clientHost: '' });
    const answer = res!.responses[0]!.partitionResponses[0]!;
    expect(answer.errorCode).to.equal(0);
    expect(answer.baseOffset, 'the original offset of the replicated batch').to.equal(last.baseOffset);
    expect(leader.broker.partitionLog(topic, 0)!.logEndOffset).to.equal(10n);

    for (let i = 0; i < 10; i++) await producer.send({ topic, partition: 0, value: `after-${i}` });
    await producer.close();
    const after = logBatches(leader.broker.partitionLog(topic, 0)!);
    expect(leader.broker.partitionLog(topic, 0)!.logEndOffset, 'twenty records, no duplicate').to.equal(20n);
    expect(new Set(after.map((b) => b.producerId)), 'one producer id throughout').to.deep.equal(new Set([producerId]));
    expect(after.map((b) => b.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    await cluster.startMember(oldId);
    await cluster.waitUnfenced();
  });
});

describe('idempotent-producer state on a follower that truncates', () => {
  let root: string;
  const pid = 4242n;
  /** The batch of sequence `seq` as the leader wrote it: at offset `seq`, leader epoch 1. */
  const idem = (seq: number) => {
    const b = batch([{ value: Buffer.from(`s${seq}`), timestamp: 1_700_000_000_000 }], { producerId: pid, producerEpoch: 0, baseSequence: seq });
    b.writeBigInt64BE(BigInt(seq), 0);
    b.writeInt32BE(1, 12);
    return b;
  };
  const open = () => {
    const d = deps();
    const logs = LogManager.open(root, d, { nodeId: 1, configFor: () => config({ 'segment.bytes': String(idem(0).length * 2 + 4) }) });
    const states = ProducerStateManager.open({ storage: nodeStorage, dataDir: root, clock: new ManualClock(1_700_000_000_000), logger: silentLogger });
    states.holdReplicas();
    return { logs, states, log: logs.getOrCreate('t', 0) };
  };
  beforeEach(() => {
    root = tempDir('fjord-follower-producers-');
  });
  afterEach(() => removeDir(root));

  it('records replicated batches without checks, and after a truncation forgets the cut batches but keeps the rest', () => {
    const { logs, states, log } = open();
    for (let seq = 0; seq < 6; seq++) states.forPartition('t', 0, log).appendAsFollower(idem(seq));
    expect(fs.readdirSync(path.join(root, 't-0')).filter((n) => n.endsWith('.snapshot')).length, 'snapshots on rolls').to.be.greaterThan(0);
    expect(states.forPartition('t', 0, log).check({ producerId: pid, epoch: 0, firstSeq: 5, lastSeq: 5 }).kind).to.equal('duplicate');

    logs.truncateTo('t', 0, 3n);
    states.truncated('t', 0, log, false);
    const producers = states.forPartition('t', 0, log);
    expect(producers.check({ producerId: pid, epoch: 0, firstSeq: 2, lastSeq: 2 }).kind).to.equal('duplicate');
    expect(producers.check({ producerId: pid, epoch: 0, firstSeq: 3, lastSeq: 3 }).kind, 'a cut batch is new again').to.equal('append');
    expect(producers.check({ producerId: pid, epoch: 0, firstSeq: 5, lastSeq: 5 }).kind).to.equal('reject');
    expect(fs.readdirSync(path.join(root, 't-0')).filter((n) => n.endsWith('.snapshot')).every((n) => BigInt(n.slice(0, 20)) <= 3n)).to.equal(true);
    states.close();
    logs.close();
  });

  it('forgets every producer and snapshot when the log is emptied to restart at the leader\'s log start', () => {
    const { logs, states, log } = open();
    for (let seq = 0; seq < 6; seq++) states.forPartition('t', 0, log).appendAsFollower(idem(seq));
    logs.truncateFullyAndStartAt('t', 0, 50n);
    states.truncated('t', 0, log, true);
    expect(fs.readdirSync(path.join(root, 't-0')).filter((n) => n.endsWith('.snapshot'))).to.deep.equal([]);
    const check = states.forPartition('t', 0, log).check({ producerId: pid, epoch: 0, firstSeq: 6, lastSeq: 6 });
    expect(check.kind === 'reject' && check.error).to.equal('UNKNOWN_PRODUCER_ID');
    states.close();
    logs.close();
  });
});
