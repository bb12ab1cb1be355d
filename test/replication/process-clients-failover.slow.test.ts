/**
 * Slow (separate processes, ~25 s): third-party clients through a leader failover. Three
 * `fjord broker --controller-quorum` processes (combined broker + controller, default timings,
 * as `fjord cluster dev` runs them); a replication-factor-3 topic; a kafkajs producer with
 * acks=-1 (not idempotent: a retry after the failover may write a record twice, which is allowed;
 * losing or reordering one is not) sends one record after another while a kcat consumer (`-u`: unbuffered output) reads
 * the partition from the beginning. The partition's leader is SIGKILLed mid-stream. Every record
 * kafkajs acknowledged must reach kcat, in send order; a new leader comes from the ISR; the
 * killed broker, started again, rejoins the ISR.
 *
 * kcat comes from Debian: without it the test is skipped (its title says `apt-get install
 * kcat`), under CI=true its absence fails (test/third-party/helpers/tools.ts).
 */
import { expect } from 'chai';
import kafkajs from 'kafkajs';
import { waitFor } from '../cluster/quorum-helpers.js';
import { startChild, tail, type RunningChild } from '../third-party/helpers/child-run.js';
import { ProcessCluster } from './process-cluster.js';
import { kcatFastConfig } from '../third-party/helpers/kcat.js';
import { requireTool } from '../third-party/helpers/tools.js';

const { Kafka, logLevel } = kafkajs;
const TOPIC = 'clients-failover';
/** Records acknowledged before the kill, and at least as many after it. */
const RECORDS_PER_PHASE = 150;

/** kcat's records so far: `partition TAB offset TAB value` lines. */
function kcatValues(kcat: RunningChild): { partition: number; offset: bigint; value: string }[] {
  return kcat.stdout().toString().split('\n').filter((l) => l.startsWith('R\t')).map((l) => {
    const [, partition, offset, value] = l.split('\t');
    return { partition: Number(partition), offset: BigInt(offset!), value: value! };
  });
}

describe('slow: kafkajs (acks=-1) and kcat through a SIGKILLed partition leader', function () {
  this.timeout(120_000);
  let cluster: ProcessCluster | null = null;
  let kcat: RunningChild | null = null;
  let kafka: kafkajs.Kafka | null = null;
  let producer: kafkajs.Producer | null = null;
  let admin: kafkajs.Admin | null = null;

  before(function () {
    requireTool(this, 'kcat');
  });

  after(async () => {
    await kcat?.stop();
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await cluster?.stop();
  });

  it('delivers every acknowledged record to kcat in order, elects a leader from the ISR, and takes the killed broker back into the ISR', async () => {
    const c = (cluster = await ProcessCluster.start({ dirPrefix: 'fjord-proc-clients-', args: ['--verbose'] }));
    const brokers = c.ids.map((id) => c.address(id));
    kafka = new Kafka({
      clientId: 'failover-test', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 10_000,
      retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    admin = kafka.admin();
    await admin.connect();
    await waitFor('the topic created on three registered brokers', async () => {
      try {
        await admin!.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
        return true;
      } catch (err) {
        if (/already exists/i.test((err as Error).message)) return true;
        return false; // INVALID_REPLICATION_FACTOR until all three brokers registered
      }
    }, 60_000);
    const partitionState = async () => (await admin!.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions.find((p) => p.partitionId === 0)!;
    await waitFor('a full ISR', async () => (await partitionState()).isr.length === 3, 30_000);

    kcat = startChild('kcat', ['-C', '-u', '-b', brokers.join(','), '-t', TOPIC, '-o', 'beginning', '-f', 'R\\t%p\\t%o\\t%s\\n', ...kcatFastConfig]);
    producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false });
    await producer.connect();
    const acknowledged: string[] = [];
    let killed = false;
    let sending = true;
    const sendLoop = (async () => {
      for (let i = 0; sending; i++) {
        const value = `m${i}`;
        await producer!.send({ topic: TOPIC, acks: -1, messages: [{ value, partition: 0 }] });
        acknowledged.push(value);
        if (killed && acknowledged.length >= 2 * RECORDS_PER_PHASE) sending = false;
      }
    })();

    await waitFor('records acknowledged before the kill', () => acknowledged.length >= RECORDS_PER_PHASE, 30_000);
    const before = await partitionState();
    const leader = before.leader;
    await c.kill(leader);
    const ackedAtKill = acknowledged.length;
    killed = true;
    await sendLoop;
    expect(acknowledged.length).to.be.greaterThan(ackedAtKill, 'kafkajs got acknowledgements after the failover');

    const after = await partitionState();
    expect(after.leader).to.not.equal(leader);
    expect(before.isr).to.include(after.leader, 'the new leader comes from the ISR');

    // Every acknowledged record reaches kcat; the first copy of each comes in send order (a
    // retried send may have left a second copy after it).
    const detail = () => `kcat has ${kcatValues(kcat!).length} records; kcat stderr:\n${tail(kcat!.stderr())}`;
    const ackedSet = new Set(acknowledged);
    const firstSeen = () => [...new Set(kcatValues(kcat!).map((r) => r.value))].filter((v) => ackedSet.has(v));
    await waitFor(`kcat to read all ${acknowledged.length} acknowledged records (${detail()})`, () => firstSeen().length === acknowledged.length, 30_000);
    expect(firstSeen()).to.deep.equal(acknowledged);
    const read = kcatValues(kcat);
    expect(read.every((r) => r.partition === 0 && /^m\d+$/.test(r.value)), 'kcat read only what kafkajs sent').to.equal(true);
    expect(read.map((r) => r.offset)).to.deep.equal(read.map((_, i) => BigInt(i)), 'offsets without gaps or repeats');

    await c.startBroker(leader);
    await waitFor('the restarted broker back in the ISR', async () => (await partitionState()).isr.includes(leader), 30_000);
  });
});
