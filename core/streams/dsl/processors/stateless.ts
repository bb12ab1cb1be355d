/** The stateless KStream operators as processor suppliers: each is a few lines over `forwarding`. */
import type { Processor, ProcessorContext, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord, MaybePromise } from '../../processor/record.js';

type Forward = (record: StreamRecord<unknown, unknown>, childName?: string) => void;

/** A processor from one function of (record, forward). */
export function forwarding<K, V>(fn: (record: StreamRecord<K, V>, forward: Forward, context: ProcessorContext) => MaybePromise): ProcessorSupplier<K, V, unknown, unknown> {
  return () => {
    let context: ProcessorContext;
    let forward: Forward;
    const processor: Processor<K, V, unknown, unknown> = {
      init(ctx) {
        context = ctx as ProcessorContext;
        forward = (r, child) => context.forward(r, child);
      },
      process: (record) => fn(record, forward, context),
    };
    return processor;
  };
}

export function filterProcessor<K, V>(predicate: (key: K, value: V) => boolean, negate: boolean) {
  return forwarding<K, V>((r, forward) => {
    if (predicate(r.key, r.value) !== negate) forward(r);
  });
}

export function mapProcessor<K, V, KR, VR>(mapper: (key: K, value: V) => [KR, VR]) {
  return forwarding<K, V>((r, forward) => {
    const [key, value] = mapper(r.key, r.value);
    forward({ ...r, key, value });
  });
}

export function mapValuesProcessor<K, V, VR>(mapper: (value: V, key: K) => VR) {
  return forwarding<K, V>((r, forward) => forward({ ...r, value: mapper(r.value, r.key) }));
}

export function flatMapProcessor<K, V, KR, VR>(mapper: (key: K, value: V) => Iterable<[KR, VR]>) {
  return forwarding<K, V>((r, forward) => {
    for (const [key, value] of mapper(r.key, r.value)) forward({ ...r, key, value });
  });
}

export function flatMapValuesProcessor<K, V, VR>(mapper: (value: V, key: K) => Iterable<VR>) {
  return forwarding<K, V>((r, forward) => {
    for (const value of mapper(r.value, r.key)) forward({ ...r, value });
  });
}

export function peekProcessor<K, V>(action: (key: K, value: V) => void, forwardOn: boolean) {
  return forwarding<K, V>((r, forward) => {
    action(r.key, r.value);
    if (forwardOn) forward(r);
  });
}

/** Sends each record to the first branch whose predicate holds (or the default), by child name. */
export function branchProcessor<K, V>(branches: { predicate: (key: K, value: V) => boolean; child: string }[], defaultChild: string | undefined) {
  return forwarding<K, V>((r, forward) => {
    for (const b of branches) {
      if (b.predicate(r.key, r.value)) {
        forward(r, b.child);
        return;
      }
    }
    if (defaultChild !== undefined) forward(r, defaultChild);
  });
}

export function passThroughProcessor<K, V>() {
  return forwarding<K, V>((r, forward) => forward(r));
}
