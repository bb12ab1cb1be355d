/** KTable.suppress (stub: implemented in the windowing work). */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';

export type Suppressed =
  | { kind: 'untilWindowCloses'; name?: string; maxRecords?: number; maxBytes?: number }
  | { kind: 'untilTimeLimit'; timeToWaitMs: number; name?: string; maxRecords?: number; maxBytes?: number };

export const Suppressed = {
  untilWindowCloses(options: { name?: string; maxRecords?: number; maxBytes?: number } = {}): Suppressed {
    return { kind: 'untilWindowCloses', ...options };
  },
  untilTimeLimit(timeToWaitMs: number, options: { name?: string; maxRecords?: number; maxBytes?: number } = {}): Suppressed {
    return { kind: 'untilTimeLimit', timeToWaitMs, ...options };
  },
};

export function suppressProcessor(storeName: string, suppressed: Suppressed, windowed: { graceMs: number; endInclusive: boolean } | null): ProcessorSupplier<any, any, any, any> {
  void storeName; void suppressed; void windowed;
  throw new FjordError('INVALID_ARGUMENT', 'suppress is not implemented yet');
}
