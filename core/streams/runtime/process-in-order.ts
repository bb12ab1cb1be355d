/**
 * The RxJS operator that carries polled batches through the tasks: each batch's records are
 * handed to `handle` in order, in a plain loop (RxJS sees one item per batch, not one per record:
 * a subscriber chain per record cost more than the loop it carried); when `handle` returns a
 * promise (a processor awaited a store scan), the rest of the batch, and any batch after it,
 * waits until it settles. At most one batch waits, because the poll loop pulls the next batch
 * only after this one is done.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { MaybePromise } from '../processor/record.js';

export function processInOrder<T>(handle: (item: T) => MaybePromise): OperatorFunction<readonly T[], never> {
  return (source) => new Observable<never>((subscriber) => {
    /** Batches not finished yet; `index` is the next item of the first. */
    const batches: (readonly T[])[] = [];
    let index = 0;
    let pending = false;
    let draining = false;
    let sourceDone = false;
    let stopped = false;

    const fail = (error: unknown) => {
      stopped = true;
      subscriber.error(error);
    };
    const resume = () => {
      pending = false;
      drain();
    };
    /** Runs items until one goes async, one fails or none is left. */
    const drain = () => {
      draining = true;
      while (!stopped && batches.length > 0) {
        const batch = batches[0]!;
        while (index < batch.length) {
          const item = batch[index++]!;
          let result: MaybePromise;
          try {
            result = handle(item);
          } catch (error) {
            draining = false;
            fail(error);
            return;
          }
          if (result !== undefined) {
            pending = true;
            draining = false;
            result.then(resume, fail);
            return;
          }
        }
        batches.shift();
        index = 0;
      }
      draining = false;
      if (sourceDone && !stopped && batches.length === 0) subscriber.complete();
    };

    const subscription = source.subscribe({
      next(batch) {
        if (stopped) return;
        batches.push(batch);
        // A batch arriving while one is running or waiting joins the queue behind it.
        if (!pending && !draining) drain();
      },
      error: fail,
      complete() {
        sourceDone = true;
        if (!pending && !draining && batches.length === 0 && !stopped) subscriber.complete();
      },
    });
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
  });
}
