import { expect } from 'chai';
import { from, lastValueFrom, of, Subject } from 'rxjs';
import { processInOrder } from '../../../../core/streams/runtime/process-in-order.js';

describe('processInOrder (the RxJS operator polled batches travel through)', () => {
  it('handles synchronous items in order and completes', async () => {
    const seen: number[] = [];
    await lastValueFrom(of([1, 2, 3]).pipe(processInOrder((n: number) => void seen.push(n))), { defaultValue: undefined });
    expect(seen).to.deep.equal([1, 2, 3]);
  });

  it('handles several batches one after another, skipping empty ones', async () => {
    const seen: number[] = [];
    await lastValueFrom(from([[1, 2], [], [3], [4, 5]]).pipe(processInOrder((n: number) => void seen.push(n))), { defaultValue: undefined });
    expect(seen).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('holds later items until an async item settles, then continues in order', async () => {
    const log: string[] = [];
    const handle = (n: number) => {
      log.push(`start ${n}`);
      if (n % 2 === 0) return new Promise<void>((r) => setTimeout(() => (log.push(`end ${n}`), r()), 5));
      log.push(`end ${n}`);
      return undefined;
    };
    await lastValueFrom(of([1, 2, 3, 4, 5]).pipe(processInOrder(handle)), { defaultValue: undefined });
    expect(log).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4', 'start 5', 'end 5']);
  });

  it('holds a batch that arrives while an item of the previous one is pending', async () => {
    const source = new Subject<number[]>();
    const log: string[] = [];
    const handle = (n: number) => {
      log.push(`start ${n}`);
      if (n === 2) return new Promise<void>((r) => setTimeout(() => (log.push(`end ${n}`), r()), 5));
      return undefined;
    };
    const done = lastValueFrom(source.pipe(processInOrder(handle)), { defaultValue: undefined });
    source.next([1, 2, 3]);
    source.next([4]);
    source.complete();
    expect(log).to.deep.equal(['start 1', 'start 2']);
    await done;
    expect(log).to.deep.equal(['start 1', 'start 2', 'end 2', 'start 3', 'start 4']);
  });

  it('fails on the first error, sync or async, and handles nothing after it', async () => {
    const seen: number[] = [];
    const syncFail = lastValueFrom(from([[1, 2], [3]]).pipe(processInOrder((n: number) => {
      if (n === 2) throw new Error('bad 2');
      seen.push(n);
    })));
    let error: Error | null = null;
    await syncFail.catch((e: Error) => (error = e));
    expect(error!.message).to.equal('bad 2');
    expect(seen).to.deep.equal([1]);
    const asyncSeen: number[] = [];
    const asyncFail = lastValueFrom(from([[1, 2], [3]]).pipe(processInOrder((n: number) => (n === 1 ? Promise.reject(new Error('bad 1')) : void asyncSeen.push(n)))));
    await asyncFail.catch((e: Error) => (error = e));
    expect(error!.message).to.equal('bad 1');
    expect(asyncSeen).to.deep.equal([]);
  });

  it('waits for a pending item before completing when the source completes early', async () => {
    const source = new Subject<number[]>();
    let finished = false;
    const done = lastValueFrom(source.pipe(processInOrder(() => new Promise<void>((r) => setTimeout(() => ((finished = true), r()), 10)))), { defaultValue: undefined });
    source.next([1]);
    source.complete();
    await done;
    expect(finished).to.equal(true);
  });
});
