/**
 * Raft's tunables and the voter set. Time is counted in ticks: the host decides how many
 * milliseconds a tick is and calls `tick()` that often.
 */
import { FjordError } from '../../errors.js';
import type { NodeId } from './types.js';

/** A source of uniform numbers in [0, 1): seeded in the simulator, Math.random in production. */
export type Random = () => number;

/** Everything a RaftNode is configured with. */
export interface RaftConfig {
  /** This node's id; must be one of `voters`. */
  readonly id: NodeId;
  /** The fixed voter set (no membership changes). */
  readonly voters: readonly NodeId[];
  /** A follower campaigns after a randomized timeout in [electionTicks, 2 * electionTicks). */
  readonly electionTicks: number;
  /** A leader sends heartbeats every `heartbeatTicks`; must be < electionTicks. */
  readonly heartbeatTicks: number;
  /** Run a pre-vote round before bumping the term (keeps a rejoining node from disrupting). */
  readonly preVote: boolean;
  /** A leader steps down when it has not heard from a quorum within an election timeout. */
  readonly checkQuorum: boolean;
  /** Entries per append message. */
  readonly appendEntriesMax: number;
  /** Append messages in flight to one follower while replicating optimistically. */
  readonly inflightAppendsMax: number;
  /** A leader refuses proposals while this many entries wait for commit (back-pressure). */
  readonly uncommittedEntriesMax: number;
  readonly random: Random;
}

/** Defaults for everything but id, voters and random. */
export const RAFT_DEFAULTS = {
  electionTicks: 10,
  heartbeatTicks: 1,
  preVote: true,
  checkQuorum: true,
  appendEntriesMax: 64,
  inflightAppendsMax: 32,
  uncommittedEntriesMax: 4096,
} as const;

/** Fills defaults and checks the config; throws INVALID_ARGUMENT naming the bad field. */
export function raftConfig(
  partial: Pick<RaftConfig, 'id' | 'voters' | 'random'> & Partial<RaftConfig>,
): RaftConfig {
  const config: RaftConfig = { ...RAFT_DEFAULTS, ...partial };
  const bad = (what: string): never => {
    throw new FjordError('INVALID_ARGUMENT', `raft config for node ${config.id}: ${what}`);
  };
  if (config.voters.length === 0) bad('voters must not be empty');
  if (new Set(config.voters).size !== config.voters.length) bad(`voters ${config.voters.join(',')} has duplicates`);
  if (!config.voters.includes(config.id)) bad(`id ${config.id} is not in voters ${config.voters.join(',')}`);
  for (const [name, value] of [
    ['electionTicks', config.electionTicks],
    ['heartbeatTicks', config.heartbeatTicks],
    ['appendEntriesMax', config.appendEntriesMax],
    ['inflightAppendsMax', config.inflightAppendsMax],
    ['uncommittedEntriesMax', config.uncommittedEntriesMax],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) bad(`${name} must be a positive integer, got ${value}`);
  }
  if (config.heartbeatTicks >= config.electionTicks) {
    bad(`heartbeatTicks (${config.heartbeatTicks}) must be less than electionTicks (${config.electionTicks})`);
  }
  return config;
}

/** One voter from `--controller-quorum`. */
export interface QuorumVoter {
  readonly id: NodeId;
  readonly host: string;
  readonly port: number;
}

/**
 * Parses Kafka's `controller.quorum.voters` form, `1@host:port,2@host:port,...`.
 * Throws INVALID_ARGUMENT naming the bad part.
 */
export function parseControllerQuorum(text: string): QuorumVoter[] {
  const voters: QuorumVoter[] = [];
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    const match = /^(\d+)@(.+):(\d+)$/.exec(part);
    const where = `--controller-quorum "${text}": voter "${part}"`;
    if (match === null) {
      throw new FjordError('INVALID_ARGUMENT', `${where} is not of the form id@host:port`);
    }
    const id = Number(match[1]);
    const port = Number(match[3]);
    const host = match[2]!.replace(/^\[(.*)\]$/, '$1');
    if (port < 1 || port > 65535) throw new FjordError('INVALID_ARGUMENT', `${where} has port ${port} outside 1-65535`);
    if (voters.some((v) => v.id === id)) throw new FjordError('INVALID_ARGUMENT', `${where} repeats id ${id}`);
    voters.push({ id, host, port });
  }
  return voters;
}

/** Votes (or acknowledgements) needed out of `voterCount`. */
export function quorumSize(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}
