/**
 * Writes docs/configuration.md: every setting Fjord reads, with its type, default and
 * documentation, taken from the definitions in the code so the reference never drifts.
 *
 * Sources, per area:
 * - runtime tables (LOG_CONFIG_DEFINITIONS, Connect ConfigDefs, default objects with key maps);
 * - for settings defined as a TypeScript interface plus a defaults object, the interface's
 *   property types and doc comments are read with the TypeScript parser (no type checking);
 * - SQL's WITH properties and session properties, which live in code only, are read from the
 *   engine's source the same way (the KNOWN set, and every `properties.get('…')` call).
 *
 * `renderConfigDocs()` is pure apart from reading source files; run this file to write the doc.
 * Output is deterministic: rows sorted by name, no timestamps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { brokerConfigKeys, defaultBrokerConfig } from '../core/broker/broker-config.js';
import { defaultServerLimits, serverLimitKeys } from '../core/broker/server/server-limits.js';
import { defaultConsumerConfig } from '../core/client/consumer-config.js';
import { defaultProducerConfig } from '../core/client/producer-config.js';
import { defaultKafkaTransportConfig } from '../core/client/kafka/kafka-config.js';
import { LOG_CONFIG_DEFINITIONS } from '../core/log/log-config.js';
import { FJORD_STREAMS_DEFAULTS } from '../core/streams/runtime/fjord-streams.js';
import { CACHE_MAX_BYTES_DEFAULT } from '../core/streams/state/index.js';
import { brokerCommand } from '../cli/commands/broker.js';
import { SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG } from '../connectors/api/connector-config.js';
import type { ConfigDef, ConfigValue } from '../connectors/api/types.js';
import { BUILTIN_PLUGIN_NAMES, findBuiltinPlugin } from '../connectors/plugins/index.js';
import { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMS } from '../connectors/transforms/registry.js';
import { BUILT_IN_CONVERTERS } from '../connectors/api/converters/create-converter.js';
import { defaultWorkerConfig, workerConfigKeys } from '../connectors/runtime/worker-config.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(ROOT, 'docs/configuration.md');

/** One documented setting. Empty strings render as blank cells. */
interface Row {
  name: string;
  type: string;
  default: string;
  /** Importance (Connect) or valid values (topic configs); '' when the source has none. */
  extra: string;
  documentation: string;
}

interface Table {
  title: string;
  /** Where the definition lives, relative to the repository root. */
  source: string;
  intro?: string;
  extraHeader?: string;
  rows: Row[];
}

interface Area {
  title: string;
  intro: string;
  tables: Table[];
}

// ---------------------------------------------------------------------------------------------
// Reading interfaces and literals from source

function parseSource(relative: string): ts.SourceFile {
  const file = path.join(ROOT, relative);
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Each property of `interfaceName` in `relative`: its TypeScript type text and doc comment. */
function interfaceMembers(relative: string, interfaceName: string): Map<string, { type: string; doc: string }> {
  const sf = parseSource(relative);
  const decl = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
  if (!decl) throw new Error(`gen-config-docs: interface ${interfaceName} not found in ${relative}`);
  const out = new Map<string, { type: string; doc: string }>();
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const doc = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ');
    out.set(member.name.text, { type: member.type?.getText(sf) ?? 'unknown', doc: oneLine(doc) });
  }
  return out;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return node.text;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Formatting

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text === '' ? '' : `\`${text.replace(/`/g, "'")}\``;
}

/** How a default value is shown: strings quoted only when empty, lists comma-joined. */
export function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return code('null');
  if (Array.isArray(value)) return value.length === 0 ? '(empty list)' : code(value.join(','));
  if (value === '') return code('""');
  if (typeof value === 'object') return code(JSON.stringify(value));
  return code(String(value));
}

function byName(a: Row, b: Row): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function renderTable(table: Table): string {
  const extra = table.extraHeader !== undefined;
  const head = ['Name', 'Type', 'Default', ...(extra ? [table.extraHeader!] : []), 'Documentation'];
  const lines = [`### ${table.title}`, '', `Defined in \`${table.source}\`.`];
  if (table.intro) lines.push('', table.intro);
  if (table.rows.length === 0) return [...lines, '', 'No keys of its own.'].join('\n');
  lines.push('', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
  for (const r of [...table.rows].sort(byName)) {
    const cells = [code(r.name), code(r.type), r.default, ...(extra ? [r.extra] : []), r.documentation];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderAreas(areas: Area[]): string {
  const parts = [
    '# Configuration reference',
    '',
    '<!-- Generated by scripts/gen-config-docs.ts from the config definitions in the code. Do not edit: run `npm run gen:docs`. -->',
    '',
    'Every setting Fjord reads, with its type, default and documentation, generated from the',
    'definitions in the code (`npm run gen:docs`), so it lists exactly what the code accepts.',
    '',
    '## Contents',
    '',
    ...areas.map((a) => `- [${a.title}](#${anchor(a.title)})`),
  ];
  for (const area of areas) {
    parts.push('', `## ${area.title}`, '', area.intro);
    for (const table of area.tables) parts.push('', renderTable(table));
  }
  return parts.join('\n') + '\n';
}

function anchor(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

// ---------------------------------------------------------------------------------------------
// Sources

/** Rows of a defaults object documented by an interface, named by Kafka keys when a key map exists. */
function interfaceRows<T extends object>(
  source: string, interfaceName: string, defaults: T, keys?: Partial<Record<keyof T, string>>,
): Row[] {
  const members = interfaceMembers(source, interfaceName);
  const rows: Row[] = [];
  for (const field of Object.keys(defaults) as (keyof T & string)[]) {
    const member = members.get(field);
    if (!member) throw new Error(`gen-config-docs: ${interfaceName} has no field ${field} (${source})`);
    const key = keys?.[field];
    // A comment that starts by naming the key ("num.partitions: ...") need not repeat it.
    const doc = key !== undefined && member.doc.startsWith(key) ? member.doc.slice(key.length).replace(/^[:,]?\s*/, '').replace(/^./, (c) => c.toUpperCase()) : member.doc;
    rows.push({
      name: key ?? field,
      type: member.type,
      default: formatDefault(defaults[field]),
      extra: '',
      documentation: key !== undefined && key !== field ? `${doc}${doc ? ' ' : ''}(field \`${field}\`)` : doc,
    });
  }
  return rows;
}

function configDefRows(def: ConfigDef): Row[] {
  return def.map((k) => ({
    name: k.name,
    type: k.type,
    default: k.default === undefined ? '(required)' : formatDefault(k.default as ConfigValue),
    extra: k.importance,
    documentation: k.documentation + (k.recommendedValues?.length ? ` Values: ${k.recommendedValues.join(', ')}.` : ''),
  }));
}

function brokerArea(): Area {
  const flagRows: Row[] = Object.entries(brokerCommand.spec.options).map(([flag, o]) => ({
    name: `--${flag}${o.value ? ` ${o.value}` : ''}`,
    type: o.type + (o.multiple ? ' (repeatable)' : ''),
    default: o.defaultText === undefined ? '' : o.defaultText.includes(' ') ? o.defaultText : code(o.defaultText),
    extra: '',
    documentation: o.description,
  }));
  return {
    title: 'Broker',
    intro: 'Settings of `fjord broker`, given as `--config KEY=VALUE` (Kafka `server.properties` names) or as flags.',
    tables: [
      { title: 'Broker settings', source: 'core/broker/broker-config.ts', rows: interfaceRows('core/broker/broker-config.ts', 'BrokerConfig', defaultBrokerConfig, brokerConfigKeys) },
      { title: 'Listener limits', source: 'core/broker/server/server-limits.ts', rows: interfaceRows('core/broker/server/server-limits.ts', 'ServerLimits', defaultServerLimits, serverLimitKeys) },
      { title: '`fjord broker` flags', source: 'cli/commands/broker.ts', rows: flagRows },
    ],
  };
}

function topicArea(): Area {
  const rows = LOG_CONFIG_DEFINITIONS.map((d) => ({ name: d.name, type: d.type, default: code(d.default), extra: d.allowed, documentation: d.documentation }));
  return {
    title: 'Topics',
    intro: 'Topic-level configs (`fjord topics create --config`, `CreateTopics`, `IncrementalAlterConfigs`), with Kafka\'s names and defaults.',
    tables: [{ title: 'Topic configs', source: 'core/log/log-config.ts', extraHeader: 'Valid values', rows }],
  };
}

function clientArea(): Area {
  return {
    title: 'Clients',
    intro: 'Options of `fjord.producer({...})`, `fjord.consumer({...})` and `Fjord.connect({...})`: Kafka\'s client configs in camelCase, with Kafka\'s defaults.',
    tables: [
      { title: 'Producer', source: 'core/client/producer-config.ts', rows: interfaceRows('core/client/producer-config.ts', 'ProducerConfig', defaultProducerConfig) },
      { title: 'Consumer', source: 'core/client/consumer-config.ts', rows: interfaceRows('core/client/consumer-config.ts', 'ConsumerConfig', defaultConsumerConfig) },
      {
        title: 'Connection (`Fjord.connect({ bootstrap, ... })`)', source: 'core/client/kafka/kafka-config.ts',
        intro: 'Besides `bootstrap` (`host:port[,host:port]`), the options of a connection to a Kafka-protocol cluster; a producer\'s own `requestTimeoutMs` and `maxInFlightRequestsPerConnection` override these for its connections.',
        rows: interfaceRows('core/client/kafka/kafka-config.ts', 'KafkaTransportConfig', defaultKafkaTransportConfig),
      },
    ],
  };
}

function streamsArea(): Area {
  const source = 'core/streams/runtime/fjord-streams.ts';
  const members = interfaceMembers(source, 'FjordStreamsConfig');
  const defaults: Record<string, unknown> = { ...FJORD_STREAMS_DEFAULTS, cacheMaxBytes: CACHE_MAX_BYTES_DEFAULT };
  const rows: Row[] = [...members].map(([field, m]) => ({
    name: field, type: m.type, default: formatDefault(defaults[field]), extra: '', documentation: m.doc,
  }));
  return {
    title: 'Fjord Streams',
    intro: 'Options of `new FjordStreams(topology, {...})`. Options without a default here are optional unless their type says otherwise; group timeouts fall back to the consumer\'s.',
    tables: [{ title: 'FjordStreamsConfig', source, rows }],
  };
}

function connectArea(): Area {
  const tables: Table[] = [
    { title: 'Worker', source: 'connectors/runtime/worker-config.ts', intro: 'Keys of `worker.properties` (`fjord connect`). Other keys are kept for converters (`key.converter.*`) and clients (`producer.*`, `consumer.*`).', rows: interfaceRows('connectors/runtime/worker-config.ts', 'WorkerConfig', defaultWorkerConfig, workerConfigKeys) },
    { title: 'Source connectors (every source connector)', source: 'connectors/api/connector-config.ts', extraHeader: 'Importance', rows: configDefRows(SOURCE_CONNECTOR_CONFIG) },
    { title: 'Sink connectors (every sink connector)', source: 'connectors/api/connector-config.ts', extraHeader: 'Importance', rows: configDefRows(SINK_CONNECTOR_CONFIG) },
  ];
  for (const name of [...BUILTIN_PLUGIN_NAMES].sort()) {
    const cls = findBuiltinPlugin(name);
    if (!cls) throw new Error(`gen-config-docs: built-in connector ${name} not found`);
    tables.push({ title: `Connector ${name}`, source: 'connectors/plugins/', intro: `\`connector.class=${name}\`; its own keys, besides the common ones above.`, extraHeader: 'Importance', rows: configDefRows(new cls().config()) });
  }
  tables.push(...pluginTables('Transform', BUILT_IN_TRANSFORMS, 'connectors/transforms/registry.ts'));
  tables.push(...pluginTables('Predicate', BUILT_IN_PREDICATES, 'connectors/transforms/registry.ts'));
  const converters = BUILT_IN_CONVERTERS as Readonly<Record<string, new () => { config(): ConfigDef }>>;
  tables.push(...pluginTables('Converter', converters, 'connectors/api/converters/create-converter.ts'));
  return {
    title: 'Connect',
    intro: 'The Connect worker, the keys every connector config takes, and the own keys of each built-in connector, transform (`transforms.<alias>.*`), predicate (`predicates.<alias>.*`) and converter (`key.converter.*`, `value.converter.*`, `header.converter.*`).',
    tables,
  };
}

/** One table per class; `$Key`/`$Value` variants with the same keys share a table. */
function pluginTables(kind: string, classes: Readonly<Record<string, new () => { config(): ConfigDef }>>, source: string): Table[] {
  const byRendered = new Map<string, { names: string[]; rows: Row[] }>();
  const shortNameOf = (full: string): string => full.slice(full.lastIndexOf('.') + 1);
  const ordered = Object.keys(classes).sort((a, b) => (shortNameOf(a) < shortNameOf(b) ? -1 : shortNameOf(a) > shortNameOf(b) ? 1 : 0));
  for (const full of ordered) {
    const rows = configDefRows(new classes[full]().config());
    const shortName = shortNameOf(full);
    const group = `${shortName.replace(/\$(Key|Value)$/, '')}\n${JSON.stringify([...rows].sort(byName))}`;
    const entry = byRendered.get(group) ?? { names: [], rows };
    entry.names.push(shortName);
    byRendered.set(group, entry);
  }
  return [...byRendered.values()].map(({ names, rows }) => ({
    title: `${kind} ${names.join(' / ')}`,
    source,
    extraHeader: 'Importance',
    rows,
  }));
}

function sqlArea(): Area {
  return {
    title: 'SQL',
    intro: 'Properties of the ksqlDB-compatible SQL engine, read from the engine\'s source.',
    tables: [withPropertiesTable(), sessionPropertiesTable()],
  };
}

/** WITH-clause names from the KNOWN set, typed by the WithProperties field their `case` fills. */
function withPropertiesTable(): Table {
  const source = 'sql/engine/with-properties.ts';
  const sf = parseSource(source);
  const members = interfaceMembers(source, 'WithProperties');
  const names: string[] = [];
  const fieldOf = new Map<string, string>();
  walk(sf, (n) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'KNOWN' && n.initializer) {
      walk(n.initializer, (m) => { const t = ts.isStringLiteral(m) ? m.text : undefined; if (t !== undefined) names.push(t); });
    }
    if (ts.isCaseClause(n)) {
      const name = literalText(n.expression);
      walk(n, (m) => {
        if (name !== undefined && !fieldOf.has(name) && ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.EqualsToken
          && ts.isPropertyAccessExpression(m.left) && ts.isIdentifier(m.left.expression) && m.left.expression.text === 'out') {
          fieldOf.set(name, m.left.name.text);
        }
      });
    }
  });
  if (names.length === 0) throw new Error(`gen-config-docs: no KNOWN property names found in ${source}`);
  const rows = names.map((name) => {
    const field = fieldOf.get(name);
    const member = field === undefined ? undefined : members.get(field);
    return {
      name, type: member?.type ?? '', default: '', extra: '',
      documentation: member ? `${member.doc}${member.doc ? ' ' : ''}(sets \`${field}\`)` : 'Accepted for ksqlDB compatibility; Fjord does not act on it yet.',
    };
  });
  return { title: 'WITH properties (CREATE STREAM / TABLE, CSAS / CTAS)', source, rows };
}

/** Every `properties.get('name')` in sql/ (tests excluded), with the literal after `??` as default. */
function sessionPropertiesTable(): Table {
  const found = new Map<string, { defaults: Set<string>; files: Set<string> }>();
  // Only files that mention the call are parsed: the engine's other sources are many and large.
  const candidates = sourceFiles('sql').filter((f) => fs.readFileSync(path.join(ROOT, f), 'utf8').includes('properties.get('));
  for (const relative of candidates) {
    walk(parseSource(relative), (n) => {
      if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || n.expression.name.text !== 'get') return;
      const target = n.expression.expression;
      const targetName = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : '';
      const name = n.arguments.length === 1 ? literalText(n.arguments[0]) : undefined;
      if (targetName !== 'properties' || name === undefined) return;
      const entry = found.get(name) ?? { defaults: new Set(), files: new Set() };
      const fallback = nullishFallback(n);
      if (fallback !== undefined) entry.defaults.add(fallback);
      entry.files.add(relative);
      found.set(name, entry);
    });
  }
  const rows = [...found].map(([name, e]) => ({
    name, type: 'string', default: [...e.defaults].sort().map((d) => formatDefault(d)).join(', '), extra: '',
    documentation: `Read by ${[...e.files].sort().map((f) => `\`${f}\``).join(', ')}.`,
  }));
  return {
    title: 'Session properties (SET \'name\'=\'value\')',
    source: 'sql/',
    intro: 'Found in the engine\'s source: every property the engine reads. A blank default means unset changes nothing.',
    rows,
  };
}

/** The literal a `??` chain falls back to for `node`, if any. */
function nullishFallback(node: ts.Node): string | undefined {
  let current = node;
  for (;;) {
    let parent = current.parent;
    while (ts.isParenthesizedExpression(parent)) { current = parent; parent = parent.parent; }
    if (!ts.isBinaryExpression(parent) || parent.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken) return undefined;
    if (parent.left === current) {
      const literal = literalText(parent.right);
      if (literal !== undefined) return literal;
    }
    current = parent;
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(relative));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(relative);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------

/** The whole document, as `npm run gen:docs` writes it. */
export function renderConfigDocs(): string {
  return renderAreas([brokerArea(), topicArea(), clientArea(), streamsArea(), connectArea(), sqlArea()]);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, renderConfigDocs());
  console.log(`wrote ${path.relative(ROOT, OUTPUT)}`);
}
