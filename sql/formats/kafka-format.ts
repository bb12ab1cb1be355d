/**
 * ksqlDB's KAFKA format: one column in Kafka's own serializations — INTEGER as 4 bytes and BIGINT
 * as 8 bytes (big-endian two's complement), DOUBLE as 8 bytes IEEE 754, STRING as UTF-8, BYTES
 * as is. A NULL value is no bytes.
 */
import type { Type } from '../types/types.js';
import { utf8Bytes } from './text-bytes.js';
import type { RowCodec } from './row-serde-base.js';
import type { FormatColumn } from './types.js';

function expectSize(data: Buffer, bytes: number, deserializer: string): void {
  if (data.length !== bytes) throw new Error(`Size of data received by ${deserializer} is not ${bytes}`);
}

/** One value in KAFKA bytes. */
export function kafkaBytes(value: unknown, type: Type): Buffer {
  switch (type.kind) {
    case 'INTEGER': {
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(value as number);
      return b;
    }
    case 'BIGINT': {
      const b = Buffer.allocUnsafe(8);
      b.writeBigInt64BE(typeof value === 'bigint' ? value : BigInt(value as number));
      return b;
    }
    case 'DOUBLE': {
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleBE(value as number);
      return b;
    }
    case 'STRING': return utf8Bytes(value as string);
    case 'BYTES': return Buffer.from(value as Buffer);
    default: throw new Error(`The 'KAFKA' format does not support type '${type.kind}'`);
  }
}

/** KAFKA bytes as one value. */
export function kafkaValue(data: Buffer, type: Type): unknown {
  switch (type.kind) {
    case 'INTEGER': expectSize(data, 4, 'IntegerDeserializer'); return data.readInt32BE(0);
    case 'BIGINT': expectSize(data, 8, 'LongDeserializer'); return data.readBigInt64BE(0);
    case 'DOUBLE': expectSize(data, 8, 'DoubleDeserializer'); return data.readDoubleBE(0);
    case 'STRING': return data.toString(); // UTF-8; without arguments Node takes its shortest path
    case 'BYTES': return Buffer.from(data);
    default: throw new Error(`The 'KAFKA' format does not support type '${type.kind}'`);
  }
}

export function kafkaCodec(column: FormatColumn): RowCodec {
  return {
    write: (row) => (row[0] === null || row[0] === undefined ? null : kafkaBytes(row[0], column.type)),
    read: (data) => [kafkaValue(data, column.type)],
  };
}
