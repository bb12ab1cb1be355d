/**
 * `fjord topology <module>`: draws the topology a module exports — a tree in the terminal, a
 * Mermaid flowchart written to a file, JSON for scripts, or Kafka's describe() text. Needs no
 * broker and opens no data dir.
 */
import fs from 'node:fs';
import { FjordError } from '../../core/errors.js';
import { drawTopologyMermaid, drawTopologyText, topologyToJson, type DrawTextPart } from '../../core/streams/topology/draw.js';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { styleFor, type Style } from '../render/style.js';
import { importModule, topologyFromExports } from '../render/topology-module.js';

const FORMATS = ['text', 'json', 'kafka'] as const;

const spec: CommandSpec = {
  name: 'topology',
  summary: 'Draw the topology a module exports: a tree here, a Mermaid diagram in a file (--mermaid).\n' +
    'The module (.ts or .js) exports a Topology, a StreamsBuilder or a function returning one, as default\n' +
    'or as topology / buildTopology / builder (or name it with --export).',
  positionals: [{ name: 'module', required: true, description: 'path of the module, e.g. examples/topologies/word-count.ts' }],
  options: {
    mermaid: { type: 'string', value: 'FILE', description: 'also write a Mermaid flowchart to FILE (.mmd; .md wraps it in a ```mermaid block)' },
    format: { type: 'string', value: 'FORMAT', description: "text (a tree), json (for scripts) or kafka (Kafka Streams' describe())", defaultText: 'text' },
    export: { type: 'string', value: 'NAME', description: 'the export holding the topology' },
    'application-id': { type: 'string', value: 'ID', description: 'name internal topics as the app with this application.id will (repartition, changelog)', defaultText: '<app>' },
    ascii: { type: 'boolean', description: 'draw the tree with ASCII characters only' },
  },
  examples: [
    'fjord topology examples/topologies/word-count.ts',
    'fjord topology examples/topologies/windowed-join.ts --mermaid join.mmd',
    'fjord topology dist/app.js --export ordersTopology --format json | jq .subtopologies[0]',
  ],
};

/** Colours of the tree on a terminal: sources green, sinks cyan, stores yellow, headings bold. */
function topologyPaint(style: Style): (part: DrawTextPart, text: string) => string {
  const byPart: Record<DrawTextPart, (t: string) => string> = { source: style.green, sink: style.cyan, store: style.yellow, processor: (t) => t, heading: style.bold };
  return (part, text) => byPart[part](text);
}

/** The Mermaid text for a file: bare for .mmd, in a fenced block for Markdown. */
export function mermaidFileText(file: string, diagram: string): string {
  return /\.(md|markdown)$/i.test(file) ? `\`\`\`mermaid\n${diagram}\`\`\`\n` : diagram;
}

async function runTopology(ctx: CliContext, { flags, args }: ParsedArgs): Promise<void> {
  const format = flags.string('format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format expects ${FORMATS.join(', ')}, got '${format}'`);
  const file = args[0];
  const topology = await topologyFromExports(await importModule(file), file, flags.string('export'));
  const mermaid = flags.string('mermaid');
  const applicationId = flags.string('application-id');
  if (mermaid !== undefined) {
    try {
      fs.writeFileSync(mermaid, mermaidFileText(mermaid, drawTopologyMermaid(topology, { applicationId })));
    } catch (err) {
      throw new FjordError('INVALID_ARGUMENT', `cannot write --mermaid ${mermaid}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (format === 'json') await ctx.out.line(JSON.stringify(topologyToJson(topology, { applicationId })));
  else if (format === 'kafka') await ctx.out.write(topology.describe().toString());
  else await ctx.out.write(drawTopologyText(topology, { applicationId, ascii: flags.boolean('ascii'), paint: topologyPaint(styleFor(process.stdout)) }));
  if (mermaid !== undefined && format !== 'json') await ctx.out.line(`\nMermaid diagram written to ${mermaid}`);
}

/** `fjord topology`. */
export const topologyCommand: Command = { spec, run: runTopology };
