import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openFjord, pollUntil } from '../../helpers/embedded.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'crash-producer.ts');

/** Runs the producer child until it has acknowledged `acks` records, then SIGKILLs it. */
function produceThenKill(dataDir: string, acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line !== 'ready') lines.push(line);
      if (lines.length >= acks && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

describe('crash safety of the embedded broker', function () {
  this.timeout(60000);

  it('keeps every record acknowledged with acks=1 after SIGKILL, byte for byte and gap-free', async () => {
    const dataDir = tmpDir();
    const acked = await produceThenKill(dataDir, 3000);
    expect(acked.length).to.be.at.least(3000);
    // Reopening takes over the dead process's lock and recovers the unflushed tail.
    const { fjord } = await openFjord({ dataDir });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'crash', partition: 0 }, { topic: 'crash', partition: 1 }]);
    const ends = await fjord.admin().listOffsets(consumer.assignment(), 'latest');
    const total = [...ends.values()].reduce((a, b) => a + b, 0n);
    expect(Number(total)).to.be.at.least(acked.length);
    const records = await pollUntil(() => consumer.poll(200), Number(total), 20000);
    for (const p of [0, 1]) {
      const offsets = records.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets, `partition ${p} offsets are gap-free`).to.deep.equal(offsets.map((_, i) => BigInt(i)));
    }
    const stored = new Map(records.map((r) => [`${r.partition} ${r.offset}`, r.value?.toString()]));
    for (const line of acked) {
      const [partition, offset, value] = line.split(' ');
      expect(stored.get(`${partition} ${offset}`), `acknowledged ${partition}/${offset}`).to.equal(value);
    }
    await fjord.close();
  });
});
