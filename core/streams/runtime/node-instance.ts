/**
 * One processor of one task: its processor instance, its context and its children. Forwarding is
 * ordered: a forward whose downstream work goes async holds back the node's later forwards until
 * it settles, and `process` returns a promise covering all of it, so the task never starts the
 * next record early and every processor sees records in order (depth-first, as Kafka Streams).
 */
import { FjordError } from '../../errors.js';
import type { Cancellable, Processor, ProcessorContext, PunctuationType } from '../processor/processor.js';
import type { MaybePromise, RecordMetadata, StreamRecord } from '../processor/record.js';
import type { TopologyNode } from '../topology/nodes.js';
import type { ForwardCache } from '../dsl/processors/forward-cache.js';

/** What a node needs from its task. */
export interface TaskServices {
  readonly applicationId: string;
  readonly taskId: string;
  store(name: string, requester: string): unknown;
  /** `node` is the processor whose forwards the punctuation makes. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (ts: number) => MaybePromise, node: NodeInstance): Cancellable;
  recordMetadata(): RecordMetadata | null;
  streamTimeMs(): number;
  systemTimeMs(): number;
  requestCommit(): void;
  /** Built-in operators report late and dropped records here (never silently). */
  late(record: { processor: string; store: string; key: unknown; value: unknown; timestamp: number }): void;
  dropped(processor: string, reason: string): void;
  /** The result cache of `node`'s aggregation into `storeName`, flushed by the task at commit. */
  forwardCache(storeName: string, node: NodeInstance, resultKey?: (key: unknown, windowStartMs: number) => unknown): ForwardCache<unknown, unknown>;
}

/** Something that receives records: a processor node or a sink. */
export interface RecordReceiver {
  readonly name: string;
  receive(record: StreamRecord<unknown, unknown>): MaybePromise;
}

/** The context built-in operators see: the public one plus lateness and drop reporting. */
export interface InternalProcessorContext extends ProcessorContext {
  reportLate(info: { store: string; key: unknown; value: unknown; timestamp: number }): void;
  reportDropped(reason: string): void;
  /**
   * Kafka's record caching for an aggregation that owns `storeName`: its results go through the
   * returned cache, which forwards them from this node when the task commits or the cache fills
   * (at once when the store has caching disabled or `cacheMaxBytes` is 0). Call it once, in init.
   * `resultKey` builds a windowed result's key from the key and window start when it is forwarded.
   */
  forwardCache<K, V>(storeName: string, resultKey?: (key: K, windowStartMs: number) => unknown): ForwardCache<K, V>;
}

export class NodeInstance implements RecordReceiver {
  children: RecordReceiver[] = [];
  private pending: Promise<void> | undefined;
  readonly context: ProcessorContext;

  constructor(
    readonly name: string,
    readonly def: TopologyNode,
    private readonly processor: Processor<unknown, unknown, unknown, unknown>,
    services: TaskServices,
    storeNames: readonly string[],
  ) {
    const self = this;
    this.context = {
      applicationId: services.applicationId,
      taskId: services.taskId,
      forward: (record, childName) => self.forward(record, childName),
      getStateStore: <S>(storeName: string) => {
        if (!storeNames.includes(storeName)) {
          throw new FjordError('INVALID_ARGUMENT', `processor ${name} is not connected to state store ${storeName}; connect it when adding the processor (stores: [${storeNames.join(', ')}])`);
        }
        return services.store(storeName, name) as S;
      },
      schedule: (intervalMs, type, punctuator) => services.schedule(intervalMs, type, punctuator, self),
      recordMetadata: () => services.recordMetadata(),
      currentStreamTimeMs: () => services.streamTimeMs(),
      currentSystemTimeMs: () => services.systemTimeMs(),
      commit: () => services.requestCommit(),
      reportLate: (info) => services.late({ processor: name, ...info }),
      reportDropped: (reason) => services.dropped(name, reason),
      forwardCache: (storeName: string, resultKey?: (key: unknown, windowStartMs: number) => unknown) => services.forwardCache(storeName, self, resultKey),
    } as InternalProcessorContext;
  }

  init(): MaybePromise {
    return this.processor.init?.(this.context);
  }

  close(): MaybePromise {
    return this.processor.close?.();
  }

  receive(record: StreamRecord<unknown, unknown>): MaybePromise {
    const result = this.processor.process(record);
    if (result === undefined && this.pending === undefined) return undefined;
    return this.settle(result);
  }

  /** Runs `work` (a punctuation) with this node's forwards ordered like a record's. */
  run(work: () => MaybePromise): MaybePromise {
    const result = work();
    if (result === undefined && this.pending === undefined) return undefined;
    return this.settle(result);
  }

  private forward(record: StreamRecord<unknown, unknown>, childName?: string): void {
    if (childName !== undefined) {
      const child = this.children.find((c) => c.name === childName);
      if (child === undefined) throw new FjordError('INVALID_ARGUMENT', `processor ${this.name} has no child named ${childName} (children: ${this.children.map((c) => c.name).join(', ')})`);
      this.deliver(child, record);
      return;
    }
    for (const child of this.children) this.deliver(child, record);
  }

  private deliver(child: RecordReceiver, record: StreamRecord<unknown, unknown>): void {
    if (this.pending !== undefined) {
      this.pending = this.pending.then(() => child.receive(record));
      return;
    }
    const result = child.receive(record);
    if (result !== undefined) this.pending = result;
  }

  private async settle(result: MaybePromise): Promise<void> {
    try {
      if (result !== undefined) await result;
      while (this.pending !== undefined) {
        const waiting = this.pending;
        await waiting;
        if (this.pending === waiting) this.pending = undefined;
      }
    } catch (error) {
      this.pending = undefined;
      throw error;
    }
  }
}
