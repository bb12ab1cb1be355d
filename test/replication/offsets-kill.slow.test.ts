/**
 * Slow (separate processes, ~15 s): three `fjord broker --controller-quorum` processes; the
 * coordinator of a consumer group (the leader of its `__consumer_offsets` partition) is
 * SIGKILLed after the group committed. The group's next consumer, on the surviving brokers,
 * starts exactly at the committed offset: the commit was on every in-sync replica before it was
 * acknowledged, and the new leader of the partition loaded it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CONSUMER_OFFSETS_TOPIC } from '../../core/broker/topic-names.js';
import { Fjord } from '../../core/client/fjord.js';
import { offsetsPartitionFor } from '../../core/group/group-coordinator.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { freePorts, waitFor } from '../cluster/quorum-helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OFFSETS_PARTITIONS = 3;

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
}

function startBroker(id: number, kafkaPort: number, quorum: string, dataDir: string): Promise<Proc> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'cli/main.ts', 'broker', '--node-id', String(id), '--listen', `127.0.0.1:${kafkaPort}`,
    '--controller-quorum', quorum, '--data-dir', dataDir, '--default-replication-factor', '3',
    '--session-timeout-ms', '3000', '--replica-lag-time-max-ms', '3000',
    '--config', `offsets.topic.num.partitions=${OFFSETS_PARTITIONS}`, '--config', 'group.initial.rebalance.delay.ms=0',
  ], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening on')) resolve({ child, exited });
    });
    void exited.then(() => reject(new Error(`broker ${id} exited while starting: ${err}`)));
  });
}

describe('slow: a consumer group survives its SIGKILLed coordinator (separate processes)', function () {
  this.timeout(180000);
  const procs = new Map<number, Proc>();
  const clients: Fjord[] = [];

  after(async () => {
    for (const c of clients) await c.close();
    for (const p of procs.values()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  it('resumes from the committed offset on the new coordinator', async () => {
    const ports = await freePorts(6);
    const quorum = [1, 2, 3].map((id) => `${id}@127.0.0.1:${ports[id + 2]}`).join(',');
    await Promise.all([1, 2, 3].map(async (id) => procs.set(id, await startBroker(id, ports[id - 1]!, quorum, tmpDir('fjord-offsets-kill-')))));
    const address = (id: number) => `127.0.0.1:${ports[id - 1]}`;
    const fjord = await Fjord.connect({ bootstrap: [1, 2, 3].map(address).join(',') });
    clients.push(fjord);
    const admin = fjord.admin();
    await waitFor('three registered brokers', async () => {
      try {
        await admin.createTopics([{ topic: 'work', numPartitions: 1, replicationFactor: 3 }]);
        return true;
      } catch (err) {
        if ((err as Error).message.includes('TOPIC_ALREADY_EXISTS')) return true;
        throw err;
      }
    }, 60000);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 50; i++) await producer.send({ topic: 'work', value: `w${i}` });
    await producer.close();

    const group = 'killed-coordinator';
    const first = fjord.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
    first.subscribe(['work']);
    let polled = 0;
    await waitFor('the first consumer to read', async () => (polled += (await first.poll(300)).length) >= 50, 60000);
    await first.commitSync([{ topic: 'work', partition: 0, offset: 30n }]);
    await first.close();

    const offsets = (await admin.describeTopics([CONSUMER_OFFSETS_TOPIC]))[0]!;
    expect(offsets.partitions).to.have.length(OFFSETS_PARTITIONS);
    const coordinator = offsets.partitions.find((p) => p.partition === offsetsPartitionFor(group, OFFSETS_PARTITIONS))!.leader;
    procs.get(coordinator)!.child.kill('SIGKILL');
    await procs.get(coordinator)!.exited;
    procs.delete(coordinator);

    const survivors = await Fjord.connect({ bootstrap: [...procs.keys()].map(address).join(',') });
    clients.push(survivors);
    const second = survivors.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
    second.subscribe(['work']);
    const resumed: string[] = [];
    await waitFor('the records after the committed offset', async () => {
      resumed.push(...(await second.poll(300)).map((r) => r.value!.toString()));
      return resumed.length >= 20;
    }, 60000);
    expect(resumed).to.deep.equal(Array.from({ length: 20 }, (_, i) => `w${30 + i}`));
    await second.close();
    const moved = (await survivors.admin().describeTopics([CONSUMER_OFFSETS_TOPIC]))[0]!.partitions.find((p) => p.partition === offsetsPartitionFor(group, OFFSETS_PARTITIONS))!;
    expect(moved.leader).to.not.equal(coordinator);
  });
});
