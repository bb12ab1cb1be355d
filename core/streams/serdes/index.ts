/** Serdes: the public surface of core/streams/serdes. */
export type { Serde, SerdeType } from './serde.js';
export { serdeError, serializeError } from './serde.js';
export { Serdes, nullSafeSerde } from './serdes.js';
export { timeWindowedSerde, sessionWindowedSerde } from './windowed-serde.js';
