/**
 * How a client reaches brokers. Producer, Consumer and Admin only ever talk through this, so the
 * embedded transport (in-process calls) and the kafka transport (TCP, wire-protocol issue) are
 * interchangeable. Records always travel as RecordBatch bytes.
 */
import type { ApiName, RequestOf, ResponseOf } from '../broker/apis.js';

export interface Transport {
  /**
   * Sends one request. `nodeId` picks the broker (leader, coordinator); omitted means any.
   * Resolves null only for a Produce with acks=0, which gets no response.
   */
  request<K extends ApiName>(api: K, request: RequestOf<K>, nodeId?: number): Promise<ResponseOf<K> | null>;
  /** Human-readable description for error messages, e.g. "embedded broker at ./.fjord". */
  readonly description: string;
  close(): Promise<void>;
}
