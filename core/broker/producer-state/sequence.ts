/**
 * Producer sequence numbers: an int32 per partition that counts records, wrapping from
 * 2147483647 back to 0 (Kafka's rule, so a long-lived producer never runs out). Shared by the
 * broker's checks and the client, which must agree on every wrap.
 */

/** Largest sequence number; the one after it is 0. */
export const SEQUENCE_MAX = 2147483647;

/** `sequence + increment`, wrapping past SEQUENCE_MAX to 0. */
export function incrementSequence(sequence: number, increment: number): number {
  if (sequence > SEQUENCE_MAX - increment) return increment - (SEQUENCE_MAX - sequence) - 1;
  return sequence + increment;
}

/** The sequence of a batch's last record: its base sequence advanced by lastOffsetDelta. */
export function lastSequenceOf(baseSequence: number, lastOffsetDelta: number): number {
  return incrementSequence(baseSequence, lastOffsetDelta);
}

/** True if `next` is the sequence right after `last` (0 after SEQUENCE_MAX). */
export function isNextSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === SEQUENCE_MAX);
}
