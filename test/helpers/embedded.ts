/** Opens an embedded Fjord on a fresh data dir with test-friendly group timings. */
import { Fjord, type EmbeddedOptions } from '../../core/client/fjord.js';
import { tmpDir } from './tmp-dir.js';

export async function openFjord(options: EmbeddedOptions = {}): Promise<{ fjord: Fjord; dataDir: string }> {
  const dataDir = options.dataDir ?? tmpDir();
  const fjord = await Fjord.embedded({
    ...options,
    dataDir,
    config: { groupInitialRebalanceDelayMs: 0, groupMinSessionTimeoutMs: 100, offsetsTopicNumPartitions: 4, ...options.config },
  });
  return { fjord, dataDir };
}

/** Polls until `want` records arrived or the deadline passes. */
export async function pollUntil<T>(poll: () => Promise<T[]>, want: number, timeoutMs = 10000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < want && Date.now() < deadline) out.push(...(await poll()));
  return out;
}

/**
 * Every record of partition 0 of `topic` as `key=value` text (`<sep>` between them), read up to
 * the partition's end offset at the time of the call.
 */
export async function readToEnd(fjord: Fjord, topic: string, sep = '='): Promise<string[]> {
  const ends = await fjord.admin().listOffsets([{ topic, partition: 0 }], 'latest');
  const end = [...ends.values()][0] ?? 0n;
  const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
  consumer.assign([{ topic, partition: 0 }]);
  const rows: string[] = [];
  while (BigInt(rows.length) < end) for (const r of await consumer.poll(100)) rows.push(`${r.key?.toString()}${sep}${r.value?.toString()}`);
  await consumer.close();
  return rows;
}
