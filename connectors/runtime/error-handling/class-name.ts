/**
 * The class name the error handler reports for a converter or transform instance: Kafka's full
 * name for Fjord's built-ins (so DLQ headers read `org.apache.kafka.connect.json.JsonConverter`
 * as they would from Kafka), else the JavaScript class name.
 */
import { BUILT_IN_CONVERTERS } from '../../api/converters/create-converter.js';
import { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMS } from '../../transforms/registry.js';

const KAFKA_NAMES = new Map<unknown, string>(
  [...Object.entries(BUILT_IN_CONVERTERS), ...Object.entries(BUILT_IN_TRANSFORMS), ...Object.entries(BUILT_IN_PREDICATES)].map(([name, cls]) => [cls, name]),
);

/** Kafka's class name for a built-in instance, else its constructor's name. */
export function executingClassName(instance: object): string {
  const ctor = instance.constructor;
  return KAFKA_NAMES.get(ctor) ?? ctor.name;
}
