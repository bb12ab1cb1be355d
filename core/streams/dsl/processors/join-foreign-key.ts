/**
 * The processors of a KTable-KTable foreign-key join (Kafka's KIP-213 design, simplified). The
 * left table (primary key K) and the right table (key KO) may be partitioned differently, so
 * they talk through two internal topics:
 *
 * 1. Left task, `subscriptionSendProcessor`: on a left row change it unsubscribes the row from
 *    its old foreign key and subscribes it to the new one (subscription topic, keyed by the
 *    foreign key, so it lands in the task holding that right row). A subscription carries a hash
 *    of the left value it was sent for. Deletes and null foreign keys need no answer: their result
 *    (a tombstone, or the left-join result with null) is emitted at once.
 * 2. Right task, `subscriptionProcessor`: records the subscription in the subscription store,
 *    keyed (foreign key, primary key), and answers with the right row's current value (response
 *    topic, keyed by the primary key, so it lands back in the left row's task).
 * 3. Right task, `foreignChangeProcessor`: a right row change finds every subscribed left row by
 *    a prefix scan of the subscription store and sends each the new right value.
 * 4. Left task, `responseResolverProcessor`: drops answers whose hash is not the hash of the left
 *    row's current value (the row changed since; a newer answer is on its way), joins the rest.
 * 5. Left task, `resultProcessor`: keeps the last result per primary key, so it forwards proper
 *    `Change` values and no tombstone for a row that had no result.
 */
import { createHash } from 'node:crypto';
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { TimestampedKeyValueStore } from '../../runtime/store-facades.js';
import type { Serde } from '../../serdes/serde.js';
import type { Change } from '../change.js';
import { combinedKeyPrefix, type CombinedKey, type Subscription, type SubscriptionResponse } from './join-serdes.js';

type Ctx = InternalProcessorContext;

const HASH_BYTES = 16;

/** Identifies a left value: the first 16 bytes of the SHA-256 of its serialized form. */
export function leftValueHash<V>(valueSerde: Serde<V>, topic: string, value: V): Buffer {
  const bytes = valueSerde.serialize(topic, value) ?? Buffer.alloc(0);
  return createHash('sha256').update(bytes).digest().subarray(0, HASH_BYTES);
}

/** A processor from a function of (context, record), with the stores it names looked up at init. */
function simple<K, V>(body: (ctx: Ctx) => (r: StreamRecord<K, V>) => void | Promise<void>): ProcessorSupplier<K, V, unknown, unknown> {
  return () => {
    let handler: (r: StreamRecord<K, V>) => void | Promise<void>;
    const p: Processor<K, V, unknown, unknown> = {
      init(context) {
        handler = body(context as unknown as Ctx);
      },
      process: (r) => handler(r),
    };
    return p;
  };
}

/**
 * A left-row result candidate on its way to the result processor (null = no result). A left
 * delete is `LEFT_DELETED`: as in Kafka, it always produces a tombstone, even when the row had no
 * result (an inner join whose right row was already gone).
 */
export const LEFT_DELETED = Symbol('left-deleted');
export type ResultCandidate<VR> = VR | null | typeof LEFT_DELETED;

export interface SubscriptionSendOptions<V, KO, VR> {
  fkExtractor: (value: V) => KO | null | undefined;
  foreignKeySerde: Serde<KO>;
  leftValueSerde: Serde<V>;
  /** Names the topic in serde errors. */
  subscriptionTopic: string;
  leftJoin: boolean;
  joiner: (value: V, other: any) => VR;
  /** Children: the subscription topic's sink, and the result processor. */
  sinkChild: string;
  resultChild: string;
}

/** Left side: turns left row changes into (un)subscriptions, and deletes into results. */
export function subscriptionSendProcessor<K, V, KO, VR>(options: SubscriptionSendOptions<V, KO, VR>) {
  const { fkExtractor, foreignKeySerde, subscriptionTopic } = options;
  const fkBytes = (fk: KO | null | undefined): Buffer | null => (fk === null || fk === undefined ? null : foreignKeySerde.serialize(subscriptionTopic, fk));
  return simple<K, Change<V>>((ctx) => (r) => {
    if (r.key === null || r.key === undefined) return ctx.reportDropped('null key in a foreign-key join');
    const { oldValue, newValue } = r.value;
    const oldFk = oldValue === null ? null : fkExtractor(oldValue);
    const newFk = newValue === null ? null : fkExtractor(newValue);
    const oldBytes = fkBytes(oldFk);
    const newBytes = fkBytes(newFk);
    const send = (fk: KO, subscription: Subscription<K>) => ctx.forward({ key: fk, value: subscription, timestamp: r.timestamp, headers: r.headers }, options.sinkChild);
    const result = (value: ResultCandidate<VR>) => ctx.forward({ key: r.key, value, timestamp: r.timestamp, headers: r.headers }, options.resultChild);
    if (oldBytes !== null && (newBytes === null || !oldBytes.equals(newBytes))) {
      send(oldFk as KO, { op: 'unsubscribe', pk: r.key, hash: Buffer.alloc(0) });
    }
    if (newValue === null) {
      if (oldValue !== null) result(LEFT_DELETED);
      return;
    }
    if (newBytes === null) {
      // No foreign key: nothing to subscribe to; the row joins nothing.
      result(options.leftJoin ? options.joiner(newValue, null) : null);
      return;
    }
    send(newFk as KO, { op: 'subscribe', pk: r.key, hash: leftValueHash(options.leftValueSerde, subscriptionTopic, newValue) });
  });
}

/** Right side: stores (un)subscriptions and answers each subscription with the right row. */
export function subscriptionProcessor<K, KO, VO>(subscriptionStore: string, rightStore: string) {
  return simple<KO, Subscription<K>>((ctx) => {
    const subscriptions = ctx.getStateStore<TimestampedKeyValueStore<CombinedKey<KO, K>, Buffer>>(subscriptionStore);
    const right = ctx.getStateStore<TimestampedKeyValueStore<KO, VO>>(rightStore);
    return (r) => {
      if (r.key === null || r.key === undefined || r.value === null) return ctx.reportDropped('null foreign key or subscription in a foreign-key join');
      const key: CombinedKey<KO, K> = { fk: r.key, pk: r.value.pk };
      if (r.value.op === 'unsubscribe') {
        subscriptions.put(key, null);
        return;
      }
      subscriptions.put(key, { value: r.value.hash, timestamp: r.timestamp });
      const found = right.get(r.key);
      const response: SubscriptionResponse<VO> = { hash: r.value.hash, value: found?.value ?? null };
      ctx.forward({ key: r.value.pk, value: response, timestamp: found === null ? r.timestamp : Math.max(r.timestamp, found.timestamp), headers: r.headers });
    };
  });
}

/** The smallest byte string greater than every string starting with `prefix`. */
function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  // Unreachable for combined keys: their 4-byte length prefix is never all 0xff.
  return Buffer.concat([prefix, Buffer.alloc(8, 0xff)]);
}

/** Right side: sends a right row's change to every left row subscribed to it. */
export function foreignChangeProcessor<K, KO, VO>(subscriptionStore: string, foreignKeySerde: Serde<KO>) {
  return simple<KO, Change<VO>>((ctx) => {
    const subscriptions = ctx.getStateStore<TimestampedKeyValueStore<CombinedKey<KO, K>, Buffer>>(subscriptionStore);
    return async (r) => {
      if (r.key === null || r.key === undefined) return ctx.reportDropped('null key in the right table of a foreign-key join');
      if (r.value.newValue === null && r.value.oldValue === null) return;
      const fkBytes = foreignKeySerde.serialize(subscriptionStore, r.key)!;
      const prefix = combinedKeyPrefix(fkBytes);
      for await (const entry of subscriptions.rangeBytes(prefix, prefixEnd(prefix))) {
        // The inclusive upper bound may itself be a key of another foreign key.
        if (!foreignKeySerde.serialize(subscriptionStore, entry.key.fk)!.equals(fkBytes)) continue;
        const response: SubscriptionResponse<VO> = { hash: entry.value.value, value: r.value.newValue };
        ctx.forward({ key: entry.key.pk, value: response, timestamp: r.timestamp, headers: r.headers });
      }
    };
  });
}

export interface ResponseResolverOptions<V, VR> {
  leftStore: string;
  leftValueSerde: Serde<V>;
  subscriptionTopic: string;
  leftJoin: boolean;
  joiner: (value: V, other: any) => VR;
}

/** Left side: joins answers that are still about the row's current value. */
export function responseResolverProcessor<K, V, VO, VR>(options: ResponseResolverOptions<V, VR>) {
  return simple<K, SubscriptionResponse<VO>>((ctx) => {
    const left = ctx.getStateStore<TimestampedKeyValueStore<K, V>>(options.leftStore);
    return (r) => {
      if (r.key === null || r.key === undefined || r.value === null) return ctx.reportDropped('null key or response in a foreign-key join');
      const current = left.get(r.key);
      // Deleted since (its tombstone went out already) or changed since (a newer answer is coming).
      if (current === null || !leftValueHash(options.leftValueSerde, options.subscriptionTopic, current.value).equals(r.value.hash)) return;
      const other = r.value.value;
      const value: ResultCandidate<VR> = other === null ? (options.leftJoin ? options.joiner(current.value, null) : null) : options.joiner(current.value, other);
      ctx.forward({ key: r.key, value, timestamp: Math.max(r.timestamp, current.timestamp), headers: r.headers });
    };
  });
}

/** Left side: materializes results and forwards them as changes; no-op tombstones are skipped, except for left deletes. */
export function resultProcessor<K, VR>(resultStore: string) {
  return simple<K, ResultCandidate<VR>>((ctx) => {
    const store = ctx.getStateStore<TimestampedKeyValueStore<K, VR>>(resultStore);
    return (r) => {
      const keyBytes = store.keyBytes(r.key);
      const old = store.getBytes(keyBytes);
      if (r.value === null && old === null) return;
      const value = r.value === LEFT_DELETED ? null : r.value;
      store.putBytes(keyBytes, value === null ? null : { value, timestamp: r.timestamp });
      ctx.forward({ ...r, value: { newValue: value, oldValue: old?.value ?? null } satisfies Change<VR> });
    };
  });
}
