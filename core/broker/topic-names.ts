/** Kafka's topic name rules (Topic.validate): 1-249 chars of [a-zA-Z0-9._-], not "." or "..". */
import { FjordError } from '../errors.js';

export const TOPIC_NAME_LENGTH_MAX = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal topic name, or null if it is. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name cannot be "${name}"`;
  if (name.length > TOPIC_NAME_LENGTH_MAX) return `topic name is ${name.length} characters, the limit is ${TOPIC_NAME_LENGTH_MAX}`;
  if (!LEGAL.test(name)) {
    const bad = [...name].find((c) => !/[a-zA-Z0-9._-]/.test(c));
    return `topic name "${name}" contains "${bad}"; legal characters are ASCII letters, digits, '.', '_' and '-'`;
  }
  return null;
}

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
