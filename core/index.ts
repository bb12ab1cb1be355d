/** Fjord's public TypeScript API: `import { Fjord } from 'fjord'`. */
export { Fjord, type EmbeddedOptions } from './client/fjord.js';
export { Producer } from './client/producer.js';
export type { ProducerConfig } from './client/producer-config.js';
export { Consumer, type RebalanceListener } from './client/consumer.js';
export { FetchedRecordView } from './client/fetcher.js';
export type { ConsumerConfig, AssignorName } from './client/consumer-config.js';
export { Admin, type NewTopic, type TopicDescription, type GroupDescription, type GroupOffset, type OffsetSpec } from './client/admin.js';
export type { ProducerRecord, RecordMetadata, ConsumerRecord, TopicPartition, RecordHeader } from './client/record-types.js';
export type { Transport } from './client/transport.js';
export { Broker, type BrokerOptions } from './broker/broker.js';
export { FjordError, type FjordErrorCode } from './errors.js';
export { applyServerGcProfile, serverGcFlags, SERVER_GC_FLAGS, GC_FLAGS_ENV } from './io/gc-profile.js';
export { LOG_CONFIG_DEFINITIONS } from './log/log-config.js';
export * as streams from './streams/index.js';
export { StreamsBuilder, FjordStreams, TopologyTestDriver, Serdes, TimeWindows, SessionWindows, SlidingWindows, JoinWindows, Suppressed } from './streams/index.js';
