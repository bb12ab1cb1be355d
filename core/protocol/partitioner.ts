/**
 * Kafka's default partitioner, so that Fjord producers put a keyed record in the same partition
 * as a Java producer, kafkajs's DefaultPartitioner or librdkafka with `partitioner=murmur2_random`:
 * murmur2 of the key bytes for keyed records, and KIP-480's sticky choice for records without a key.
 */
import { assert } from '../errors.js';

/** A source of uniform numbers in [0, 1), like Math.random; passed in so tests are deterministic. */
export type Random = () => number;

const MURMUR2_SEED = 0x9747b28c;
const MURMUR2_M = 0x5bd1e995;
const MURMUR2_R = 24;

/**
 * Kafka's `Utils.murmur2`: 32-bit MurmurHash2 with Kafka's seed, as a signed int32.
 * Math.imul and `| 0` reproduce Java's wrapping int arithmetic.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = MURMUR2_SEED ^ length;
  const tail = length & 3;
  const bodyEnd = length - tail;
  for (let i = 0; i < bodyEnd; i += 4) {
    // Little-endian 4-byte block, as Java assembles it from the byte array.
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, MURMUR2_M);
    k ^= k >>> MURMUR2_R;
    k = Math.imul(k, MURMUR2_M);
    h = Math.imul(h, MURMUR2_M);
    h ^= k;
  }
  // Java's switch falls through from 3 to 1; written as ifs because we forbid fall-through.
  if (tail === 3) h ^= data[bodyEnd + 2] << 16;
  if (tail >= 2) h ^= data[bodyEnd + 1] << 8;
  if (tail >= 1) {
    h ^= data[bodyEnd];
    h = Math.imul(h, MURMUR2_M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, MURMUR2_M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not Math.abs, which overflows on MIN_VALUE). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition of a keyed record: `toPositive(murmur2(key)) % numPartitions`. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  assertPartitionCount(numPartitions);
  return toPositive(murmur2(key)) % numPartitions;
}

function assertPartitionCount(numPartitions: number): void {
  // The message is built only on failure: this runs for every record a producer sends.
  if (!(Number.isInteger(numPartitions) && numPartitions > 0)) assert(false, `numPartitions ${numPartitions} must be a positive integer`);
}

/**
 * KIP-480's sticky partitioning for records without a key: every such record of a topic goes
 * to one partition until the producer completes a batch for it (`onNewBatch`), then to another
 * partition chosen at random. Fills batches faster than round robin, so they are sent sooner
 * and larger. Like Kafka's StickyPartitionCache, but over all partitions (Fjord has no notion
 * of unavailable partitions here).
 */
export class StickyPartitioner {
  private readonly stickyByTopic = new Map<string, number>();

  constructor(private readonly random: Random) {}

  /** The partition for a keyless record of `topic`. */
  partition(topic: string, numPartitions: number): number {
    assertPartitionCount(numPartitions);
    const sticky = this.stickyByTopic.get(topic);
    // A partition count that shrank makes the cached choice invalid; choose again.
    if (sticky !== undefined && sticky < numPartitions) return sticky;
    return this.choose(topic, numPartitions, undefined);
  }

  /**
   * Called when a batch for `prevPartition` of `topic` was completed. Switches to a new sticky
   * partition only if `prevPartition` is the current one: a late call about an older partition
   * must not move a choice that was just made. Returns the sticky partition afterwards.
   */
  onNewBatch(topic: string, prevPartition: number, numPartitions: number): number {
    assertPartitionCount(numPartitions);
    const sticky = this.stickyByTopic.get(topic);
    if (sticky !== undefined && sticky !== prevPartition && sticky < numPartitions) return sticky;
    return this.choose(topic, numPartitions, sticky);
  }

  private choose(topic: string, numPartitions: number, previous: number | undefined): number {
    let next: number;
    if (previous === undefined || previous >= numPartitions || numPartitions === 1) {
      next = this.randomBelow(numPartitions);
    } else {
      // Uniform over the other partitions without a retry loop: draw among n-1, skip `previous`.
      const r = this.randomBelow(numPartitions - 1);
      next = r >= previous ? r + 1 : r;
    }
    this.stickyByTopic.set(topic, next);
    return next;
  }

  private randomBelow(n: number): number {
    const u = this.random();
    assert(u >= 0 && u < 1, `Random must return a number in [0, 1), got ${u}`);
    return Math.floor(u * n);
  }
}
