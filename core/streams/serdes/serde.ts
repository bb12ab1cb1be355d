/**
 * The Serde contract: bytes in and out of topics. `null` maps to `null` in both directions so
 * tombstones (null values) and null keys pass through every serde unchanged.
 */
import { FjordError } from '../../errors.js';

/** Turns values of type `T` into record bytes and back. Pure and synchronous. */
export interface Serde<T> {
  /** Short name used in error messages, e.g. `Long`. */
  readonly name: string;
  serialize(topic: string, value: T | null): Buffer | null;
  deserialize(topic: string, data: Buffer | null): T | null;
  /**
   * Optional: whether `deserialize(topic, data)` would return a non-null value without throwing,
   * decided without building it. It must never say true where `deserialize` would throw or
   * return null (false may also mean "cannot tell cheaply"). The runtime uses it for values no
   * processor reads (count), so a bad record is still reported as if it had been deserialized.
   */
  accepts?(data: Buffer): boolean;
  /**
   * Optional: `accepts(data.subarray(start, end))`, answered without the view (the runtime checks
   * a fetched value in place). Reads nothing outside [start, end).
   */
  acceptsAt?(data: Buffer, start: number, end: number): boolean;
  /**
   * Optional, for serdes whose bytes are UTF-8 text (String, Json): the text whose UTF-8 bytes
   * `serialize(topic, value)` returns, with the same checks and errors. The runtime hands it to
   * the producer, which writes it straight into its batch (no Buffer made and copied per record).
   */
  serializeText?(topic: string, value: T | null): string | null;
  /**
   * Optional, for the same serdes: `deserialize(topic, bytes)` for bytes whose UTF-8 decoding is
   * `text` (null for null data), with the same results and errors. The runtime decodes fetched
   * keys and values to text straight from the fetched bytes and hands them here (no Buffer view
   * per record).
   */
  deserializeText?(topic: string, text: string | null): T | null;
}

/** The value type a serde carries, so `ValueOf<typeof s>` flows into DSL generics. */
export type SerdeType<S> = S extends Serde<infer T> ? T : never;

/**
 * The error for bytes a serde cannot decode. It names the serde, the topic and what was wrong,
 * e.g. "Long serde on topic 'x': expected 8 bytes, got 3".
 */
export function serdeError(serdeName: string, topic: string, problem: string, cause?: unknown): FjordError {
  return new FjordError('CORRUPT_MESSAGE', `${serdeName} serde on topic '${topic}': ${problem}`, {
    cause,
    retriable: false,
  });
}

/** The error for a value a serde cannot encode (wrong type or out of range). */
export function serializeError(serdeName: string, topic: string, problem: string, cause?: unknown): FjordError {
  return new FjordError('INVALID_RECORD', `${serdeName} serde on topic '${topic}': ${problem}`, {
    cause,
    retriable: false,
  });
}

/** Checks a fixed-width encoding before reading it. */
export function expectLength(serdeName: string, topic: string, data: Buffer, bytes: number): void {
  if (data.length !== bytes) {
    throw serdeError(serdeName, topic, `expected ${bytes} bytes, got ${data.length}`);
  }
}
