import { expect } from 'chai';
import { formatHelp, parseCommandArgs, parseIntArg, splitKeyValue, UsageError, type CommandSpec } from '../../cli/args.js';

const spec: CommandSpec = {
  name: 'topics create',
  summary: 'Create a topic.',
  positionals: [{ name: 'topic', required: true, description: 'the topic' }],
  options: {
    partitions: { type: 'string', value: 'N', description: 'partitions', defaultText: '1' },
    config: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'override' },
    'exit-at-end': { type: 'boolean', short: 'e', description: 'stop at the end' },
  },
  examples: ['fjord topics create orders'],
};

function usageMessage(argv: string[]): string {
  try {
    parseCommandArgs(spec, argv);
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('cli/args', () => {
  it('parses positionals, repeated flags, short flags and the global flags', () => {
    const { flags, args } = parseCommandArgs(spec, ['orders', '--partitions', '3', '--config', 'a=1', '--config=b=x=y', '-e', '--data-dir', '/tmp/d']);
    expect(args).to.deep.equal(['orders']);
    expect(flags.int('partitions', 1)).to.equal(3);
    expect(flags.keyValues('config')).to.deep.equal({ a: '1', b: 'x=y' });
    expect(flags.boolean('exit-at-end')).to.equal(true);
    expect(flags.string('data-dir')).to.equal('/tmp/d');
  });

  it('names the unknown flag', () => {
    expect(usageMessage(['orders', '--partitons', '3'])).to.match(/^unknown flag --partitons \(see fjord topics create --help\)$/);
  });

  it('names a flag whose value is missing', () => {
    expect(usageMessage(['orders', '--partitions'])).to.match(/^flag --partitions needs a value/);
  });

  it('names the missing positional argument', () => {
    expect(usageMessage([])).to.match(/^missing <topic> for fjord topics create/);
  });

  it('rejects extra positional arguments', () => {
    expect(usageMessage(['a', 'b'])).to.match(/^unexpected argument 'b'/);
  });

  it('accepts --help without the required arguments', () => {
    expect(parseCommandArgs(spec, ['--help']).flags.boolean('help')).to.equal(true);
  });

  it('rejects numbers out of range or malformed, naming the flag', () => {
    expect(() => parseIntArg('--partitions', '0', 1)).to.throw(UsageError, "--partitions expects a whole number >= 1, got '0'");
    expect(() => parseIntArg('--partitions', '3x', 1)).to.throw(UsageError, '--partitions');
    expect(parseIntArg('--partitions', ' 12 ', 1)).to.equal(12);
  });

  it('splits KEY=VALUE at the first = and rejects items without a key', () => {
    expect(splitKeyValue('--header', 'k=v=w')).to.deep.equal(['k', 'v=w']);
    expect(() => splitKeyValue('--header', 'novalue')).to.throw(UsageError, "--header expects KEY=VALUE, got 'novalue'");
    expect(() => splitKeyValue('--header', '=v')).to.throw(UsageError);
  });

  it('generates help listing every flag with its default and the global flags', () => {
    const help = formatHelp(spec);
    expect(help).to.include('Usage: fjord topics create <topic> [options]');
    expect(help).to.match(/--partitions N +partitions \(default: 1\)/);
    expect(help).to.match(/-e, --exit-at-end/);
    expect(help).to.include('--data-dir DIR');
    expect(help).to.include('fjord topics create orders');
  });
});
