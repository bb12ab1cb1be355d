/**
 * The process `embedded.produce.rss` measures: an embedded broker and its producer alone, so the
 * RSS it reports is theirs, not that of the benchmarks `npm run bench` ran before it in the
 * harness process (PGlite and three cluster brokers' clients left ~300 MB there). Each line
 * `produce` on stdin adds 4,000,000 records to topic `big` and is answered with the RSS in MB;
 * the end of stdin closes the broker and exits.
 */
import readline from 'node:readline';
import { Fjord } from '../core/client/fjord.js';
import { FAST_PRODUCER, VALUE } from './embedded.bench.js';
import { produceMany } from './produce-many.js';

const fjord = await Fjord.embedded({ dataDir: process.argv[2], config: { offsetsTopicNumPartitions: 1 } });
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line !== 'produce') continue;
  await produceMany(fjord.producer(FAST_PRODUCER), 'big', 4_000_000, VALUE);
  process.stdout.write(`${process.memoryUsage().rss / (1024 * 1024)}\n`);
}
await fjord.close();
