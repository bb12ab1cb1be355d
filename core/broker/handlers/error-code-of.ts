/** Maps a thrown error to the Kafka error code a response carries (unknown errors: -1, logged). */
import { FjordError } from '../../errors.js';
import { errorByName } from '../../protocol/error-codes.js';
import type { Logger } from '../../io/logger.js';

export function errorCodeOf(err: unknown, logger: Logger, where: string): number {
  if (err instanceof FjordError) {
    const entry = errorByName(err.code);
    if (entry) return entry.code;
    if (err.code === 'CONFIG' || err.code === 'INVALID_ARGUMENT') return errorByName('INVALID_REQUEST')!.code;
    if (err.code === 'CORRUPT_LOG') return errorByName('KAFKA_STORAGE_ERROR')!.code;
  }
  logger.error(`${where}: ${(err as Error)?.stack ?? String(err)}`);
  return -1;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
