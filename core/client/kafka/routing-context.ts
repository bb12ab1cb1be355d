/** What the routers (leader, coordinator) share with the transport that owns them. */
import type { ApiName, RequestOf, ResponseOf } from '../../broker/apis.js';
import type { ClusterMetadata } from './cluster-metadata.js';
import type { ConnectionPool } from './connection-pool.js';
import type { RetryBudget } from './retry-budget.js';

export interface RoutingContext {
  readonly metadata: ClusterMetadata;
  readonly pool: ConnectionPool;
  /** A fresh retry budget for one request() call. */
  budget(): RetryBudget;
  /**
   * Refreshes metadata for topics that are unknown, stale or too old; null (no await needed)
   * when all are fresh, so the common path stays synchronous and keeps request order.
   */
  ensureTopics(topics: string[]): Promise<void> | null;
  /** Refreshes metadata for these topics (sharing a refresh already under way). */
  refreshTopics(topics: string[]): Promise<void>;
  /** Sends to any broker, retrying connection failures within `budget`. */
  sendToAny<K extends ApiName>(api: K, req: RequestOf<K>, budget: RetryBudget): Promise<ResponseOf<K>>;
}
