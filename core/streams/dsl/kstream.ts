/**
 * KStream<K, V>: an unbounded stream of records. Each operator adds a processor to the logical
 * graph and returns a new KStream whose types follow the operator. Key-changing operators mark the
 * stream for repartitioning; the next stateful operator (groupByKey, join) inserts a repartition
 * topic first, as Kafka Streams does.
 */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { MaybePromise } from '../processor/record.js';
import type { Serde } from '../serdes/serde.js';
import type { TopicNameExtractor } from '../topology/nodes.js';
import { InternalBuilder, checkName, isGeneratedName, orDefault } from './internal-builder.js';
import type { Grouped, Joined, Materialized, Named, Produced, Repartitioned, StreamJoined } from './options.js';
import {
  branchProcessor, filterProcessor, flatMapProcessor, flatMapValuesProcessor, mapProcessor, mapValuesProcessor, passThroughProcessor, peekProcessor,
} from './processors/stateless.js';
import { streamTableJoinProcessor, tableSourceProcessor } from './processors/stateful.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { GlobalKTable } from './global-ktable.js';
import type { JoinWindows } from '../windows/join-windows.js';
import { streamStreamJoin } from './stream-stream-join.js';

export class KStream<K, V> {
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal the node whose output this stream is */ readonly nodeName: string,
    /** @internal */ readonly keySerde: Serde<K> | undefined,
    /** @internal */ readonly valueSerde: Serde<V> | undefined,
    /** @internal the key changed since the last partitioning */ readonly repartitionRequired: boolean,
  ) {}

  private next<K2, V2>(prefix: string, supplier: ProcessorSupplier<any, any, any, any>, named: Named | undefined, keySerde: Serde<K2> | undefined, valueSerde: Serde<V2> | undefined, repartition: boolean): KStream<K2, V2> {
    const name = this.builder.addProcessor(this.builder.newName(prefix, named?.name), supplier, [this.nodeName]);
    return new KStream<K2, V2>(this.builder, name, keySerde, valueSerde, repartition);
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-FILTER', filterProcessor(predicate, false), named, this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-FILTER', filterProcessor(predicate, true), named, this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  /** New key and value: `[key, value]`. Marks the stream for repartitioning. */
  map<KR, VR>(mapper: (key: K, value: V) => [KR, VR], named?: Named): KStream<KR, VR> {
    return this.next('KSTREAM-MAP', mapProcessor(mapper), named, undefined, undefined, true);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KStream<K, VR> {
    return this.next('KSTREAM-MAPVALUES', mapValuesProcessor(mapper), named, this.keySerde, undefined, this.repartitionRequired);
  }

  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<[KR, VR]>, named?: Named): KStream<KR, VR> {
    return this.next('KSTREAM-FLATMAP', flatMapProcessor(mapper), named, undefined, undefined, true);
  }

  flatMapValues<VR>(mapper: (value: V, key: K) => Iterable<VR>, named?: Named): KStream<K, VR> {
    return this.next('KSTREAM-FLATMAPVALUES', flatMapValuesProcessor(mapper), named, this.keySerde, undefined, this.repartitionRequired);
  }

  selectKey<KR>(selector: (key: K, value: V) => KR, named?: Named): KStream<KR, V> {
    return this.next('KSTREAM-KEY-SELECT', mapProcessor((k: K, v: V) => [selector(k, v), v]), named, undefined, this.valueSerde, true);
  }

  peek(action: (key: K, value: V) => void, named?: Named): KStream<K, V> {
    return this.next('KSTREAM-PEEK', peekProcessor(action, true), named, this.keySerde, this.valueSerde, this.repartitionRequired);
  }

  /** A terminal operation: runs `action` for each record. */
  foreach(action: (key: K, value: V) => void, named?: Named): void {
    this.builder.addProcessor(this.builder.newName('KSTREAM-FOREACH', named?.name), peekProcessor(action, false), [this.nodeName]);
  }

  /** Splits the stream: each record goes to the first branch whose predicate holds. */
  split(named?: Named): BranchedKStream<K, V> {
    return new BranchedKStream(this, this.builder.newName('KSTREAM-BRANCH', named?.name));
  }

  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const name = this.builder.addProcessor(this.builder.newName('KSTREAM-MERGE', named?.name), passThroughProcessor(), [this.nodeName, other.nodeName]);
    return new KStream(this.builder, name, this.keySerde ?? other.keySerde, this.valueSerde ?? other.valueSerde, this.repartitionRequired || other.repartitionRequired);
  }

  /** Writes the stream to an internal topic and reads it back, partitioned by the current key. */
  repartition(options: Repartitioned<K, V> = {}): KStream<K, V> {
    const n = options.numberOfPartitions;
    if (n !== undefined && (!Number.isSafeInteger(n) || n < 1)) {
      throw new FjordError('INVALID_ARGUMENT', `repartition(${options.name ?? ''}): numberOfPartitions must be an integer >= 1, got ${String(n)}`);
    }
    if (options.name !== undefined) checkName('repartition name', options.name);
    return this.throughRepartitionTopic(options.name, options.keySerde ?? this.keySerde, options.valueSerde ?? this.valueSerde, options.numberOfPartitions ?? null, options.partitioner);
  }

  /**
   * @internal Writes to `<prefix>-repartition` and reads it back. As in Kafka, the sink, filter and
   * source take generated names when `prefix` is itself generated (`KSTREAM-...-0000000003`), else
   * `<prefix>-repartition-sink` / `-filter` / `-source`. Null keys pass (the topic's default
   * partitioner spreads them); the operator downstream decides whether to drop and report them.
   */
  throughRepartitionTopic(baseName: string | undefined, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, partitions: number | null, partitioner?: Produced<K, V>['partitioner']): KStream<K, V> {
    const prefix = baseName ?? this.builder.newName('KSTREAM-REPARTITION');
    const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
    // Kafka always uses up these three indexes, named or not, so later generated names line up.
    const generated = { sink: this.builder.newName('KSTREAM-SINK'), filter: this.builder.newName('KSTREAM-FILTER'), source: this.builder.newName('KSTREAM-SOURCE') };
    const names = isGeneratedName(prefix) ? generated : { sink: `${topic}-sink`, filter: `${topic}-filter`, source: `${topic}-source` };
    const ks = orDefault(keySerde);
    const vs = orDefault(valueSerde);
    this.builder.topology.repartitionTopics.set(topic, { partitions });
    const filterName = this.builder.addProcessor(names.filter, passThroughProcessor(), [this.nodeName]);
    this.builder.topology.addSink(names.sink, topic, { keySerde: ks, valueSerde: vs, internal: true, partitioner }, filterName);
    this.builder.topology.addSource(names.source, [topic], { keySerde: ks, valueSerde: vs, internal: true });
    return new KStream<K, V>(this.builder, names.source, ks, vs, false);
  }

  /** Writes every record to `topic` (or the topic `extractor` picks per record). */
  to(topic: string | TopicNameExtractor<K, V>, produced: Produced<K, V> = {}): void {
    if (typeof topic === 'string' && topic.length === 0) throw new FjordError('INVALID_ARGUMENT', 'to(): the topic name must not be empty');
    this.builder.topology.addSink(this.builder.newName('KSTREAM-SINK', produced.name), topic, {
      keySerde: produced.keySerde ?? orDefault(this.keySerde),
      valueSerde: produced.valueSerde ?? orDefault(this.valueSerde),
      partitioner: produced.partitioner,
    }, this.nodeName);
  }

  /** A table of the latest value per key (null values delete). */
  toTable(materialized: Materialized<K, V> = {}): KTable<K, V> {
    // Kafka's order of names: the processor, the store, then the repartition topic named after the processor.
    const name = this.builder.newName('KSTREAM-TOTABLE', materialized.name);
    const storeName = materialized.storeName ?? this.builder.newStoreName('KSTREAM-TOTABLE-');
    const input = this.repartitionRequired ? this.throughRepartitionTopic(name, materialized.keySerde ?? this.keySerde, materialized.valueSerde ?? this.valueSerde, null) : this;
    const ks = materialized.keySerde ?? orDefault(input.keySerde);
    const vs = materialized.valueSerde ?? orDefault(input.valueSerde);
    const store = this.builder.addStore('keyValue', storeName, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, tableSourceProcessor(store.name), [input.nodeName], [store.name]);
    return new KTable<K, V>(this.builder, name, ks, vs, store.name);
  }

  /**
   * Groups by the current key. After a key change the aggregation that follows repartitions
   * first, through `<grouped.name or its store name>-repartition`, as Kafka Streams does.
   */
  groupByKey(grouped: Grouped<K, V> = {}): KGroupedStream<K, V> {
    const ks = grouped.keySerde ?? this.keySerde;
    const vs = grouped.valueSerde ?? this.valueSerde;
    const repartition = this.repartitionRequired ? { from: this as KStream<K, V>, name: grouped.name } : null;
    return new KGroupedStream<K, V>(this.builder, this.nodeName, orDefault(ks), orDefault(vs), repartition);
  }

  groupBy<KR>(selector: (key: K, value: V) => KR, grouped: Grouped<KR, V> = {}): KGroupedStream<KR, V> {
    // Kafka names the key selector after the grouping when it has a name.
    return this.selectKey(selector, { name: grouped.name }).groupByKey(grouped);
  }

  /** Runs a Processor API processor; `storeNames` are the stores it may use. */
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, options: Named & { storeNames?: string[] } = {}): KStream<KR, VR> {
    const name = this.builder.addProcessor(this.builder.newName('KSTREAM-PROCESSOR', options.name), supplier, [this.nodeName], options.storeNames ?? []);
    return new KStream<KR, VR>(this.builder, name, undefined, undefined, true);
  }

  /** Like process, for processors that keep the key (no repartitioning needed afterwards). */
  processValues<VR>(supplier: ProcessorSupplier<K, V, K, VR>, options: Named & { storeNames?: string[] } = {}): KStream<K, VR> {
    const name = this.builder.addProcessor(this.builder.newName('KSTREAM-PROCESSVALUES', options.name), checkKeyKept(supplier), [this.nodeName], options.storeNames ?? []);
    return new KStream<K, VR>(this.builder, name, this.keySerde, undefined, this.repartitionRequired);
  }

  /** Stream-table join: each record looks up the table's current value for its key. */
  join<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  /** Stream-stream windowed join. */
  join<VO, VR>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO) => VR, windows: JoinWindows, joined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  join(other: KTable<K, any> | KStream<K, any>, joiner: (a: any, b: any) => any, third?: any, fourth?: any): KStream<K, any> {
    if (other instanceof KTable) return this.tableJoin(other, joiner, false, third);
    return streamStreamJoin(this, other, joiner, third, 'inner', fourth);
  }

  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT | null) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO | null) => VR, windows: JoinWindows, joined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  leftJoin(other: KTable<K, any> | KStream<K, any>, joiner: (a: any, b: any) => any, third?: any, fourth?: any): KStream<K, any> {
    if (other instanceof KTable) return this.tableJoin(other, joiner, true, third);
    return streamStreamJoin(this, other, joiner, third, 'left', fourth);
  }

  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: (value: V | null, otherValue: VO | null) => VR, windows: JoinWindows, joined?: StreamJoined<K, V, VO>): KStream<K, VR> {
    return streamStreamJoin(this, other, joiner, windows, 'outer', joined);
  }

  private tableJoin<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT | null) => VR, leftJoin: boolean, joined: Joined<K, V, VT> = {}): KStream<K, VR> {
    // Kafka names the repartition topic after the Joined name, else after the re-keying node.
    const input = this.repartitionRequired ? this.throughRepartitionTopic(joined.name ?? this.nodeName, joined.keySerde ?? this.keySerde, joined.valueSerde ?? this.valueSerde, null) : this;
    const store = table.materializedStore();
    const name = this.builder.addProcessor(this.builder.newName(leftJoin ? 'KSTREAM-LEFTJOIN' : 'KSTREAM-JOIN', joined.name), streamTableJoinProcessor<K, V, K, VT, VR>(store, (k) => k, (v, t) => joiner(v, t), leftJoin), [input.nodeName], [store]);
    return new KStream<K, VR>(this.builder, name, input.keySerde, undefined, false);
  }

  /** Stream-globalTable join: `keySelector` picks the table key; no co-partitioning needed. */
  joinGlobal<KG, VG, VR>(table: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, tableValue: VG) => VR, named?: Named): KStream<K, VR> {
    const name = this.builder.addProcessor(this.builder.newName('KSTREAM-JOIN', named?.name), streamTableJoinProcessor<K, V, KG, VG, VR>(table.storeName, keySelector, (v, t) => joiner(v, t as VG), false), [this.nodeName], [table.storeName]);
    return new KStream<K, VR>(this.builder, name, this.keySerde, undefined, this.repartitionRequired);
  }

  leftJoinGlobal<KG, VG, VR>(table: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, tableValue: VG | null) => VR, named?: Named): KStream<K, VR> {
    const name = this.builder.addProcessor(this.builder.newName('KSTREAM-LEFTJOIN', named?.name), streamTableJoinProcessor<K, V, KG, VG, VR>(table.storeName, keySelector, joiner, true), [this.nodeName], [table.storeName]);
    return new KStream<K, VR>(this.builder, name, this.keySerde, undefined, this.repartitionRequired);
  }
}

/**
 * processValues: fails loudly if the processor forwards a record under another key than the one
 * it is processing. Forwards from punctuations are not checked: like Kafka's FixedKeyProcessor,
 * such a processor re-emits records it kept, under their own keys.
 */
function checkKeyKept<K, V, VR>(supplier: ProcessorSupplier<K, V, K, VR>): ProcessorSupplier<K, V, K, VR> {
  return () => {
    const inner = supplier();
    let currentKey: K;
    let punctuating = 0;
    return {
      init(context) {
        const guarded = Object.create(context) as typeof context;
        guarded.forward = (record, child) => {
          if (punctuating === 0 && record.key !== currentKey) {
            throw new FjordError('INVALID_ARGUMENT', `processValues: a processor may not change the record key (got ${String(record.key)} while processing ${String(currentKey)}; use process() instead)`);
          }
          context.forward(record, child);
        };
        guarded.schedule = (intervalMs, type, punctuator) => context.schedule(intervalMs, type, (timestampMs) => {
          punctuating += 1;
          let result: MaybePromise;
          try {
            result = punctuator(timestampMs);
          } catch (error) {
            punctuating -= 1;
            throw error;
          }
          if (result === undefined) punctuating -= 1;
          else result = result.finally(() => { punctuating -= 1; });
          return result;
        });
        return inner.init?.(guarded);
      },
      process(record) {
        currentKey = record.key;
        return inner.process(record);
      },
      close: () => inner.close?.(),
    };
  };
}

/** A branch's options (Kafka's `Branched`): its name suffix, and an optional chain applied to it. */
export interface Branched<K, V> {
  /** Appended to the split's name: `split({name: 'fruit-'}).branch(p, {name: 'apple'})` is `fruit-apple`. */
  name?: string;
  /**
   * Kafka's `Branched.withFunction` / `withConsumer`: runs on the branch's stream; the map holds
   * what it returns, or no entry when it returns nothing.
   */
  chain?: (stream: KStream<K, V>) => KStream<K, V> | void;
}

/**
 * `stream.split().branch(p1).branch(p2).defaultBranch()`: named KStreams per branch. Each record
 * goes to the first branch whose predicate holds, else to the default branch, else nowhere. As in
 * Kafka, branch names are the split's name followed by the branch's name or its 1-based position
 * (`KSTREAM-BRANCH-00000000011`), and the default branch's is position 0.
 */
export class BranchedKStream<K, V> {
  private readonly branches: { predicate: (key: K, value: V) => boolean; child: string }[] = [];
  private readonly result = new Map<string, KStream<K, V>>();
  private defaultChild: string | undefined;

  constructor(private readonly stream: KStream<K, V>, private readonly splitterName: string) {
    stream.builder.addProcessor(splitterName, () => branchProcessor<K, V>(this.branches, this.defaultChild)(), [stream.nodeName]);
  }

  branch(predicate: (key: K, value: V) => boolean, branched: Branched<K, V> = {}): this {
    const child = this.addChild(branched, this.branches.length + 1);
    this.branches.push({ predicate, child });
    return this;
  }

  defaultBranch(branched: Branched<K, V> = {}): Map<string, KStream<K, V>> {
    this.defaultChild = this.addChild(branched, 0);
    return this.result;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.result;
  }

  private addChild(branched: Branched<K, V>, position: number): string {
    const b = this.stream.builder;
    const child = `${this.splitterName}${branched.name ?? String(position)}`;
    b.newName('KSTREAM-BRANCHCHILD'); // Kafka uses up an index per branch
    b.addProcessor(child, passThroughProcessor(), [this.splitterName]);
    const branchStream = new KStream<K, V>(b, child, this.stream.keySerde, this.stream.valueSerde, this.stream.repartitionRequired);
    const chained = branched.chain === undefined ? branchStream : branched.chain(branchStream);
    if (chained !== undefined) this.result.set(child, chained);
    return child;
  }
}
