/**
 * Built-in serdes with Kafka's byte layouts: String (UTF-8), ByteArray/Bytes (as is),
 * Long (8-byte big-endian two's complement, values as bigint), Integer (4-byte big-endian),
 * Double (8-byte IEEE 754 big-endian), Json (UTF-8 JSON text) and Void (always null).
 */
import { Serde, expectLength, serdeError, serializeError } from './serde.js';
import { isNonNullJsonText } from './json-check.js';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Builds a serde that maps null to null around non-null encode/decode functions; `accepts`
 * (optional) tells without decoding whether `decode` would succeed and return non-null (see
 * `Serde.accepts`); `encodeText` (optional) is the UTF-8 text `encode` writes (see `Serde.serializeText`)
 * and `decodeText` (optional) reads such text as `decode` reads its bytes (see `Serde.deserializeText`).
 */
export function nullSafeSerde<T>(
  name: string,
  encode: (topic: string, value: T) => Buffer,
  decode: (topic: string, data: Buffer) => T,
  accepts?: (data: Buffer) => boolean,
  encodeText?: (topic: string, value: T) => string,
  decodeText?: (topic: string, text: string) => T,
): Serde<T> {
  return {
    name,
    serialize: (topic, value) => (value === null ? null : encode(topic, value)),
    deserialize: (topic, data) => (data === null ? null : decode(topic, data)),
    ...(accepts === undefined ? {} : { accepts }),
    ...(encodeText === undefined ? {} : { serializeText: (topic: string, value: T | null) => (value === null ? null : encodeText(topic, value)) }),
    ...(decodeText === undefined ? {} : { deserializeText: (topic: string, text: string | null) => (text === null ? null : decodeText(topic, text)) }),
  };
}

/** A text serde's serialize: its text as UTF-8 bytes. */
const utf8Of = <T>(text: (topic: string, value: T) => string) => (topic: string, value: T): Buffer => Buffer.from(text(topic, value), 'utf8');

const always = (): boolean => true;
const lengthIs = (bytes: number) => (data: Buffer): boolean => data.length === bytes;

function stringText(topic: string, value: string): string {
  if (typeof value !== 'string') throw serializeError('String', topic, `expected a string, got ${typeof value}`);
  return value;
}

const stringSerde: Serde<string> = { ...nullSafeSerde<string>('String', utf8Of(stringText), (_topic, data) => data.toString('utf8'), always, stringText, (_topic, text) => text), acceptsAt: always };

const byteArraySerde = nullSafeSerde<Buffer>(
  'ByteArray',
  (topic, value) => {
    if (!Buffer.isBuffer(value)) throw serializeError('ByteArray', topic, 'expected a Buffer');
    return value;
  },
  (_topic, data) => data,
  always,
);

const longSerde = nullSafeSerde<bigint>(
  'Long',
  (topic, value) => {
    if (typeof value !== 'bigint') throw serializeError('Long', topic, `expected a bigint, got ${typeof value}`);
    if (value < LONG_MIN || value > LONG_MAX) throw serializeError('Long', topic, `${value} is outside the signed 64-bit range`);
    const out = Buffer.alloc(8);
    out.writeBigInt64BE(value, 0);
    return out;
  },
  (topic, data) => {
    expectLength('Long', topic, data, 8);
    return data.readBigInt64BE(0);
  },
  lengthIs(8),
);

const integerSerde = nullSafeSerde<number>(
  'Integer',
  (topic, value) => {
    if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) {
      throw serializeError('Integer', topic, `${String(value)} is not a signed 32-bit integer`);
    }
    const out = Buffer.alloc(4);
    out.writeInt32BE(value, 0);
    return out;
  },
  (topic, data) => {
    expectLength('Integer', topic, data, 4);
    return data.readInt32BE(0);
  },
  lengthIs(4),
);

const doubleSerde = nullSafeSerde<number>(
  'Double',
  (topic, value) => {
    if (typeof value !== 'number') throw serializeError('Double', topic, `expected a number, got ${typeof value}`);
    const out = Buffer.alloc(8);
    out.writeDoubleBE(value, 0);
    return out;
  },
  (topic, data) => {
    expectLength('Double', topic, data, 8);
    return data.readDoubleBE(0);
  },
  lengthIs(8),
);

function jsonText(topic: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw serializeError('Json', topic, `value cannot be written as JSON (${(cause as Error).message})`, cause);
  }
  // JSON.stringify returns undefined for functions and undefined: nothing to write.
  if (text === undefined) throw serializeError('Json', topic, `value of type ${typeof value} has no JSON form`);
  return text;
}

function jsonSerde<T>(): Serde<T> {
  const serde = nullSafeSerde<T>(
    'Json',
    utf8Of<T>(jsonText),
    (topic, data) => {
      const integer = jsonNaturalNumber(data);
      if (integer !== undefined) return integer as T;
      return parseJson<T>(topic, data.toString('utf8'));
    },
    isNonNullJsonText,
    jsonText,
    parseJson,
  );
  return { ...serde, acceptsAt: isNonNullJsonText };
}

function parseJson<T>(topic: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw serdeError('Json', topic, `invalid JSON (${(cause as Error).message})`, cause);
  }
}

/**
 * The value of JSON text that is a natural number below 2^53 written plainly (`0`, `17`; no
 * sign, leading zero, fraction or whitespace), read without a string or JSON.parse: counts are
 * stored as such text and read back on every update. undefined for anything else.
 */
function jsonNaturalNumber(data: Buffer): number | undefined {
  const length = data.length;
  if (length === 0 || length > 15 || (data[0] === 0x30 && length > 1)) return undefined;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = data[i]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    n = n * 10 + digit;
  }
  return n;
}

const voidSerde: Serde<null> = {
  name: 'Void',
  serialize: () => null,
  deserialize: (topic, data) => {
    if (data !== null) throw serdeError('Void', topic, `expected null data, got ${data.length} bytes`);
    return null;
  },
  accepts: () => false,
};

/** Factory for the built-in serdes, named as Kafka's `Serdes` class names them. */
export const Serdes = {
  /** UTF-8 text. */
  String: (): Serde<string> => stringSerde,
  /** Raw bytes, unchanged. */
  ByteArray: (): Serde<Buffer> => byteArraySerde,
  /** Raw bytes, unchanged (Kafka's `Bytes` wraps a byte array; here both are Buffer). */
  Bytes: (): Serde<Buffer> => byteArraySerde,
  /** 8-byte big-endian signed integer, as Kafka's LongSerializer; bigint so no precision is lost. */
  Long: (): Serde<bigint> => longSerde,
  /** 4-byte big-endian signed integer, as Kafka's IntegerSerializer. */
  Integer: (): Serde<number> => integerSerde,
  /** 8-byte big-endian IEEE 754 double, as Kafka's DoubleSerializer. */
  Double: (): Serde<number> => doubleSerde,
  /** UTF-8 JSON text. The type parameter is trusted, not checked, on deserialize. */
  Json: <T>(): Serde<T> => jsonSerde<T>(),
  /** Always null, as Kafka's VoidSerde; non-null data is an error. */
  Void: (): Serde<null> => voidSerde,
} as const;
