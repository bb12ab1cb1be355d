/**
 * Stream-stream windowed joins (`join`, `leftJoin`, `outerJoin` of two KStreams), wired as Kafka
 * Streams wires them: a windowed processor and a join processor per side, a merge of the two
 * join outputs, one window store per side (`KSTREAM-JOINTHIS-…-store`, `KSTREAM-JOINOTHER-…-store`,
 * or `<storeName>-this-join-store` / `-other-join-store`) and, for left and outer joins, the
 * shared store of unmatched records (`KSTREAM-OUTERSHARED-…-store`). Both join processors are
 * connected to every store, so they run in one sub-topology (one task per partition); an input
 * whose key changed is first repartitioned so both inputs are partitioned by the join key.
 * The semantics (windows, lateness, when unmatched records are emitted) are in
 * processors/join-stream-stream.ts.
 */
import { FjordError } from '../../errors.js';
import type { Serde } from '../serdes/serde.js';
import { JoinWindows } from '../windows/join-windows.js';
import { orDefault } from './internal-builder.js';
import { KStream } from './kstream.js';
import type { StreamJoined } from './options.js';
import { passThroughProcessor } from './processors/stateless.js';
import { joinBufferSerde, outerKeySerde, outerValuesSerde } from './processors/join-serdes.js';
import { joinWindowedProcessor, streamJoinProcessor } from './processors/join-stream-stream.js';

export type StreamJoinKind = 'inner' | 'left' | 'outer';

const OPERATION: Record<StreamJoinKind, string> = { inner: 'join', left: 'leftJoin', outer: 'outerJoin' };

/** Adds a stream-stream join of `left` and `right` to their builder and returns the joined stream. */
export function streamStreamJoin<K, V, VO, VR>(left: KStream<K, V>, right: KStream<K, VO>, joiner: (value: any, otherValue: any) => VR, windows: JoinWindows, kind: StreamJoinKind, joined: StreamJoined<K, V, VO> = {}): KStream<K, VR> {
  const op = `KStream.${OPERATION[kind]}()`;
  if (!(right instanceof KStream)) throw new FjordError('INVALID_ARGUMENT', `${op}: the other input must be a KStream or KTable`);
  if (typeof joiner !== 'function') throw new FjordError('INVALID_ARGUMENT', `${op}: the joiner must be a function (value, otherValue) => result`);
  if (!(windows instanceof JoinWindows)) {
    throw new FjordError('INVALID_ARGUMENT', `${op}: a stream-stream join needs JoinWindows as its third argument, e.g. JoinWindows.ofTimeDifferenceWithNoGrace(5000)`);
  }
  const b = left.builder;
  if (right.builder !== b) throw new FjordError('INVALID_ARGUMENT', `${op}: both streams must come from the same StreamsBuilder`);
  if (joined.storeName !== undefined && joined.storeName.length === 0) throw new FjordError('INVALID_ARGUMENT', `${op}: StreamJoined.storeName must not be empty`);

  const keySerde = orDefault(joined.keySerde ?? left.keySerde ?? right.keySerde);
  const valueSerde = orDefault(joined.valueSerde ?? left.valueSerde);
  const otherValueSerde = orDefault(joined.otherValueSerde ?? right.valueSerde);
  const named = joined.name;
  const l = left.repartitionRequired ? repartitionForJoin(left, named === undefined ? left.nodeName : `${named}-left`, keySerde, valueSerde) : left;
  const r = right.repartitionRequired ? repartitionForJoin(right, named === undefined ? right.nodeName : `${named}-right`, keySerde, otherValueSerde) : right;

  const leftOuter = kind !== 'inner';
  const rightOuter = kind === 'outer';
  const thisWindowed = b.newName('KSTREAM-WINDOWED', named === undefined ? undefined : `${named}-this-windowed`);
  const otherWindowed = b.newName('KSTREAM-WINDOWED', named === undefined ? undefined : `${named}-other-windowed`);
  const thisPrefix = rightOuter ? 'KSTREAM-OUTERTHIS' : 'KSTREAM-JOINTHIS';
  const thisGenerated = b.newName(thisPrefix);
  const otherGenerated = b.newName(leftOuter ? 'KSTREAM-OUTEROTHER' : 'KSTREAM-JOINOTHER');
  const thisSuffix = rightOuter ? '-outer-this-join' : '-this-join';
  const otherSuffix = leftOuter ? '-outer-other-join' : '-other-join';
  const thisJoin = named === undefined ? thisGenerated : `${named}${thisSuffix}`;
  const otherJoin = named === undefined ? otherGenerated : `${named}${otherSuffix}`;
  const merge = b.newName('KSTREAM-MERGE', named === undefined ? undefined : `${named}-merge`);

  const base = joined.storeName;
  const retentionMs = Math.max(windows.beforeMs, 0) + Math.max(windows.afterMs, 0) + windows.graceMs + 1;
  const windowStore = (name: string, vs: Serde<any>) =>
    b.addStore('window', name, undefined, { keySerde, valueSerde: joinBufferSerde(vs) }, { retentionMs, windowSizeMs: windows.sizeMs }).name;
  const thisStore = windowStore(`${base === undefined ? thisGenerated : base + thisSuffix}-store`, valueSerde);
  const otherStore = windowStore(`${base === undefined ? otherGenerated : base + otherSuffix}-store`, otherValueSerde);
  let outerStore: string | null = null;
  if (leftOuter && windows.spuriousResultFix) {
    const outerName = base === undefined
      ? `KSTREAM-OUTERSHARED${thisGenerated.slice(thisPrefix.length)}-store`
      : `${base}${rightOuter ? '-outer-shared-join' : '-left-shared-join'}-store`;
    outerStore = b.addStore('keyValue', outerName, undefined, { keySerde: outerKeySerde(keySerde), valueSerde: outerValuesSerde(valueSerde, otherValueSerde) }).name;
  }
  const stores = outerStore === null ? [thisStore, otherStore] : [thisStore, otherStore, outerStore];

  b.addProcessor(thisWindowed, joinWindowedProcessor(thisStore, windows, 'left'), [l.nodeName], [thisStore]);
  b.addProcessor(otherWindowed, joinWindowedProcessor(otherStore, windows, 'right'), [r.nodeName], [otherStore]);
  const common = { windows, joiner, outerStore };
  b.addProcessor(thisJoin, streamJoinProcessor({ ...common, thisIsLeft: true, outer: leftOuter, thisStore, otherStore }), [thisWindowed], stores);
  b.addProcessor(otherJoin, streamJoinProcessor({ ...common, thisIsLeft: false, outer: rightOuter, thisStore: otherStore, otherStore: thisStore }), [otherWindowed], stores);
  b.addProcessor(merge, passThroughProcessor(), [thisJoin, otherJoin]);
  return new KStream<K, VR>(b, merge, joined.keySerde ?? left.keySerde, undefined, false);
}

/** Per builder, the repartitioned input made for each base name, so a stream joined twice reuses its topic. */
const repartitioned = new WeakMap<object, Map<string, KStream<any, any>>>();

/**
 * The input read back from a repartition topic keyed by the join key: Kafka names the topic after
 * the input's node, or `<name>-left` / `<name>-right` when the join is named.
 */
function repartitionForJoin<K, V>(stream: KStream<K, V>, baseName: string, keySerde: Serde<K>, valueSerde: Serde<V>): KStream<K, V> {
  let made = repartitioned.get(stream.builder);
  if (made === undefined) {
    made = new Map();
    repartitioned.set(stream.builder, made);
  }
  const existing = made.get(baseName);
  if (existing !== undefined) return existing as KStream<K, V>;
  const result = stream.throughRepartitionTopic(baseName, keySerde, valueSerde, null);
  made.set(baseName, result);
  return result;
}
