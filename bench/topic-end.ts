/** Waiting for a benchmark's output: until partition 0 of a topic ends at or past a record count. */
import type { Fjord } from '../core/client/fjord.js';

/** Resolves once partition 0 of `topic` ends at or after `count` records; fails after a minute. */
export async function waitForTopicEnd(fjord: Fjord, topic: string, count: number): Promise<void> {
  const admin = fjord.admin();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ends = await admin.listOffsets([{ topic, partition: 0 }], 'latest').catch(() => new Map<string, bigint>());
    const end = [...ends.values()][0] ?? 0n;
    if (end >= BigInt(count)) return;
    if (Date.now() > deadline) throw new Error(`${topic} holds ${end} records after a minute, expected ${count}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
