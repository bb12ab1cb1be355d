/** The Connect plugin API in one import, for plugin authors (see README.md). */
export type {
  ConfigDef, ConfigImportance, ConfigKey, ConfigType, ConfigValidator, ConfigValue, ConfigWidth, ConnectHeader, ConnectRecord,
  ConnectorClass, ConnectorContext, Converter, ConverterClass, HeaderConverter, HeaderConverterClass, OffsetStorageReader, Predicate,
  PredicateClass, Schema, SchemaAndValue, SchemaField, SchemaType, SinkRecord, SinkTaskContext, SourceRecord, SourceTaskContext,
  TaskClass, TopicPartitionOffset, Transformation, TransformationClass,
} from './types.js';
export { Connector, SinkConnector, SinkTask, SourceConnector, SourceTask } from './types.js';
export {
  ConfigException, configKeyInfo, configValueToString, invalidConfig, mergeConfigDefs, parseConfig, parseConfigValue, validateConfig,
  type ConfigInfo, type ConfigInfos, type ConfigKeyInfo, type ConfigProblem, type ConfigValueInfo,
} from './config-def.js';
export {
  all, atLeast, noDuplicates, nonEmptyList, nonEmptyString, nonEmptyStringWithoutControlChars, nonNull, oneOf, oneOfIgnoreCase, range,
  validList, validRegex,
} from './config-validators.js';
export {
  COMMON_CONNECTOR_CONFIG, ConnectorConfigKeys, SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG, validateSinkTopics,
} from './connector-config.js';
export { DataException, RetriableException, errorClassName, isRetriable } from './errors.js';
export {
  DATE_NAME, DECIMAL_NAME, TIME_NAME, TIMESTAMP_NAME, dateSchema, decimalSchema, timeSchema, timestampSchema,
} from './data/logical-types.js';
export {
  BYTES_SCHEMA, OPTIONAL_BYTES_SCHEMA, OPTIONAL_STRING_SCHEMA, OptionalSchemas, STRING_SCHEMA, Schemas, asOptional, fieldOf, structSchema,
} from './data/schemas.js';
