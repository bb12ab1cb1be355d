/**
 * Kafka's org.apache.kafka.connect.converters number converters: ShortConverter (int16),
 * IntegerConverter (int32), LongConverter (int64), FloatConverter (float32), DoubleConverter
 * (float64) and BooleanConverter: fixed-width big-endian bytes, as Kafka's serializers write.
 * LongConverter reads values beyond 2^53 as bigint.
 */
import { DataException } from '../errors.js';
import { describe } from '../data/logical-types.js';
import { OptionalSchemas } from '../data/schemas.js';
import type { ConfigDef, Converter, HeaderConverter, Schema, SchemaAndValue, SchemaType } from '../types.js';

interface NumberCodec {
  type: SchemaType;
  deserializer: string;
  size: number;
  write(value: unknown, buf: Buffer): boolean;
  read(buf: Buffer): unknown;
}

abstract class NumberConverter implements Converter, HeaderConverter {
  protected abstract readonly codec: NumberCodec;

  configure(_props: Record<string, string>, _isKey = false): void {}

  config(): ConfigDef {
    return [];
  }

  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null {
    if (schema !== null && schema.type !== this.codec.type) {
      throw new DataException(`${this.constructor.name} cannot write a ${schema.type.toUpperCase()} schema (topic ${topic}); it needs ${this.codec.type.toUpperCase()}`);
    }
    if (value === null || value === undefined) return null;
    const buf = Buffer.alloc(this.codec.size);
    if (!this.codec.write(value, buf)) {
      throw new DataException(`${this.constructor.name} is not compatible with objects of type ${describe(value)} (value ${String(value)}, topic ${topic})`);
    }
    return buf;
  }

  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue {
    const schema = OptionalSchemas[this.codec.type];
    if (bytes === null) return { schema, value: null };
    if (bytes.length !== this.codec.size) {
      throw new DataException(`Size of data received by ${this.codec.deserializer} is not ${this.codec.size} (got ${bytes.length} bytes, topic ${topic})`);
    }
    return { schema, value: this.codec.read(bytes) };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, bytes: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, bytes);
  }
}

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Kafka's ShortConverter: int16 as 2 big-endian bytes. */
export class ShortConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'int16', deserializer: 'ShortDeserializer', size: 2,
    write: (v, b) => isInt(v, -32768, 32767) && (b.writeInt16BE(v), true),
    read: (b) => b.readInt16BE(0),
  };
}

/** Kafka's IntegerConverter: int32 as 4 big-endian bytes. */
export class IntegerConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'int32', deserializer: 'IntegerDeserializer', size: 4,
    write: (v, b) => isInt(v, -2147483648, 2147483647) && (b.writeInt32BE(v), true),
    read: (b) => b.readInt32BE(0),
  };
}

/** Kafka's LongConverter: int64 as 8 big-endian bytes (bigint beyond 2^53). */
export class LongConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'int64', deserializer: 'LongDeserializer', size: 8,
    write: (v, b) => {
      const big = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : null;
      if (big === null || big < -(2n ** 63n) || big >= 2n ** 63n) return false;
      b.writeBigInt64BE(big);
      return true;
    },
    read: (b) => {
      const big = b.readBigInt64BE(0);
      const n = Number(big);
      return Number.isSafeInteger(n) ? n : big;
    },
  };
}

/** Kafka's FloatConverter: float32 as 4 big-endian bytes. */
export class FloatConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'float32', deserializer: 'FloatDeserializer', size: 4,
    write: (v, b) => typeof v === 'number' && (b.writeFloatBE(v), true),
    read: (b) => b.readFloatBE(0),
  };
}

/** Kafka's DoubleConverter: float64 as 8 big-endian bytes. */
export class DoubleConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'float64', deserializer: 'DoubleDeserializer', size: 8,
    write: (v, b) => typeof v === 'number' && (b.writeDoubleBE(v), true),
    read: (b) => b.readDoubleBE(0),
  };
}

/** Kafka's BooleanConverter: one byte, 1 or 0. */
export class BooleanConverter extends NumberConverter {
  protected readonly codec: NumberCodec = {
    type: 'boolean', deserializer: 'BooleanDeserializer', size: 1,
    write: (v, b) => typeof v === 'boolean' && (b.writeUInt8(v ? 1 : 0), true),
    read: (b) => b[0] !== 0,
  };
}
