/**
 * Everything the CLI prints: stdout with back-pressure, aligned tables, and the record formats
 * of `fjord consume` (value only, JSON lines, or a kcat-style template).
 */
import type { ConsumerRecord } from '../core/client/record-types.js';
import { UsageError, type Flags, type OptionSpec } from './args.js';
import { plainStyle, type Style } from './render/style.js';

/** stdout with back-pressure; a closed pipe (`fjord consume ... | head`) stops output quietly. */
export class OutputWriter {
  private broken = false;
  private readonly brokenListeners: (() => void)[] = [];

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      this.broken = true;
      for (const listener of this.brokenListeners.splice(0)) listener();
    });
  }

  /** Calls `listener` once if the reader of stdout goes away. */
  onBrokenPipe(listener: () => void): void {
    if (this.broken) listener();
    else this.brokenListeners.push(listener);
  }

  /** Writes text, waiting for the stream to drain when its buffer is full. */
  async write(text: string): Promise<void> {
    if (this.broken || text === '') return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
    });
  }

  async line(text: string): Promise<void> {
    await this.write(`${text}\n`);
  }

  /** Resolves once everything written so far has been handed to the OS. */
  async flush(): Promise<void> {
    if (this.broken) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }
}

/**
 * Left-aligned columns separated by two spaces, with a header row (bold when `style` paints:
 * pass `styleFor(process.stdout)` so a pipe gets plain text).
 */
export function formatTable(headers: string[], rows: (string | number | bigint)[][], style: Style = plainStyle): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const lines = cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
  // Painted after padding: colour codes take no columns, so widths come from the plain text.
  if (style.enabled) lines[0] = style.bold(lines[0]);
  return lines.join('\n');
}

/** The `--format json` flag of commands that print a table or a report. */
export const JSON_FORMAT_OPTION: OptionSpec = { type: 'string', value: 'json', description: 'print one JSON document instead of text (for scripts)' };

/** True for `--format json`; absent is text; anything else is a usage error. */
export function wantsJson(flags: Flags): boolean {
  const format = flags.string('format');
  if (format === undefined) return false;
  if (format !== 'json') throw new UsageError(`--format expects json, got '${format}'`);
  return true;
}

/** JSON text where 64-bit numbers (bigint: offsets) are strings, as in `fjord consume --format json`. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Turns one consumed record into the text printed for it (including its line break). */
export type RecordFormatter = (record: ConsumerRecord) => string;

const utf8 = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

/** The JSON object `--format json` prints per record; offset is a string because it is 64-bit. */
export function recordToJson(r: ConsumerRecord): Record<string, unknown> {
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset.toString(),
    timestamp: r.timestamp,
    key: utf8(r.key),
    value: utf8(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: utf8(h.value) })),
  };
}

/**
 * The formatter for `--format`: undefined prints the value (null as `null`, as Kafka's console
 * consumer does); `json` prints JSON lines; anything else is a kcat-style template.
 */
export function recordFormatter(format: string | undefined): RecordFormatter {
  if (format === undefined) return (r) => `${utf8(r.value) ?? 'null'}\n`;
  if (format === 'json') return (r) => `${JSON.stringify(recordToJson(r))}\n`;
  return compileTemplate(format);
}

type Part = string | ((r: ConsumerRecord) => string);

const TOKENS: Record<string, (r: ConsumerRecord) => string> = {
  t: (r) => r.topic,
  p: (r) => String(r.partition),
  o: (r) => r.offset.toString(),
  k: (r) => utf8(r.key) ?? '',
  s: (r) => utf8(r.value) ?? '',
  K: (r) => String(r.key?.length ?? -1),
  S: (r) => String(r.value?.length ?? -1),
  T: (r) => String(r.timestamp),
  h: (r) => r.headers.map((h) => `${h.key}=${utf8(h.value) ?? ''}`).join(','),
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

/**
 * Compiles a kcat-style template once, so formatting a record is a few string joins: %t topic,
 * %p partition, %o offset, %k key, %s value, %K/%S key/value length (-1 for null), %T timestamp
 * (ms), %h headers (k=v,k=v), %% a percent sign; \n \t \r \\ escapes. As in kcat, the template
 * is printed exactly: end it with \n for one record per line.
 */
export function compileTemplate(template: string): RecordFormatter {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    const next = template[i + 1];
    if (c === '\\' && next !== undefined && ESCAPES[next] !== undefined) {
      literal += ESCAPES[next];
      i++;
    } else if (c === '%') {
      if (next === '%') literal += '%';
      else if (next !== undefined && TOKENS[next]) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(TOKENS[next]);
      } else {
        throw new UsageError(`--format: unknown token '%${next ?? ''}' (known: ${Object.keys(TOKENS).map((t) => `%${t}`).join(' ')} %%, or 'json')`);
      }
      i++;
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return (r) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(r);
    return out;
  };
}
