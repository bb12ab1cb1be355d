/**
 * How the third-party suites start their broker: no initial rebalance delay (Kafka's 3 s default
 * would be paid by every group join; with 0 the second member's join is a real rebalance), a small
 * offsets topic, and info-level logs so a failure message can show what the broker saw.
 */
import type { BrokerOptions } from './broker-process.js';

export const thirdPartyBrokerOptions: BrokerOptions = {
  args: ['--config', 'group.initial.rebalance.delay.ms=0', '--config', 'offsets.topic.num.partitions=4', '--verbose'],
};
