/**
 * `fjord produce <topic>`: one record per line from stdin or a file, like
 * kafka-console-producer and `kcat -P`. Lines stream through readline and the producer batches
 * them; a SendWindow keeps memory bounded however long the input is.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { topicNameProblem } from '../../core/topic-partition.js';
import type { Producer } from '../../core/client/producer.js';
import { defaultProducerConfig, type ProducerConfig } from '../../core/client/producer-config.js';
import type { ProducerRecord, RecordMetadata } from '../../core/client/record-types.js';
import { FjordError } from '../../core/errors.js';
import { parseIntArg, splitKeyValue, UsageError, type CommandSpec, type Flags, type ParsedArgs } from '../args.js';
import type { CliContext, Command } from '../context.js';
import { ProgressReporter, progressModeFor, streamSink } from '../progress/progress-reporter.js';

/** Sends between two waits for acknowledgement; bounds the records held in memory. */
export const unackedSendsMax = 10_000;

/**
 * Keeps at most about 2 × `windowMax` sends unacknowledged: every `windowMax`-th send waits for
 * the one `windowMax` sends earlier, so the producer always has a full window to batch from.
 */
export class SendWindow {
  private sent = 0;
  private checkpoint: Promise<unknown> = Promise.resolve();

  constructor(private readonly windowMax = unackedSendsMax) {}

  /** Records one send (its promise must not reject: attach handlers first). */
  async add(acknowledged: Promise<unknown>): Promise<void> {
    if (++this.sent % this.windowMax !== 0) return;
    await this.checkpoint;
    this.checkpoint = acknowledged;
  }

  get count(): number {
    return this.sent;
  }
}

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

const spec: CommandSpec = {
  name: 'produce',
  summary: 'Write records to a topic, one per line of stdin (or of --file). Empty lines are skipped.\nThe topic is created with the broker defaults if it does not exist (as Kafka does).',
  positionals: [{ name: 'topic', required: true, description: 'topic to write to' }],
  options: {
    file: { type: 'string', value: 'PATH', description: 'read lines from this file instead of stdin' },
    'key-separator': { type: 'string', value: 'SEP', description: 'split each line into KEY SEP VALUE at the first SEP (\\t means a tab); a line without SEP is an error' },
    header: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'add this header to every record' },
    acks: { type: 'string', value: '0|1|all', description: 'acknowledgements to wait for', defaultText: 'all' },
    partition: { type: 'string', value: 'N', description: 'write every record to this partition', defaultText: 'by key hash; sticky for null keys' },
    compression: { type: 'string', value: 'TYPE', description: 'none, gzip, snappy, lz4 or zstd', defaultText: 'none' },
    property: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'other producer settings by their Kafka names, e.g. linger.ms=20, batch.size=65536' },
  },
  examples: [
    "printf 'hello\\nworld\\n' | fjord produce greetings",
    "printf 'u1:clicked\\nu2:viewed\\n' | fjord produce events --key-separator : --header source=cli",
    'fjord produce events --file events.txt --key-separator , --property linger.ms=20 --verbose',
  ],
};

/** `linger.ms` → `lingerMs`. */
function camelCase(kafkaKey: string): string {
  return kafkaKey.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase());
}

function dotted(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `.${c.toLowerCase()}`);
}

function parseAcks(flag: string, text: string): ProducerConfig['acks'] {
  if (text === 'all' || text === '-1') return 'all';
  if (text === '0' || text === '1') return Number(text) as 0 | 1;
  throw new UsageError(`${flag} expects 0, 1 or all, got '${text}'`);
}

function parseCompression(flag: string, text: string): ProducerConfig['compressionType'] {
  const found = COMPRESSIONS.find((c) => c === text);
  if (!found) throw new UsageError(`${flag} expects one of ${COMPRESSIONS.join(', ')}, got '${text}'`);
  return found;
}

/** Turns `--property linger.ms=20` style settings (Kafka's names) into producer config fields. */
export function producerConfigFromProperties(properties: Record<string, string>): Partial<ProducerConfig> {
  const config: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(properties)) {
    const field = camelCase(key) as keyof ProducerConfig;
    const flag = `--property ${key}`;
    if (!(field in defaultProducerConfig) || dotted(field) !== key) {
      const known = Object.keys(defaultProducerConfig).map(dotted).join(', ');
      throw new UsageError(`--property: unknown producer setting '${key}' (known: ${known})`);
    }
    const def = defaultProducerConfig[field];
    if (field === 'acks') config[field] = parseAcks(flag, text);
    else if (field === 'compressionType') config[field] = parseCompression(flag, text);
    else if (typeof def === 'number') config[field] = parseIntArg(flag, text, 0);
    else if (typeof def === 'boolean') {
      if (text !== 'true' && text !== 'false') throw new UsageError(`${flag} expects true or false, got '${text}'`);
      config[field] = text === 'true';
    } else config[field] = text;
  }
  return config as Partial<ProducerConfig>;
}

function producerConfig(flags: Flags): Partial<ProducerConfig> {
  const config: Partial<ProducerConfig> = { clientId: 'fjord-cli-producer', ...producerConfigFromProperties(flags.keyValues('property')) };
  const acks = flags.string('acks');
  if (acks !== undefined) config.acks = parseAcks('--acks', acks);
  const compression = flags.string('compression');
  if (compression !== undefined) config.compressionType = parseCompression('--compression', compression);
  return config;
}

/** Turns one input line into a record (undefined for an empty line, which is skipped). */
type LineParser = (line: string, lineNo: number) => ProducerRecord | undefined;

function lineParser(topic: string, flags: Flags): LineParser {
  const rawSep = flags.string('key-separator');
  if (rawSep === '') throw new UsageError('--key-separator must not be empty');
  const sep = rawSep?.replace(/\\t/g, '\t');
  const headers = flags.strings('header').map((h) => {
    const [key, value] = splitKeyValue('--header', h);
    return { key, value };
  });
  const partition = flags.int('partition', 0);
  const base = { topic, ...(headers.length > 0 ? { headers } : {}), ...(partition !== undefined ? { partition } : {}) };
  return (line, lineNo) => {
    if (line === '') return undefined;
    if (sep === undefined) return { ...base, value: line };
    const at = line.indexOf(sep);
    if (at < 0) throw new FjordError('INVALID_ARGUMENT', `line ${lineNo} has no key separator '${rawSep}'`);
    return { ...base, key: line.slice(0, at), value: line.slice(at + sep.length) };
  };
}

async function openInput(file: string | undefined): Promise<NodeJS.ReadableStream> {
  if (file === undefined) {
    if (process.stdin.isTTY) process.stderr.write('fjord: reading records from the terminal, one per line; Ctrl-D ends\n');
    return process.stdin;
  }
  try {
    const handle = await fs.promises.open(file, 'r');
    return handle.createReadStream();
  } catch (err) {
    throw new FjordError('INVALID_ARGUMENT', `cannot read --file ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Sends lines as records; returns how many were sent, or throws the first failure. */
async function sendLines(ctx: CliContext, producer: Producer, rl: readline.Interface, parse: LineParser, onLine?: () => void): Promise<number> {
  let lineNo = 0;
  let failure: Error | null = null;
  const window = new SendWindow();
  const report = (n: number) => (m: RecordMetadata): void => {
    if (ctx.verbose) void ctx.out.line(`line ${n}: partition ${m.partition} offset ${m.offset < 0n ? 'unknown (acks=0)' : m.offset}`);
  };
  const fail = (err: Error): void => {
    failure ??= err;
    rl.close();
  };
  for await (const line of rl) {
    lineNo++;
    onLine?.();
    const record = parse(line, lineNo);
    if (record === undefined) continue;
    let pending: Promise<void>;
    try {
      pending = producer.send(record).then(report(lineNo), fail);
    } catch (err) {
      fail(err as Error); // send() validates some arguments (e.g. --partition) synchronously
      break;
    }
    await window.add(pending);
    if (failure) break;
  }
  await producer.flush();
  if (failure) throw failure;
  return window.count;
}

async function produce(ctx: CliContext, { flags, args: [topic] }: ParsedArgs): Promise<void> {
  // Checked here because the auto-creating metadata lookup can only answer with a bare error code.
  const problem = topicNameProblem(topic);
  if (problem) throw new FjordError('INVALID_TOPIC_EXCEPTION', problem);
  const config = producerConfig(flags);
  const parse = lineParser(topic, flags);
  const file = flags.string('file');
  const input = await openInput(file);
  const producer = (await ctx.open()).producer(config);
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const stop = (): void => rl.close();
  ctx.signal.addEventListener('abort', stop);
  const size = inputFileSize(file);
  const progress = size === null ? null : fileProgress(file ?? 'stdin', size, input);
  try {
    const sent = await sendLines(ctx, producer, rl, parse, progress?.onLine);
    progress?.finish();
    if (ctx.verbose) process.stderr.write(`fjord: produced ${sent} record(s) to ${topic}\n`);
  } finally {
    progress?.reporter.abandon();
    ctx.signal.removeEventListener('abort', stop);
    rl.close();
    await producer.close();
  }
}

/** The size of the input when it is a regular file (`--file`, or stdin redirected from one: `< big.txt`), else null. */
function inputFileSize(file: string | undefined): number | null {
  try {
    const stat = file === undefined ? fs.fstatSync(0) : fs.statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null; // no stdin at all: nothing to measure
  }
}

/** Progress of reading a file, by bytes read of its size, on stderr (see cli/progress). */
function fileProgress(file: string, size: number, input: NodeJS.ReadableStream): { reporter: ProgressReporter; onLine: () => void; finish: () => void } {
  const stream = input as NodeJS.ReadableStream & { bytesRead?: number };
  const reporter = new ProgressReporter({
    label: `producing ${file}`, unit: 'bytes', total: size,
    mode: progressModeFor(process.stderr, false), sink: streamSink(process.stderr),
  });
  return {
    reporter,
    // bytesRead (fs.ReadStream: --file, or stdin from a file) runs ahead of the lines handed out by one read chunk: close enough.
    onLine: () => reporter.update(stream.bytesRead ?? 0),
    finish: () => {
      reporter.update(size);
      reporter.finish();
    },
  };
}

/** `fjord produce`. */
export const produceCommand: Command = { spec, run: produce };
