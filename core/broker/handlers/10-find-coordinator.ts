/**
 * FindCoordinator (10): this broker coordinates every group (and, later, every transaction); in a
 * replicated cluster `BrokerState.cluster` names the broker for each key.
 */
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/generated/find-coordinator.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

export function handleFindCoordinator(b: BrokerState, req: FindCoordinatorRequest, ctx: RequestContext): FindCoordinatorResponse {
  const self = { nodeId: b.config.nodeId, host: b.endpoint.host, port: b.endpoint.port };
  // In a replicated cluster the group's members must all meet at one broker: the cluster picks it.
  const nodeFor = (key: string) => b.cluster?.coordinatorFor(key) ?? self;
  if (ctx.apiVersion >= 4) {
    return {
      throttleTimeMs: 0,
      coordinators: (req.coordinatorKeys ?? []).map((key) => ({ key, ...nodeFor(key), errorCode: 0, errorMessage: null })),
    };
  }
  return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, ...nodeFor(req.key ?? '') };
}
