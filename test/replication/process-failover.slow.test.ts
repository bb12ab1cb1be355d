/**
 * Slow (separate processes, ~30 s): three `fjord broker --controller-quorum` processes; the
 * leader of a replication-factor-3 partition is SIGKILLed while a producer with acks=all runs.
 * Every acknowledged record must be readable after failover, and the killed broker must rejoin
 * the ISR when it comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Fjord } from '../../core/client/fjord.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { freePorts, waitFor } from '../cluster/quorum-helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
}

function startBroker(id: number, kafkaPort: number, quorum: string, dataDir: string): Promise<Proc> {
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'cli/main.ts', 'broker', '--node-id', String(id), '--listen', `127.0.0.1:${kafkaPort}`,
    '--controller-quorum', quorum, '--data-dir', dataDir, '--default-replication-factor', '3',
    '--session-timeout-ms', '3000', '--replica-lag-time-max-ms', '3000',
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

describe('slow: replicated brokers in separate processes survive a SIGKILLed leader', function () {
  this.timeout(180000);
  const procs = new Map<number, Proc>();
  let fjord: Fjord | null = null;

  after(async () => {
    await fjord?.close();
    for (const p of procs.values()) {
      p.child.kill('SIGTERM');
      await p.exited;
    }
  });

  it('keeps every acks=all record through the failover and restores the ISR', async () => {
    const ports = await freePorts(6);
    const quorum = [1, 2, 3].map((id) => `${id}@127.0.0.1:${ports[id + 2]}`).join(',');
    const dirs = [1, 2, 3].map(() => tmpDir('fjord-proc-'));
    await Promise.all([1, 2, 3].map(async (id) => procs.set(id, await startBroker(id, ports[id - 1]!, quorum, dirs[id - 1]!))));
    fjord = await Fjord.connect({ bootstrap: [0, 1, 2].map((i) => `127.0.0.1:${ports[i]}`).join(',') });
    const admin = fjord.admin();
    await waitFor('three registered brokers', async () => {
      try {
        await admin.createTopics([{ topic: 'kill', numPartitions: 1, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
        return true;
      } catch (err) {
        if ((err as Error).message.includes('TOPIC_ALREADY_EXISTS')) return true;
        throw err;
      }
    }, 60000);
    const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
    for (let i = 0; i < 100; i++) await producer.send({ topic: 'kill', value: `a${i}` });
    const leader = (await admin.describeTopics(['kill']))[0]!.partitions[0]!.leader;
    procs.get(leader)!.child.kill('SIGKILL');
    await procs.get(leader)!.exited;
    procs.delete(leader);
    for (let i = 0; i < 100; i++) await producer.send({ topic: 'kill', value: `b${i}` });
    await producer.close();
    const after = (await admin.describeTopics(['kill']))[0]!.partitions[0]!;
    expect(after.leader).to.not.equal(leader);

    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'kill', partition: 0 }]);
    await consumer.seekToBeginning();
    const got: ConsumerRecord[] = [];
    const seen = new Set<string>();
    const endMs = Date.now() + 60000;
    while (seen.size < 200 && Date.now() < endMs) {
      for (const r of await consumer.poll(500)) {
        got.push(r);
        seen.add(r.value!.toString());
      }
    }
    await consumer.close();
    const firstSeen = [...new Set(got.map((r) => r.value!.toString()))];
    expect(firstSeen).to.deep.equal([...Array.from({ length: 100 }, (_, i) => `a${i}`), ...Array.from({ length: 100 }, (_, i) => `b${i}`)]);

    procs.set(leader, await startBroker(leader, ports[leader - 1]!, quorum, dirs[leader - 1]!));
    await waitFor('the restarted broker back in the ISR', async () => (await admin.describeTopics(['kill']))[0]!.partitions[0]!.isr.length === 3, 60000);
  });
});
