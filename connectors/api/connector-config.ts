/**
 * The config every connector accepts (Kafka Connect's ConnectorConfig, SourceConnectorConfig and
 * SinkConnectorConfig): keys, defaults, groups and documentation follow Kafka. A connector's own
 * def is merged onto these with `mergeConfigDefs`.
 */
import { mergeConfigDefs } from './config-def.js';
import { atLeast, noDuplicates, nonEmptyStringWithoutControlChars, oneOf, range, validRegex } from './config-validators.js';
import type { ConfigDef, ConfigKey } from './types.js';

const COMMON_GROUP = 'Common';
const TRANSFORMS_GROUP = 'Transforms';
const PREDICATES_GROUP = 'Predicates';
const ERROR_GROUP = 'Error Handling';

/** Config key names, so the runtime never spells them twice. */
export const ConnectorConfigKeys = {
  NAME: 'name',
  CONNECTOR_CLASS: 'connector.class',
  TASKS_MAX: 'tasks.max',
  KEY_CONVERTER: 'key.converter',
  VALUE_CONVERTER: 'value.converter',
  HEADER_CONVERTER: 'header.converter',
  CONFIG_RELOAD_ACTION: 'config.action.reload',
  TRANSFORMS: 'transforms',
  PREDICATES: 'predicates',
  ERRORS_RETRY_TIMEOUT: 'errors.retry.timeout',
  ERRORS_RETRY_DELAY_MAX_MS: 'errors.retry.delay.max.ms',
  ERRORS_TOLERANCE: 'errors.tolerance',
  ERRORS_LOG_ENABLE: 'errors.log.enable',
  ERRORS_LOG_INCLUDE_MESSAGES: 'errors.log.include.messages',
  TOPICS: 'topics',
  TOPICS_REGEX: 'topics.regex',
  DLQ_TOPIC_NAME: 'errors.deadletterqueue.topic.name',
  DLQ_TOPIC_REPLICATION_FACTOR: 'errors.deadletterqueue.topic.replication.factor',
  DLQ_CONTEXT_HEADERS_ENABLE: 'errors.deadletterqueue.context.headers.enable',
} as const;

const K = ConnectorConfigKeys;

const converterDoc = (what: string) =>
  `Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ` +
  `This controls the format of the ${what} in messages written to or read from Kafka, and since this is independent ` +
  `of connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro.`;

/** Keys every connector has (Kafka's ConnectorConfig). */
export const COMMON_CONNECTOR_CONFIG: ConfigDef = [
  { name: K.NAME, type: 'string', importance: 'high', documentation: 'Globally unique name to use for this connector.',
    validator: nonEmptyStringWithoutControlChars, group: COMMON_GROUP, orderInGroup: 1, width: 'medium', displayName: 'Connector name' },
  { name: K.CONNECTOR_CLASS, type: 'string', importance: 'high',
    documentation: 'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector. ' +
      'If the connector is org.apache.kafka.connect.file.FileStreamSinkConnector, you can either specify this full name, ' +
      'or use "FileStreamSink" or "FileStreamSinkConnector" to make the configuration a bit shorter',
    group: COMMON_GROUP, orderInGroup: 2, width: 'long', displayName: 'Connector class' },
  { name: K.TASKS_MAX, type: 'int', default: 1, importance: 'high', documentation: 'Maximum number of tasks to use for this connector.',
    validator: atLeast(1), group: COMMON_GROUP, orderInGroup: 3, width: 'short', displayName: 'Tasks max' },
  { name: K.KEY_CONVERTER, type: 'class', default: null, importance: 'low', documentation: converterDoc('keys'),
    group: COMMON_GROUP, orderInGroup: 4, width: 'short', displayName: 'Key converter class' },
  { name: K.VALUE_CONVERTER, type: 'class', default: null, importance: 'low', documentation: converterDoc('values'),
    group: COMMON_GROUP, orderInGroup: 5, width: 'short', displayName: 'Value converter class' },
  { name: K.HEADER_CONVERTER, type: 'class', default: null, importance: 'low',
    documentation: 'HeaderConverter class used to convert between Kafka Connect format and the serialized form that is written to Kafka. ' +
      'This controls the format of the header values in messages written to or read from Kafka, and since this is independent of ' +
      'connectors it allows any connector to work with any serialization format. Examples of common formats include JSON and Avro. ' +
      'By default, the SimpleHeaderConverter is used to serialize header values to strings and deserialize them by inferring the schemas.',
    group: COMMON_GROUP, orderInGroup: 6, width: 'short', displayName: 'Header converter class' },
  { name: K.CONFIG_RELOAD_ACTION, type: 'string', default: 'restart', importance: 'low',
    documentation: 'The action that Connect should take on the connector when changes in external configuration providers ' +
      'result in a change in the connector\'s configuration properties. A value of \'none\' indicates that Connect will do nothing. ' +
      'A value of \'restart\' indicates that Connect should restart/reload the connector with the updated configuration properties.',
    validator: oneOf('none', 'restart'), group: COMMON_GROUP, orderInGroup: 7, width: 'medium', displayName: 'Reload Action' },
  { name: K.TRANSFORMS, type: 'list', default: [], importance: 'low', documentation: 'Aliases for the transformations to be applied to records.',
    validator: noDuplicates, group: TRANSFORMS_GROUP, orderInGroup: 8, width: 'long', displayName: 'Transforms' },
  { name: K.PREDICATES, type: 'list', default: [], importance: 'low', documentation: 'Aliases for the predicates used by transformations.',
    validator: noDuplicates, group: PREDICATES_GROUP, orderInGroup: 9, width: 'long', displayName: 'Predicates' },
  { name: K.ERRORS_RETRY_TIMEOUT, type: 'long', default: 0, importance: 'medium',
    documentation: 'The maximum duration in milliseconds that a failed operation will be reattempted. The default is 0, ' +
      'which means no retries will be attempted. Use -1 for infinite retries.',
    validator: range(-1), group: ERROR_GROUP, orderInGroup: 1, width: 'medium', displayName: 'Retry Timeout for Errors' },
  { name: K.ERRORS_RETRY_DELAY_MAX_MS, type: 'long', default: 60000, importance: 'medium',
    documentation: 'The maximum duration in milliseconds between consecutive retry attempts. Jitter will be added to the delay ' +
      'once this limit is reached to prevent thundering herd issues.',
    validator: atLeast(0), group: ERROR_GROUP, orderInGroup: 2, width: 'medium', displayName: 'Maximum Delay Between Retries for Errors' },
  { name: K.ERRORS_TOLERANCE, type: 'string', default: 'none', importance: 'medium',
    documentation: 'Behavior for tolerating errors during connector operation. \'none\' is the default value and signals that any ' +
      'error will result in an immediate connector task failure; \'all\' changes the behavior to skip over problematic records.',
    validator: oneOf('none', 'all'), group: ERROR_GROUP, orderInGroup: 3, width: 'short', displayName: 'Error Tolerance' },
  { name: K.ERRORS_LOG_ENABLE, type: 'boolean', default: false, importance: 'medium',
    documentation: 'If true, write each error and the details of the failed operation and problematic record to the Connect ' +
      'application log. This is \'false\' by default, so that only errors that are not tolerated are reported.',
    group: ERROR_GROUP, orderInGroup: 4, width: 'short', displayName: 'Log Errors' },
  { name: K.ERRORS_LOG_INCLUDE_MESSAGES, type: 'boolean', default: false, importance: 'medium',
    documentation: 'Whether to include in the log the Connect record that resulted in a failure. For sink records, the topic, ' +
      'partition, offset, and timestamp will be logged. For source records, the key and value (and their schemas), all headers, ' +
      'and the timestamp, Kafka topic, Kafka partition, source partition, and source offset will be logged. This is \'false\' by ' +
      'default, which will prevent record keys, values, and headers from being written to log files.',
    group: ERROR_GROUP, orderInGroup: 5, width: 'short', displayName: 'Log Error Details' },
];

const dlqKeys = (forSource: boolean): ConfigKey[] => [
  { name: K.DLQ_TOPIC_NAME, type: 'string', default: '', importance: 'medium',
    documentation: forSource
      ? 'Fjord extension: the name of the topic to be used as the dead letter queue (DLQ) for source records that fail in ' +
        'this connector\'s transformations or converters. Blank by default: no records are written to a DLQ.'
      : 'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed ' +
        'by this sink connector, or its transformations or converters. The topic name is blank by default, which means that ' +
        'no messages are to be recorded in the DLQ.',
    group: ERROR_GROUP, orderInGroup: 6, width: 'medium', displayName: 'Dead Letter Queue Topic Name' },
  { name: K.DLQ_TOPIC_REPLICATION_FACTOR, type: 'int', default: 3, importance: 'medium',
    documentation: 'Replication factor used to create the dead letter queue topic when it doesn\'t already exist.',
    validator: range(-1, 32767), group: ERROR_GROUP, orderInGroup: 7, width: 'medium', displayName: 'Dead Letter Queue Topic Replication Factor' },
  { name: K.DLQ_CONTEXT_HEADERS_ENABLE, type: 'boolean', default: false, importance: 'medium',
    documentation: 'If true, add headers containing error context to the messages written to the dead letter queue. To avoid ' +
      'clashing with headers from the original record, all error context header keys, all error context header keys will start with ' +
      '__connect.errors.',
    group: ERROR_GROUP, orderInGroup: 8, width: 'medium', displayName: 'Enable Error Context Headers' },
];

const SINK_ONLY: ConfigDef = [
  { name: K.TOPICS, type: 'list', default: [], importance: 'high', documentation: 'List of topics to consume, separated by commas',
    group: COMMON_GROUP, orderInGroup: 4, width: 'long', displayName: 'Topics' },
  { name: K.TOPICS_REGEX, type: 'string', default: '', importance: 'high',
    documentation: 'Regular expression giving topics to consume. Under the hood, the regex is compiled to a JavaScript RegExp ' +
      '(Kafka: java.util.regex.Pattern) and must match the whole topic name. Only one of topics or topics.regex should be specified.',
    validator: validRegex, group: COMMON_GROUP, orderInGroup: 4, width: 'long', displayName: 'Topics regex' },
  ...dlqKeys(false),
];

/** Every source connector's config: the common keys plus Fjord's source DLQ keys. */
export const SOURCE_CONNECTOR_CONFIG: ConfigDef = mergeConfigDefs(COMMON_CONNECTOR_CONFIG, dlqKeys(true));

/** Every sink connector's config: the common keys plus topics, topics.regex and the DLQ keys. */
export const SINK_CONNECTOR_CONFIG: ConfigDef = mergeConfigDefs(COMMON_CONNECTOR_CONFIG, SINK_ONLY);

/**
 * Kafka's SinkConnectorConfig.validate cross-key checks: exactly one of topics / topics.regex,
 * and the DLQ topic may not be one of the consumed topics. Returns messages per key.
 */
export function validateSinkTopics(props: Record<string, string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const topics = (props[K.TOPICS] ?? '').trim();
  const regex = (props[K.TOPICS_REGEX] ?? '').trim();
  if (topics !== '' && regex !== '') {
    const message = `${K.TOPICS} and ${K.TOPICS_REGEX} are mutually exclusive options, but both are set.`;
    add(K.TOPICS, message);
    add(K.TOPICS_REGEX, message);
  } else if (topics === '' && regex === '') {
    const message = `Must configure one of ${K.TOPICS} or ${K.TOPICS_REGEX}`;
    add(K.TOPICS, message);
    add(K.TOPICS_REGEX, message);
  }
  const dlq = (props[K.DLQ_TOPIC_NAME] ?? '').trim();
  if (dlq !== '') {
    const list = topics === '' ? [] : topics.split(/\s*,\s*/);
    let clash = list.includes(dlq);
    if (!clash && regex !== '') {
      try {
        clash = new RegExp(`^(?:${regex})$`).test(dlq);
      } catch {
        // a bad regex is reported by the topics.regex validator
      }
    }
    if (clash) {
      const where = list.includes(dlq) ? `list of topics ('${K.TOPICS}=${topics}')` : `topics matching '${K.TOPICS_REGEX}=${regex}'`;
      add(K.DLQ_TOPIC_NAME, `The DLQ topic '${dlq}' may not be included in the ${where} to be consumed.`);
    }
  }
  return errors;
}
