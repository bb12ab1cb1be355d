/**
 * Error counters of one task, named after Kafka Connect's task-error-metrics
 * (total-record-failures, total-records-skipped, ...). The runtime exposes them in status/metrics.
 */
export interface ErrorCountsSnapshot {
  /** total-record-failures: operations that threw, counting every attempt. */
  recordFailures: number;
  /** total-record-errors: records (operations) that ended in failure after retries. */
  recordErrors: number;
  /** total-records-skipped: records dropped because errors.tolerance=all. */
  recordsSkipped: number;
  /** total-retries */
  retries: number;
  /** total-errors-logged */
  errorsLogged: number;
  /** deadletterqueue-produce-requests */
  dlqProduceRequests: number;
  /** deadletterqueue-produce-failures */
  dlqProduceFailures: number;
  /** Records the DLQ producer acknowledged (Fjord; Kafka derives it from the two above). */
  dlqRecordsSent: number;
  /** last-error-timestamp (ms), 0 = never. */
  lastErrorTimestampMs: number;
}

/** Counters of one task's error handling (see ErrorCountsSnapshot). */
export class ErrorCounts {
  private counts: ErrorCountsSnapshot = {
    recordFailures: 0, recordErrors: 0, recordsSkipped: 0, retries: 0, errorsLogged: 0,
    dlqProduceRequests: 0, dlqProduceFailures: 0, dlqRecordsSent: 0, lastErrorTimestampMs: 0,
  };

  recordFailure(): void {
    this.counts.recordFailures++;
  }
  recordError(nowMs: number): void {
    this.counts.recordErrors++;
    this.counts.lastErrorTimestampMs = nowMs;
  }
  recordSkipped(): void {
    this.counts.recordsSkipped++;
  }
  recordRetry(): void {
    this.counts.retries++;
  }
  recordErrorLogged(): void {
    this.counts.errorsLogged++;
  }
  recordDlqProduceRequest(): void {
    this.counts.dlqProduceRequests++;
  }
  recordDlqProduceFailed(): void {
    this.counts.dlqProduceFailures++;
  }
  recordDlqSent(): void {
    this.counts.dlqRecordsSent++;
  }

  /** A copy of the current counts. */
  snapshot(): ErrorCountsSnapshot {
    return { ...this.counts };
  }
}
