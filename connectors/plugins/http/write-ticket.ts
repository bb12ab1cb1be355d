/**
 * Tracks one request's records until each was written to Kafka (or dropped by a transform), for
 * ack.mode=written: `written` resolves when `done()` has been called once per record.
 */
export class WriteTicket {
  readonly written: Promise<void>;
  private resolve!: () => void;

  constructor(private pending: number) {
    this.written = new Promise((resolve) => (this.resolve = resolve));
    if (pending <= 0) this.resolve();
  }

  /** One record of the request is written. */
  done(): void {
    if (--this.pending === 0) this.resolve();
  }
}
