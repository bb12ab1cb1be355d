/**
 * Command-line parsing: each command declares its flags and arguments once (a CommandSpec), and
 * the same table drives node's util.parseArgs, the `--help` text and the usage errors, so help
 * can never list a flag the parser rejects.
 */
import { parseArgs } from 'node:util';
import { FjordError } from '../core/errors.js';

/** A bad command line: unknown flag, missing argument, malformed value. The CLI exits with 2. */
export class UsageError extends FjordError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
    this.name = 'UsageError';
  }
}

/** One flag of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The flag may be given several times (values collect into a list). */
  multiple?: boolean;
  /** Placeholder for the value in help, e.g. `N` or `DIR`. */
  value?: string;
  description: string;
  /** The default as shown in help; the command applies it. */
  defaultText?: string;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  name: string;
  required: boolean;
  description: string;
}

/** Everything the parser and the help text need to know about a command. */
export interface CommandSpec {
  /** Words after `fjord`, e.g. `topics create`. */
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Extra help text after the options (e.g. the topic config keys). */
  moreHelp?: () => string;
}

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  'data-dir': { type: 'string', value: 'DIR', description: 'data directory of the embedded broker', defaultText: './.fjord' },
  bootstrap: { type: 'string', value: 'HOST:PORT', description: 'reach a running broker (fjord broker, Kafka) over TCP instead of opening a data dir; several as HOST:PORT,HOST:PORT' },
  verbose: { type: 'boolean', description: 'print broker log lines (and per-record details where a command has them) to stderr' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Global flags that take a value: main skips their values while looking for the command name. */
export const GLOBAL_VALUE_FLAGS = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));

/** Parsed flags of one command, with typed accessors that turn bad values into UsageErrors. */
export class Flags {
  constructor(private readonly values: Record<string, unknown>) {}

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  boolean(name: string): boolean {
    return this.values[name] === true;
  }

  strings(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? (v as string[]) : [];
  }

  /** A whole number flag in [min, max], or undefined when absent. */
  int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    return parseIntArg(`--${name}`, text, min, max);
  }

  /** `--name k=v` repeated, as an object (later keys win, as in Kafka's tools). */
  keyValues(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const item of this.strings(name)) {
      const [k, v] = splitKeyValue(`--${name}`, item);
      out[k] = v;
    }
    return out;
  }
}

/** A command line after parsing. */
export interface ParsedArgs {
  flags: Flags;
  /** Positional arguments in order; required ones are guaranteed present. */
  args: string[];
}

/** Parses `argv` (the words after the command name) against `spec` and the global flags. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const all = { ...GLOBAL_OPTIONS, ...spec.options };
  const options = Object.fromEntries(Object.entries(all).map(([name, o]) => [
    name,
    { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
  ]));
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${describeParseError(err)} (see fjord ${spec.name} --help)`);
  }
  const flags = new Flags(parsed.values);
  if (flags.boolean('help')) return { flags, args: parsed.positionals };
  const args = parsed.positionals;
  const missing = spec.positionals.find((p, i) => p.required && args[i] === undefined);
  if (missing) throw new UsageError(`missing <${missing.name}> for fjord ${spec.name} (see fjord ${spec.name} --help)`);
  if (args.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument '${args[spec.positionals.length]}' for fjord ${spec.name} (see fjord ${spec.name} --help)`);
  }
  return { flags, args };
}

/** Turns util.parseArgs' messages into one short line naming the flag. */
function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag}`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `flag ${flag} needs a value`;
    if (message.includes('does not take an argument')) return `flag ${flag} takes no value`;
    if (message.includes('ambiguous')) return `flag ${flag} got a value starting with '-'; write ${flag}=VALUE`;
  }
  return message.split('\n')[0];
}

/** Parses a whole number argument, naming the flag when it is not one. */
export function parseIntArg(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UsageError(`${flag} expects a whole number ${range}, got '${text}'`);
  }
  return n;
}

/** Splits `k=v` at the first '='. */
export function splitKeyValue(flag: string, item: string): [string, string] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} expects KEY=VALUE, got '${item}'`);
  return [item.slice(0, eq), item.slice(eq + 1)];
}

const HELP_COLUMN = 30;

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const label = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
    const more = [o.multiple ? 'repeatable' : '', o.defaultText ? `default: ${o.defaultText}` : ''].filter(Boolean).join('; ');
    return `  ${label.padEnd(HELP_COLUMN - 3)} ${o.description}${more ? ` (${more})` : ''}`;
  });
}

/** The `--help` text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const args = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[<${p.name}>]`)).join(' ');
  const lines = [`Usage: fjord ${spec.name}${args ? ` ${args}` : ''} [options]`, '', spec.summary, ''];
  if (spec.positionals.length > 0) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(HELP_COLUMN - 3)} ${p.description}`);
    lines.push('');
  }
  if (Object.keys(spec.options).length > 0) lines.push('Options:', ...optionLines(spec.options), '');
  lines.push('Global options:', ...optionLines(GLOBAL_OPTIONS), '');
  if (spec.examples.length > 0) lines.push('Examples:', ...spec.examples.map((e) => `  ${e}`), '');
  if (spec.moreHelp) lines.push(spec.moreHelp(), '');
  return lines.join('\n');
}
