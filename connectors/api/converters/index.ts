/** Converters: Connect data ↔ bytes (key.converter, value.converter, header.converter). */
export { JsonConverter, JSON_CONVERTER_CONFIG } from './json-converter.js';
export { StringConverter, STRING_CONVERTER_CONFIG } from './string-converter.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { SimpleHeaderConverter, headerValueToString, parseHeaderString } from './simple-header-converter.js';
export {
  BooleanConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
} from './number-converters.js';
export {
  BUILT_IN_CONVERTERS, DEFAULT_HEADER_CONVERTER, converterProps, createConverter, createHeaderConverter,
} from './create-converter.js';
export { connectToJson, jsonToConnect, type JsonDataOptions } from './json-data.js';
export { schemaFromJson, schemaToJson } from './json-schema.js';
