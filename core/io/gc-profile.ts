/**
 * V8 garbage-collector settings for long-running, latency-sensitive processes: Fjord's own
 * servers (`fjord broker`, `fjord connect`, `fjord dev`) apply them at start, and an application
 * that wants the same tail latency from Fjord's client can call `applyServerGcProfile()` first.
 * Kafka's start scripts do the same for the JVM (`KAFKA_JVM_PERFORMANCE_OPTS`: G1 with a 20 ms
 * pause goal); `FJORD_V8_GC_FLAGS` replaces the defaults the way that variable does.
 *
 * Why: a broker or client moving tens of MB/s keeps a small heap (~15 MB) and a large young
 * generation. V8 starts incremental marking whenever the old generation's headroom is smaller
 * than the young generation, which for such a heap is right after every full collection: the
 * process then runs a mark-compact every 100-200 ms with 2-12 ms pauses, and those pauses are the
 * produce-to-consume p99. The defaults below start marking by how full the old generation is
 * (90 % soft, 95 % hard) instead, and let it grow to four times what survived the last full
 * collection (instead of ~1.1-2x), so full collections become rare. The price is memory: up to
 * 4x the live heap, which for Fjord's processes is tens of MB (record bytes live outside the heap).
 *
 * These flags are read by V8 each time it decides, so setting them after start works; Node warns
 * that runtime flags are unsupported in general, and these are only GC heuristics.
 */
import v8 from 'node:v8';
import { FjordError } from '../errors.js';

/** The environment variable that replaces the default flags (empty: apply none). */
export const GC_FLAGS_ENV = 'FJORD_V8_GC_FLAGS';

/** The defaults; see the module comment. */
export const SERVER_GC_FLAGS: readonly string[] = [
  '--incremental-marking-soft-trigger=90',
  '--incremental-marking-hard-trigger=95',
  '--heap-growing-percent=300',
];

const FLAG = /^--[a-z0-9][a-z0-9-_]*(=[^\s]+)?$/;

/**
 * The flags to apply: `FJORD_V8_GC_FLAGS` split on whitespace when the variable is set (empty
 * means none), else the defaults. A token that is not `--name` or `--name=value` is a CONFIG
 * error naming the variable and the token.
 */
export function serverGcFlags(env: Readonly<Record<string, string | undefined>>): string[] {
  const text = env[GC_FLAGS_ENV];
  if (text === undefined) return [...SERVER_GC_FLAGS];
  const flags = text.split(/\s+/).filter((t) => t !== '');
  for (const flag of flags) {
    if (!FLAG.test(flag)) throw new FjordError('CONFIG', `${GC_FLAGS_ENV}: '${flag}' is not a V8 flag (expected --name or --name=value, separated by spaces)`);
  }
  return flags;
}

/** Applies `serverGcFlags(env)` to this process's V8 and returns them (for a log line). */
export function applyServerGcProfile(env: Readonly<Record<string, string | undefined>> = process.env, setFlags: (flag: string) => void = v8.setFlagsFromString): string[] {
  const flags = serverGcFlags(env);
  for (const flag of flags) setFlags(flag);
  return flags;
}
