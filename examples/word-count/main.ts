/**
 * word-count: lines from a file → a topic → Fjord Streams (flatMapValues, groupBy, count) → a
 * KTable of counts per word, printed when the input is done. Runs on an embedded broker in a
 * temporary data directory, so it needs nothing else and leaves nothing behind.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fjord } from '../../core/client/fjord.js';
import { FjordStreams } from '../../core/streams/index.js';
import { buildTopology } from '../topologies/word-count.js';

export async function wordCount(inputFile: string): Promise<Map<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fjord-word-count-'));
  const fjord = await Fjord.embedded({ dataDir: join(dir, 'data'), config: { groupInitialRebalanceDelayMs: 0 } });
  try {
    await fjord.admin().createTopics([{ topic: 'lines', numPartitions: 2 }, { topic: 'word-counts', numPartitions: 2 }]);
    const lines = readFileSync(inputFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const producer = fjord.producer();
    for (const line of lines) await producer.send({ topic: 'lines', value: line });
    await producer.close();

    const topology = buildTopology();
    console.log(topology.describe().toString());

    const streams = new FjordStreams(topology, { applicationId: 'word-count', embedded: fjord, stateDir: join(dir, 'state'), commitIntervalMs: 100 });
    await streams.start();
    const words = lines.flatMap((l) => l.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w !== '')).length;
    // The input is bounded: every word passes the repartition topic once, then the table is final.
    while (streams.metrics.processed < lines.length + words) {
      if (streams.state === 'ERROR') throw streams.error;
      await new Promise((r) => setTimeout(r, 20));
    }
    const counts = new Map<string, number>();
    for await (const { key, value } of streams.store<string, number>('word-counts-store').all()) counts.set(key, value);
    await streams.close();
    return counts;
  } finally {
    await fjord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(args: string[]): Promise<void> {
  const file = args[0] ?? join(import.meta.dirname, 'input.txt');
  const counts = await wordCount(file);
  const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  console.log('word counts (most frequent first):');
  for (const [word, n] of rows) console.log(`  ${word.padEnd(16)} ${n}`);
}
