/**
 * The RxJS operator that carries a batch's records through the tasks: each record is handed to
 * `handle` in order; when `handle` returns a promise (a processor awaited a store scan), later
 * records wait in a queue until it settles. The queue holds at most the rest of one batch,
 * because the poll loop (`concatMap`) pulls the next batch only after this one completes.
 * Records that finish synchronously never touch the queue.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { MaybePromise } from '../processor/record.js';

export function processInOrder<T>(handle: (item: T) => MaybePromise): OperatorFunction<T, never> {
  return (source) => new Observable<never>((subscriber) => {
    const queue: T[] = [];
    let head = 0;
    let pending = false;
    let sourceDone = false;
    let stopped = false;

    const fail = (error: unknown) => {
      stopped = true;
      subscriber.error(error);
    };
    /** Runs one item; true when it went async (the queue waits for it). */
    const run = (item: T): boolean => {
      let result: MaybePromise;
      try {
        result = handle(item);
      } catch (error) {
        fail(error);
        return true;
      }
      if (result === undefined) return false;
      pending = true;
      result.then(() => {
        pending = false;
        drain();
      }, fail);
      return true;
    };
    const drain = () => {
      while (!stopped && head < queue.length) {
        const item = queue[head]!;
        queue[head++] = undefined as T;
        if (run(item)) return;
      }
      queue.length = 0;
      head = 0;
      if (sourceDone && !stopped) subscriber.complete();
    };

    const subscription = source.subscribe({
      next(item) {
        if (stopped) return;
        if (pending || head < queue.length) queue.push(item);
        else run(item);
      },
      error: fail,
      complete() {
        sourceDone = true;
        if (!pending && head >= queue.length && !stopped) subscriber.complete();
      },
    });
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
  });
}
