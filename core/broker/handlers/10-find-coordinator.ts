/**
 * FindCoordinator (10). A single broker coordinates every group (and, later, every transaction).
 * In a replicated cluster a group's coordinator is the leader of its `__consumer_offsets`
 * partition (`b.offsetsTopic.coordination`), COORDINATOR_NOT_AVAILABLE while that topic is being
 * created or the partition has no leader; v4+ answers each of a batch of keys on its own.
 * Transaction keys (key type 1) still go to the broker `BrokerState.cluster` picks.
 */
import type { Coordinator, FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/generated/find-coordinator.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

const GROUP_KEY_TYPE = 0;

export function handleFindCoordinator(b: BrokerState, req: FindCoordinatorRequest, ctx: RequestContext): FindCoordinatorResponse {
  const answers = ctx.apiVersion >= 4 ? (req.coordinatorKeys ?? []).map((key) => answerFor(b, key, req.keyType ?? GROUP_KEY_TYPE)) : [answerFor(b, req.key ?? '', req.keyType ?? GROUP_KEY_TYPE)];
  if (ctx.apiVersion >= 4) return { throttleTimeMs: 0, coordinators: answers };
  const { key: _key, ...single } = answers[0]!;
  return { throttleTimeMs: 0, ...single };
}

function answerFor(b: BrokerState, key: string, keyType: number): Coordinator {
  const coordination = b.offsetsTopic.coordination;
  if (coordination !== null && keyType === GROUP_KEY_TYPE) return { key, ...coordination.find(key) };
  const self = { nodeId: b.config.nodeId, host: b.endpoint.host, port: b.endpoint.port };
  return { key, ...(b.cluster?.coordinatorFor(key) ?? self), errorCode: 0, errorMessage: null };
}
