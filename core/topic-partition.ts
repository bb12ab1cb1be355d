/**
 * Topic-partition basics every layer shares (log, broker, clients): Kafka's topic name rules
 * (Topic.validate) and the map key of a topic-partition.
 */

export const TOPIC_NAME_LENGTH_MAX = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Why `name` is not a legal topic name (1-249 chars of [a-zA-Z0-9._-], not "." or ".."), or null if it is. */
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

/** A map key for a topic-partition (NUL cannot occur in a topic name). */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
