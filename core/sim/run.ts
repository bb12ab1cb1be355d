/**
 * `npm run sim -- --seed N [--steps M]` (or `SIM_SEED=N npm run sim`) replays one seed and prints its trace;
 * `npm run sim -- --seeds K [--first-seed S] [--steps M]` runs K seeds and prints every failure's
 * seed with the events that led to it. Partition replication runs unless `--no-replication`;
 * `--partitions 1-3` fixes its partition count (else the seed picks it). Exit code 1 when any
 * seed failed, 2 on bad flags.
 */
import { Simulator, type SimResult } from './simulator.js';
import { FjordError } from '../errors.js';
import { SIM_PROFILES } from './sim-options.js';

interface Args {
  seed: number | null;
  seeds: number;
  firstSeed: number;
  steps: number;
  nodes: number | undefined;
  profile: string;
  verbose: boolean;
  replication: boolean;
  partitions: number | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { seed: null, seeds: 1, firstSeed: 1, steps: 10_000, nodes: undefined, profile: 'default', verbose: false, replication: true, partitions: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--verbose' || flag === '--replication' || flag === '--no-replication') {
      if (flag === '--verbose') args.verbose = true;
      else args.replication = flag === '--replication';
      continue;
    }
    const raw = argv[++i];
    if (flag === '--profile') {
      if (raw === undefined || SIM_PROFILES[raw] === undefined) {
        throw new FjordError('INVALID_ARGUMENT', `npm run sim: --profile must be one of ${Object.keys(SIM_PROFILES).join(', ')}, got ${raw ?? 'nothing'}`);
      }
      args.profile = raw;
      continue;
    }
    const value = Number(raw);
    if (raw === undefined || !Number.isSafeInteger(value) || value < 0) {
      throw new FjordError('INVALID_ARGUMENT', `npm run sim: ${flag} needs a non-negative integer, got ${raw ?? 'nothing'}`);
    }
    if (flag === '--seed') args.seed = value;
    else if (flag === '--seeds') args.seeds = value;
    else if (flag === '--first-seed') args.firstSeed = value;
    else if (flag === '--steps') args.steps = value;
    else if (flag === '--nodes') args.nodes = value;
    else if (flag === '--partitions') {
      if (value < 1 || value > 3) throw new FjordError('INVALID_ARGUMENT', `npm run sim: --partitions must be 1-3, got ${value}`);
      args.partitions = value;
    } else {
      throw new FjordError(
        'INVALID_ARGUMENT',
        `npm run sim: unknown flag ${flag} (known: --seed, --seeds, --first-seed, --steps, --nodes, --partitions, --profile, --replication, --no-replication, --verbose)`,
      );
    }
  }
  return args;
}

function summary(r: SimResult): string {
  const s = r.stats;
  return (
    `seed ${r.seed}: ${r.failure === null ? 'ok' : `FAILED (${r.failure.invariant})`}, ${r.nodes} nodes, ${r.stepsRun} steps, ` +
    `${(r.simulatedMs / 1000).toFixed(1)} s simulated, committed ${s['committed']}, elections ${s['elections']}, ` +
    `crashes ${s['crashes']} (torn ${s['tornWrites']}), partitions ${s['partitions']}, compactions ${s['compactions']}, snapshot installs ${s['snapshotInstalls']}, client ok ${s['clientOk']}` +
    (s['repl.partitions'] === undefined
      ? ''
      : `; replication: ${s['repl.partitions']} partition(s), acked ${s['repl.acked']}, consumed ${s['repl.consumed']}, leader changes ${s['repl.leaderChanges']}, ` +
        `isr changes ${s['repl.isrChanges']}, truncations ${s['repl.truncations']}, broker crashes ${s['repl.brokerCrashes']} (lost records ${s['repl.lostBatches']}), final checks ${s['repl.finalChecks']}`)
  );
}

let profileFlag = '';
let replaySteps = 0;

function printFailure(r: SimResult): void {
  console.log(`\nseed ${r.seed} FAILED at step ${r.failure!.step} (t=${r.failure!.atMs} ms): ${r.failure!.message}`);
  console.log(`replay: npm run sim -- --seed ${r.seed} --steps ${replaySteps}${profileFlag}   (or SIM_SEED=${r.seed} npm run sim -- --steps ${replaySteps}${profileFlag})`);
  for (const line of r.trace) console.log(`  ${line}`);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  // `SIM_SEED=N npm run sim` replays seed N (the issue's spelling); --seed wins over it.
  const envSeed = process.env['SIM_SEED'];
  if (args.seed === null && envSeed !== undefined && envSeed !== '') {
    const value = Number(envSeed);
    if (!Number.isSafeInteger(value) || value < 0) throw new FjordError('INVALID_ARGUMENT', `npm run sim: SIM_SEED must be a non-negative integer, got ${envSeed}`);
    args.seed = value;
  }
  replaySteps = args.steps;
  profileFlag = (args.profile === 'default' ? '' : ` --profile ${args.profile}`) + (args.replication ? '' : ' --no-replication') + (args.partitions === undefined ? '' : ` --partitions ${args.partitions}`);
  const seeds = args.seed !== null ? [args.seed] : Array.from({ length: args.seeds }, (_, i) => args.firstSeed + i);
  let failed = 0;
  const startedMs = performance.now();
  for (const seed of seeds) {
    const profile = SIM_PROFILES[args.profile]!;
    const replication = args.replication ? (args.partitions === undefined ? true : { partitions: args.partitions }) : false;
    const r = new Simulator({ ...profile, seed, steps: args.steps, nodes: args.nodes ?? profile.nodes, traceMessages: args.verbose, replication }).run();
    if (r.failure !== null) failed++;
    if (args.seed !== null) {
      if (r.failure !== null) printFailure(r);
      else for (const line of r.trace) console.log(`  ${line}`);
      console.log(summary(r));
    } else if (r.failure !== null) {
      printFailure(r);
    } else if (args.verbose) {
      console.log(summary(r));
    }
  }
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(`${seeds.length} seed(s) × ${args.steps} steps: ${seeds.length - failed} passed, ${failed} failed (${seconds} s)`);
  // The issue's summary line, always last: seeds run and seeds with a violated invariant.
  console.log(`${seeds.length} seeds, ${failed} violations`);
  process.exitCode = failed > 0 ? 1 : 0;
}

try {
  main();
} catch (e) {
  if (!(e instanceof FjordError)) throw e;
  console.error(e.message);
  process.exitCode = 2;
}
