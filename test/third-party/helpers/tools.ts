/**
 * Whether the third-party tools the suite drives are installed, and what a suite does when one
 * is not: outside CI its tests are skipped with the install command in their titles; under CI
 * (`CI=true`) the absence fails the run, so a broken `.ci/run` cannot pass as a green, skipped run.
 */
import { spawnSync } from 'node:child_process';

/** The tools that come from Debian rather than npm. */
export type ThirdPartyTool = 'kcat' | 'confluent-kafka';

/** Debian's python3-confluent-kafka imports only with Debian's own interpreter. */
export const debianPython = '/usr/bin/python3';

const installCommands: Record<ThirdPartyTool, string> = {
  kcat: 'apt-get install kcat',
  'confluent-kafka': 'apt-get install python3-confluent-kafka',
};

const probes: Record<ThirdPartyTool, () => boolean> = {
  kcat: () => succeeds('kcat', ['-V']),
  'confluent-kafka': () => succeeds(debianPython, ['-c', 'import confluent_kafka']),
};

const known = new Map<ThirdPartyTool, boolean>();

function succeeds(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return result.error === undefined && result.status === 0;
}

/** Whether `tool` runs here (probed once per process). */
export function toolAvailable(tool: ThirdPartyTool): boolean {
  let available = known.get(tool);
  if (available === undefined) {
    available = probes[tool]();
    known.set(tool, available);
  }
  return available;
}

/** The message a missing tool is reported with, naming the command that installs it. */
export function missingToolMessage(tool: ThirdPartyTool): string {
  return `${tool} is not available; install it with: ${installCommands[tool]}`;
}

/**
 * For a `before` hook (or a test) that needs `tool`: returns if it is installed; otherwise skips
 * every test of the hook's suite, or the one test (their titles say why, since mocha's skip takes
 * no message), or, under CI, throws so the run fails.
 */
export function requireTool(ctx: Mocha.Context, tool: ThirdPartyTool): void {
  if (toolAvailable(tool)) return;
  const message = missingToolMessage(tool);
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: third-party tools are required)`);
  const runnable = ctx.test as Mocha.Test | Mocha.Hook | undefined;
  if (runnable?.type === 'test') runnable.title += ` [skipped: ${message}]`;
  else if (runnable?.parent !== undefined) markSkipped(runnable.parent, message);
  ctx.skip();
}

function markSkipped(suite: Mocha.Suite, message: string): void {
  for (const test of suite.tests) test.title += ` [skipped: ${message}]`;
  for (const child of suite.suites) markSkipped(child, message);
}
