/** FindCoordinator (10): this broker coordinates every group (and, later, every transaction). */
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/generated/find-coordinator.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

export function handleFindCoordinator(b: BrokerState, req: FindCoordinatorRequest, ctx: RequestContext): FindCoordinatorResponse {
  const node = { nodeId: b.config.nodeId, host: b.endpoint.host, port: b.endpoint.port };
  if (ctx.apiVersion >= 4) {
    return {
      throttleTimeMs: 0,
      coordinators: (req.coordinatorKeys ?? []).map((key) => ({ key, ...node, errorCode: 0, errorMessage: null })),
    };
  }
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, ...node };
}
