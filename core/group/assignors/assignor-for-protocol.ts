/**
 * Looks an assignor up by the protocol name a member offers in JoinGroup. Besides Kafka's
 * names, kafkajs offers its round robin as "RoundRobinAssigner"; it is the same algorithm.
 */
import { FjordError } from '../../errors.js';
import { cooperativeStickyAssignor } from './cooperative-sticky.js';
import type { PartitionAssignor } from './partition-assignor.js';
import { rangeAssignor } from './range.js';
import { roundRobinAssignor } from './round-robin.js';

const byProtocol: ReadonlyMap<string, PartitionAssignor> = new Map([
  ['range', rangeAssignor],
  ['roundrobin', roundRobinAssignor],
  ['RoundRobinAssigner', roundRobinAssignor],
  ['cooperative-sticky', cooperativeStickyAssignor],
]);

/** Every protocol name an assignor can be looked up by. */
export const ASSIGNOR_PROTOCOL_NAMES: readonly string[] = [...byProtocol.keys()];

/** The assignor for a JoinGroup protocol name, or undefined if Fjord has none by that name. */
export function assignorForProtocol(protocolName: string): PartitionAssignor | undefined {
  return byProtocol.get(protocolName);
}

/**
 * The assignor for the protocol the coordinator chose. Throws INCONSISTENT_GROUP_PROTOCOL for a
 * name Fjord has no assignor for (the group chose a protocol this member did not offer).
 */
export function assignorFor(protocolName: string): PartitionAssignor {
  const assignor = byProtocol.get(protocolName);
  if (assignor === undefined) {
    throw new FjordError('INCONSISTENT_GROUP_PROTOCOL', `no partition assignor for protocol "${protocolName}" (known: ${ASSIGNOR_PROTOCOL_NAMES.join(', ')})`);
  }
  return assignor;
}
