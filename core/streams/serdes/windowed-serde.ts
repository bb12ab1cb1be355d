/**
 * Serdes for windowed keys with Kafka's layouts:
 * - time windows (TimeWindowedSerde): inner key bytes, then the window start as an 8-byte
 *   big-endian signed long. The end is not stored; the reader is told the window size.
 * - session windows (SessionWindowedSerde): inner key bytes, then the session end, then the
 *   session start, each an 8-byte big-endian signed long (Kafka's session key schema puts end
 *   before start).
 * Both layouts put the timestamps at the tail so the key's own bytes need no length prefix.
 */
import type { Window, Windowed } from '../windows/window.js';
import { Serde, serdeError, serializeError } from './serde.js';
import { writeSafeInt64BE } from '../../protocol/int64.js';

const TIMESTAMP_BYTES = 8;

/** A time as an 8-byte big-endian signed long (no BigInt per key for safe integers). */
function writeMs(out: Buffer, offset: number, ms: number): void {
  if (Number.isSafeInteger(ms)) writeSafeInt64BE(out, offset, ms);
  else out.writeBigInt64BE(BigInt(ms), offset); // throws naming the value, as before
}

function readMs(serdeName: string, topic: string, data: Buffer, offset: number): number {
  const value = data.readBigInt64BE(offset);
  const ms = Number(value);
  if (!Number.isSafeInteger(ms)) throw serdeError(serdeName, topic, `timestamp ${value} is outside the safe integer range`);
  return ms;
}

function innerKeyBytes<K>(serdeName: string, inner: Serde<K>, topic: string, key: K): Buffer {
  const bytes = inner.serialize(topic, key);
  if (bytes === null) throw serializeError(serdeName, topic, 'the inner key serialized to null; windowed keys need a key');
  return bytes;
}

/**
 * Windowed keys of tumbling/hopping windows. `windowSizeMs` gives the end on read
 * (end = start + size, capped at Number.MAX_SAFE_INTEGER as Kafka caps at Long.MAX_VALUE).
 */
export function timeWindowedSerde<K>(inner: Serde<K>, windowSizeMs: number): Serde<Windowed<K>> {
  const name = `TimeWindowed<${inner.name}>`;
  return {
    name,
    serialize(topic, value) {
      if (value === null) return null;
      const key = innerKeyBytes(name, inner, topic, value.key);
      const out = Buffer.allocUnsafe(key.length + TIMESTAMP_BYTES);
      key.copy(out, 0);
      writeMs(out, key.length, value.window.startMs);
      return out;
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < TIMESTAMP_BYTES) {
        throw serdeError(name, topic, `expected at least ${TIMESTAMP_BYTES} bytes, got ${data.length}`);
      }
      const keyLength = data.length - TIMESTAMP_BYTES;
      const startMs = readMs(name, topic, data, keyLength);
      const endMs = Math.min(startMs + windowSizeMs, Number.MAX_SAFE_INTEGER);
      return { key: decodeKey(name, inner, topic, data.subarray(0, keyLength)), window: { startMs, endMs } };
    },
  };
}

/** Windowed keys of session windows: key bytes, end, start. */
export function sessionWindowedSerde<K>(inner: Serde<K>): Serde<Windowed<K>> {
  const name = `SessionWindowed<${inner.name}>`;
  return {
    name,
    serialize(topic, value) {
      if (value === null) return null;
      const key = innerKeyBytes(name, inner, topic, value.key);
      const out = Buffer.allocUnsafe(key.length + 2 * TIMESTAMP_BYTES);
      key.copy(out, 0);
      writeMs(out, key.length, value.window.endMs);
      writeMs(out, key.length + TIMESTAMP_BYTES, value.window.startMs);
      return out;
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 2 * TIMESTAMP_BYTES) {
        throw serdeError(name, topic, `expected at least ${2 * TIMESTAMP_BYTES} bytes, got ${data.length}`);
      }
      const keyLength = data.length - 2 * TIMESTAMP_BYTES;
      const endMs = readMs(name, topic, data, keyLength);
      const startMs = readMs(name, topic, data, keyLength + TIMESTAMP_BYTES);
      const window: Window = { startMs, endMs };
      return { key: decodeKey(name, inner, topic, data.subarray(0, keyLength)), window };
    },
  };
}

function decodeKey<K>(name: string, inner: Serde<K>, topic: string, bytes: Buffer): K {
  const key = inner.deserialize(topic, bytes);
  if (key === null) throw serdeError(name, topic, 'the inner key deserialized to null');
  return key;
}
