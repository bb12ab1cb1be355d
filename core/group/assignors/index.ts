/** The partition assignors and their lookup by protocol name. */
export { ASSIGNOR_PROTOCOL_NAMES, assignorFor, assignorForProtocol } from './assignor-for-protocol.js';
export { cooperativeStickyAssignor } from './cooperative-sticky.js';
export type { Assignment, AssignorMember, PartitionAssignor, TopicPartitions } from './partition-assignor.js';
export { rangeAssignor } from './range.js';
export { roundRobinAssignor } from './round-robin.js';
