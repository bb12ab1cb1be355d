/** The record that flows between processors (Kafka Streams' `Record<K, V>`). */
import type { RecordHeader } from '../../protocol/record-batch.js';

export interface StreamRecord<K, V> {
  readonly key: K;
  readonly value: V;
  /** Event time, epoch ms. */
  readonly timestamp: number;
  readonly headers: readonly RecordHeader[];
}

/** Where the record being processed came from (null for punctuation-generated records). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Work that may finish now (undefined) or later (a promise); processors return it to keep order. */
export type MaybePromise = void | Promise<void>;

/** Runs `next` after `first`, synchronously when `first` already finished. */
export function then(first: MaybePromise, next: () => MaybePromise): MaybePromise {
  return first === undefined ? next() : first.then(next);
}
