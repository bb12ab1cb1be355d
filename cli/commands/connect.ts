/**
 * `fjord connect standalone worker.properties [connector.properties|connector.json ...]`: runs a
 * Kafka-Connect-compatible worker in this process (Kafka's connect-standalone) with its REST API,
 * on the embedded broker of the data dir, `--bootstrap`, or the worker's `bootstrap.servers`.
 * Connectors stored in the internal topics are resumed; the files' connectors are created or
 * reconfigured. Ctrl-C stops every task, commits offsets and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fjord } from '../../core/client/fjord.js';
import { FjordError } from '../../core/errors.js';
import { silentLogger, stderrLogger } from '../../core/io/logger.js';
import { parseConnectorFile, type ConnectorDefinition } from '../../connectors/runtime/connector-file.js';
import { parseProperties } from '../../connectors/runtime/properties-file.js';
import { parseWorkerConfig } from '../../connectors/runtime/worker-config.js';
import { UsageError, type CommandSpec, type ParsedArgs, type PositionalSpec } from '../args.js';
import type { CliContext, Command } from '../context.js';

/** How many connector files one command line may name (args.ts has no variadic positionals). */
const CONNECTOR_FILES_MAX = 10;

const connectorSlots: PositionalSpec[] = Array.from({ length: CONNECTOR_FILES_MAX }, (_, i) => ({
  name: `connector-${i + 1}`,
  required: false,
  description: i === 0 ? `a connector's config: Kafka .properties, or .json ({"name","config"} or a flat map)` : i === CONNECTOR_FILES_MAX - 1 ? `(at most ${CONNECTOR_FILES_MAX} connector files)` : '...',
}));

const spec: CommandSpec = {
  name: 'connect',
  summary: 'Run a Kafka Connect worker: fjord connect standalone worker.properties [connector files...].\n' +
    'REST API on rest.port (default 8083) or listeners; connectors from plugin.path and the built-ins.\n' +
    'Uses the embedded broker on --data-dir, or --bootstrap / the worker\'s bootstrap.servers over TCP.',
  positionals: [
    { name: 'mode', required: true, description: 'standalone (the only mode)' },
    { name: 'worker-properties', required: true, description: "the worker's config (Kafka's connect-standalone.properties keys)" },
    ...connectorSlots,
  ],
  options: {},
  examples: [
    'fjord connect standalone worker.properties file-source.properties file-sink.json',
    'fjord connect standalone worker.properties --bootstrap 127.0.0.1:9092',
    'curl -s localhost:8083/connectors?expand=status',
  ],
};

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new FjordError('CONFIG', `cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function packageVersion(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function runConnect(ctx: CliContext, { flags, args }: ParsedArgs): Promise<void> {
  const [mode, workerFile, ...connectorFiles] = args;
  if (mode !== 'standalone') {
    throw new UsageError(`fjord connect ${mode}: only 'standalone' is supported (distributed mode needs several workers; see connectors/README.md)`);
  }
  const workerProps = parseProperties(readFile(workerFile, 'worker config'), workerFile);
  const config = parseWorkerConfig(workerProps, workerFile);
  const connectors: ConnectorDefinition[] = connectorFiles.map((f) => parseConnectorFile(readFile(f, 'connector config'), f));
  const seen = new Map<string, string>();
  for (const [i, c] of connectors.entries()) {
    const other = seen.get(c.name);
    if (other) throw new FjordError('CONFIG', `${connectorFiles[i]}: connector '${c.name}' is also defined in ${other}`);
    seen.set(c.name, connectorFiles[i]);
  }
  if (config.bootstrapServers && (flags.string('data-dir') !== undefined || ctx.bootstrap !== undefined)) {
    throw new UsageError(`${workerFile} sets bootstrap.servers; do not also give --data-dir or --bootstrap`);
  }
  const logger = stderrLogger('connect', ctx.verbose ? 'info' : 'warn');
  let own: Fjord | null = null;
  let fjord: Fjord;
  if (config.bootstrapServers) {
    const { Fjord } = await import('../../core/client/fjord.js');
    own = fjord = await Fjord.connect({ bootstrap: config.bootstrapServers, clientId: 'fjord-connect', logger: ctx.verbose ? stderrLogger('client') : silentLogger });
  } else {
    fjord = await ctx.open();
  }
  try {
    const { startStandalone } = await import('../../connectors/runtime/standalone.js');
    const standalone = await startStandalone({ config, clients: fjord, connectors, version: packageVersion(), logger });
    try {
      const where = config.bootstrapServers ?? ctx.bootstrap ?? `data dir ${ctx.dataDirPath}`;
      await ctx.out.line(`fjord connect listening on ${standalone.url} (${where}; connectors: ${standalone.worker.connectorNames().join(', ') || 'none'})`);
      await ctx.out.flush();
      await aborted(ctx.signal);
      logger.info('stopping: tasks stop, source offsets and sink offsets are committed');
    } finally {
      await standalone.close();
    }
  } finally {
    await own?.close();
  }
}

/** `fjord connect`. */
export const connectCommand: Command = { spec, run: runConnect };
