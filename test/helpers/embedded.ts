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
