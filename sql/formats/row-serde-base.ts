/**
 * Plumbing shared by the format serdes: null handling, the column-count check and turning any
 * failure into the streams serde errors (which name the serde and topic). Each format supplies only
 * `write(row)` and `read(bytes)`.
 */
import { serdeError, serializeError } from '../../core/streams/serdes/serde.js';
import type { RowSerde } from './types.js';

export interface RowCodec {
  /** Bytes for a non-null row of the right length; null for "no bytes" (e.g. an unwrapped null). */
  write(row: readonly unknown[]): Buffer | null;
  /** The row in non-null bytes; null when the bytes encode no row (e.g. JSON `null` for a wrapped value). */
  read(data: Buffer): unknown[] | null;
}

/** A `RowSerde` over `codec`, named e.g. `JSON value`, checking every row has `columnCount` values. */
export function rowSerde(name: string, columnCount: number, codec: RowCodec): RowSerde {
  return {
    name,
    serialize(topic: string, row: unknown[] | null): Buffer | null {
      if (row === null) return null;
      if (row.length !== columnCount) {
        throw serializeError(name, topic, `Column count mismatch on serialization. topic: ${topic}, expected: ${columnCount}, got: ${row.length}`);
      }
      try {
        return codec.write(row);
      } catch (e) {
        throw serializeError(name, topic, (e as Error).message, e);
      }
    },
    deserialize(topic: string, data: Buffer | null): unknown[] | null {
      if (data === null) return null;
      let row: unknown[] | null;
      try {
        row = codec.read(data);
      } catch (e) {
        throw serdeError(name, topic, (e as Error).message, e);
      }
      if (row !== null && row.length !== columnCount) {
        throw serdeError(name, topic, `Column count mismatch on deserialization. topic: ${topic}, expected: ${columnCount}, got: ${row.length}`);
      }
      return row;
    },
  };
}

/** A serde for no columns (NONE, or a keyless key): writes no bytes and reads any bytes as `[]`. */
export function voidRowSerde(name: string): RowSerde {
  return rowSerde(name, 0, { write: () => null, read: () => [] });
}
