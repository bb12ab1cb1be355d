/**
 * Everything a simulation run can be told: seed, length, cluster size, fault rates and timings.
 * Milliseconds are simulated time.
 */
import type { RaftConfig } from '../cluster/raft/config.js';
import type { NetworkFaults } from './sim-network.js';
import type { RaftFactory } from './sim-node.js';
import type { RaftStorage } from '../cluster/raft/storage.js';
import type { SimDisk } from './sim-disk.js';
import type { ReplicationOptions } from './replication-sim.js';

/** What faults to inject and how often. */
export interface FaultOptions {
  readonly network: NetworkFaults;
  /** Mean gap between fault decisions (crash, partition, broker death, or nothing). */
  readonly faultEveryMsMean: number;
  readonly crashWeight: number;
  readonly partitionWeight: number;
  readonly brokerToggleWeight: number;
  readonly quietWeight: number;
  readonly restartMsMin: number;
  readonly restartMsMax: number;
  readonly partitionMsMin: number;
  readonly partitionMsMax: number;
  readonly fsyncMsMin: number;
  readonly fsyncMsMax: number;
}

/** One simulation run. */
export interface SimOptions {
  readonly seed: number;
  /** Events to process (each is one step; invariants are checked after every one). */
  readonly steps: number;
  /** Controller nodes; default 3 or 5, chosen by the seed. */
  readonly nodes?: number;
  readonly tickMs?: number;
  readonly clientEveryMs?: number;
  readonly heartbeatEveryMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly compactEveryEntries?: number;
  readonly brokers?: number;
  readonly topicsMax?: number;
  readonly faults?: Partial<FaultOptions>;
  readonly raftOverrides?: Partial<RaftConfig>;
  readonly raftFactory?: RaftFactory;
  /** The Raft log store on each node's simulated disk; default SimRaftStorage. */
  readonly storageFactory?: (disk: SimDisk) => RaftStorage;
  /** After the faulty phase, heal everything and require the cluster to converge within this time. */
  readonly settleMsMax?: number;
  /** Events kept for the failure trace. */
  readonly traceMax?: number;
  /**
   * Partition replication (brokers, acks=all producers, consumers; `replication-sim.ts`): on by
   * default, `false` runs the controller quorum alone (as before it existed), an object sets it up.
   */
  readonly replication?: boolean | ReplicationOptions;
  /** Trace every message too (long). */
  readonly traceMessages?: boolean;
}

/** Faults of the default profile. */
export const DEFAULT_FAULTS: FaultOptions = {
  network: { delayMsMin: 1, delayMsMax: 25, dropRate: 0.03, duplicateRate: 0.02 },
  faultEveryMsMean: 400,
  crashWeight: 3,
  partitionWeight: 3,
  brokerToggleWeight: 2,
  quietWeight: 2,
  restartMsMin: 50,
  restartMsMax: 2500,
  partitionMsMin: 100,
  partitionMsMax: 3000,
  fsyncMsMin: 1,
  fsyncMsMax: 15,
};

/**
 * Named option sets for `npm run sim -- --profile NAME`. `crash-heavy` is three nodes with one
 * entry per append, no pre-vote or check-quorum and a crash every ~80 ms: the conditions of the
 * Raft paper's Figure 8, where a leader that counted replicas of an old-term entry would lose
 * a committed entry. `broker-heavy` kills and revives brokers often (partition replication).
 */
export const SIM_PROFILES: Readonly<Record<string, Omit<SimOptions, 'seed' | 'steps'>>> = {
  default: {},
  'crash-heavy': {
    nodes: 3,
    clientEveryMs: 15,
    raftOverrides: { appendEntriesMax: 1, preVote: false, checkQuorum: false },
    faults: {
      crashWeight: 8,
      partitionWeight: 2,
      quietWeight: 0,
      brokerToggleWeight: 0,
      faultEveryMsMean: 80,
      restartMsMin: 20,
      restartMsMax: 300,
      partitionMsMax: 400,
    },
  },
  // Partition replication under broker churn: brokers die (losing unsynced records) and come
  // back about every 300 ms, so leaders move, ISRs shrink and grow and old leaders truncate.
  'broker-heavy': {
    faults: { brokerToggleWeight: 8, crashWeight: 1, partitionWeight: 2, quietWeight: 1, faultEveryMsMean: 300 },
  },
};
