/** Fjord Streams: the Kafka-Streams-style DSL, the Processor API, TopologyTestDriver and the runtime. */
export { StreamsBuilder, Stores, type StoreBuilder } from './dsl/streams-builder.js';
export { KStream, BranchedKStream } from './dsl/kstream.js';
export type { Branched } from './dsl/kstream.js';
export { KTable } from './dsl/ktable.js';
export { GlobalKTable } from './dsl/global-ktable.js';
export { KGroupedStream, TimeWindowedKStream } from './dsl/kgrouped-stream.js';
export { KGroupedTable } from './dsl/kgrouped-table.js';
export { SessionWindowedKStream } from './dsl/session-windowed-stream.js';
export { SlidingWindowedKStream } from './dsl/sliding-windowed-stream.js';
export { Suppressed } from './dsl/suppress.js';
export type { BufferFullStrategy, SuppressBufferOptions } from './dsl/suppress.js';
export type { Change } from './dsl/change.js';
export type { Consumed, Produced, Grouped, Materialized, Joined, StreamJoined, Named, Repartitioned } from './dsl/options.js';
export type { Processor, ProcessorContext, ProcessorSupplier, PunctuationType, Cancellable } from './processor/processor.js';
export type { StreamRecord, RecordMetadata as StreamRecordMetadata } from './processor/record.js';
export { Topology, TopologyDescription, type SubTopology } from './topology/topology.js';
export type { TimestampExtractor, StreamPartitioner, TopicNameExtractor, StoreDef } from './topology/nodes.js';
export { TopologyTestDriver, TestInputTopic, TestOutputTopic, type TestRecord } from './runtime/topology-test-driver.js';
export type { TopologyTestDriverOptions } from './runtime/topology-test-driver.js';
export {
  TypedKeyValueStore, TimestampedKeyValueStore, TimestampedWindowStore, TypedSessionStore, type ValueAndTimestamp,
} from './runtime/store-facades.js';
export type { LateRecord } from './runtime/task.js';
export { Serdes, type Serde } from './serdes/index.js';
export { timeWindowedSerde, sessionWindowedSerde } from './serdes/windowed-serde.js';
export { TimeWindows } from './windows/time-windows.js';
export { SlidingWindows } from './windows/sliding-windows.js';
export { SessionWindows } from './windows/session-windows.js';
export { JoinWindows } from './windows/join-windows.js';
export type { Window, Windowed } from './windows/window.js';
export { FjordStreams, type FjordStreamsConfig, type StreamsState } from './runtime/fjord-streams.js';
export { QueryableStore } from './runtime/queryable-store.js';
