/** Kafka's topic name rules (Topic.validate): 1-249 chars of [a-zA-Z0-9._-], not "." or "..". */
import { FjordError } from '../errors.js';
import { topicNameProblem } from '../topic-partition.js';

export function validateTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw new FjordError('INVALID_TOPIC_EXCEPTION', problem);
}

/** Kafka forbids two topics that differ only by '.' versus '_' (their metric names collide). */
export function collidesWith(a: string, b: string): boolean {
  return a !== b && a.replace(/\./g, '_') === b.replace(/\./g, '_');
}

/** Internal topics Kafka users know by name. */
export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';
export function isInternalTopic(name: string): boolean {
  return name === CONSUMER_OFFSETS_TOPIC || name === '__transaction_state';
}
