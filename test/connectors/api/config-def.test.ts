import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import { mergeConfigDefs, parseConfig, validateConfig } from '../../../connectors/api/config-def.js';
import { atLeast, nonEmptyString, oneOf, oneOfIgnoreCase, range, validList } from '../../../connectors/api/config-validators.js';
import type { ConfigDef } from '../../../connectors/api/types.js';

function failure(fn: () => unknown): FjordError {
  try {
    fn();
  } catch (err) {
    return err as FjordError;
  }
  throw new Error('expected a failure');
}

const def: ConfigDef = [
  { name: 'batch.size', type: 'int', default: 100, importance: 'high', documentation: 'Records per batch.', validator: range(1, 1000) },
  { name: 'timeout.ms', type: 'long', default: 30000, importance: 'medium', documentation: 'Timeout.' },
  { name: 'ratio', type: 'double', default: 0.5, importance: 'low', documentation: 'A ratio.' },
  { name: 'enabled', type: 'boolean', default: false, importance: 'low', documentation: 'On or off.' },
  { name: 'tables', type: 'list', default: [], importance: 'high', documentation: 'Tables.' },
  { name: 'url', type: 'string', importance: 'high', documentation: 'Where to connect.', validator: nonEmptyString, group: 'Connection', orderInGroup: 1, width: 'long', displayName: 'URL' },
  { name: 'password', type: 'password', default: null, importance: 'high', documentation: 'Secret.', group: 'Connection', orderInGroup: 2 },
  { name: 'mode', type: 'string', default: 'bulk', importance: 'high', documentation: 'Mode.', validator: oneOf('bulk', 'incrementing') },
];

describe('connectors/api config-def', () => {
  describe('parseConfig', () => {
    it('parses each type from its string form', () => {
      const values = parseConfig(def, {
        'batch.size': ' 42 ', 'timeout.ms': '9000000000', ratio: '1.5e2', enabled: 'TRUE',
        tables: ' a , b,c ', url: 'pg://x', password: 's3cret', mode: 'incrementing',
      });
      expect(values).to.deep.equal({
        'batch.size': 42, 'timeout.ms': 9000000000, ratio: 150, enabled: true,
        tables: ['a', 'b', 'c'], url: 'pg://x', password: 's3cret', mode: 'incrementing',
      });
    });

    it('applies defaults to absent keys', () => {
      const values = parseConfig(def, { url: 'pg://x' });
      expect(values['batch.size']).to.equal(100);
      expect(values.tables).to.deep.equal([]);
      expect(values.password).to.equal(null);
    });

    it('parses an empty list string as the empty list', () => {
      expect(parseConfig(def, { url: 'u', tables: '' }).tables).to.deep.equal([]);
    });

    it('ignores keys the definition does not know', () => {
      expect(parseConfig(def, { url: 'u', other: 'x' })).to.not.have.property('other');
    });

    it('rejects a non-number int in Kafka wording', () => {
      const err = failure(() => parseConfig(def, { url: 'u', 'batch.size': 'abc' }));
      expect(err).to.be.instanceOf(FjordError);
      expect(err.code).to.equal('INVALID_CONFIG');
      expect(err.message).to.equal('Invalid value abc for configuration batch.size: Not a number of type INT');
    });

    it('rejects an int beyond 32 bits', () => {
      expect(failure(() => parseConfig(def, { url: 'u', 'batch.size': '2147483648' })).message)
        .to.contain('Not a number of type INT');
    });

    it('rejects a fractional long', () => {
      expect(failure(() => parseConfig(def, { url: 'u', 'timeout.ms': '1.5' })).message)
        .to.equal('Invalid value 1.5 for configuration timeout.ms: Not a number of type LONG');
    });

    it('rejects a non-number double', () => {
      expect(failure(() => parseConfig(def, { url: 'u', ratio: 'half' })).message)
        .to.equal('Invalid value half for configuration ratio: Not a number of type DOUBLE');
    });

    it('rejects a boolean that is neither true nor false', () => {
      expect(failure(() => parseConfig(def, { url: 'u', enabled: 'yes' })).message)
        .to.equal('Invalid value yes for configuration enabled: Expected value to be either true or false');
    });

    it('names a missing required key', () => {
      expect(failure(() => parseConfig(def, {})).message)
        .to.equal('Missing required configuration "url" which has no default value.');
    });

    it('runs range validators', () => {
      expect(failure(() => parseConfig(def, { url: 'u', 'batch.size': '0' })).message)
        .to.equal('Invalid value 0 for configuration batch.size: Value must be at least 1');
      expect(failure(() => parseConfig(def, { url: 'u', 'batch.size': '1001' })).message)
        .to.equal('Invalid value 1001 for configuration batch.size: Value must be no more than 1000');
    });

    it('runs oneOf validators', () => {
      expect(failure(() => parseConfig(def, { url: 'u', mode: 'timestamp' })).message)
        .to.equal('Invalid value timestamp for configuration mode: String must be one of: bulk, incrementing');
    });

    it('runs validators on given empty strings', () => {
      expect(failure(() => parseConfig(def, { url: ' ' })).message)
        .to.equal('Invalid value  for configuration url: String must be non-empty');
    });

    it('collects every problem into one error prefixed by where', () => {
      const err = failure(() => parseConfig(def, { 'batch.size': 'x', enabled: 'maybe' }, 'connector jdbc-1'));
      expect(err.message).to.equal(
        'connector jdbc-1: Invalid value x for configuration batch.size: Not a number of type INT; ' +
        'Invalid value maybe for configuration enabled: Expected value to be either true or false; ' +
        'Missing required configuration "url" which has no default value.',
      );
    });

    it('never shows a bad password value', () => {
      const secret: ConfigDef = [{ name: 'p', type: 'password', importance: 'high', documentation: '', validator: oneOf('a') }];
      const err = failure(() => parseConfig(secret, { p: 'hunter2' }));
      expect(err.message).to.equal('Invalid value [hidden] for configuration p: String must be one of: a');
    });
  });

  describe('validators', () => {
    it('oneOfIgnoreCase accepts any case', () => {
      const d: ConfigDef = [{ name: 'x', type: 'string', importance: 'low', documentation: '', validator: oneOfIgnoreCase('NONE', 'ALL') }];
      expect(parseConfig(d, { x: 'all' }).x).to.equal('all');
      expect(failure(() => parseConfig(d, { x: 'some' })).message).to.contain('String must be one of (case insensitive): NONE, ALL');
    });

    it('validList checks every entry', () => {
      const d: ConfigDef = [{ name: 'x', type: 'list', importance: 'low', documentation: '', validator: validList('a', 'b') }];
      expect(parseConfig(d, { x: 'a,b' }).x).to.deep.equal(['a', 'b']);
      expect(failure(() => parseConfig(d, { x: 'a,c' })).message).to.equal('Invalid value a,c for configuration x: String must be one of: a, b');
    });

    it('lets null defaults pass range validators', () => {
      const d: ConfigDef = [{ name: 'x', type: 'int', default: null, importance: 'low', documentation: '', validator: atLeast(0) }];
      expect(parseConfig(d, {}).x).to.equal(null);
    });
  });

  describe('validateConfig', () => {
    it('returns Kafka Connect ConfigInfos for a valid config', () => {
      const infos = validateConfig(def, { url: 'pg://x', password: 'p', tables: 'a, b' }, 'JdbcSourceConnector');
      expect(infos.name).to.equal('JdbcSourceConnector');
      expect(infos.error_count).to.equal(0);
      expect(infos.groups).to.deep.equal(['Connection']);
      expect(infos.configs).to.have.length(def.length);
      expect(infos.configs[5]).to.deep.equal({
        definition: {
          name: 'url', type: 'STRING', required: true, default_value: null, importance: 'HIGH',
          documentation: 'Where to connect.', group: 'Connection', order: 1, width: 'LONG', display_name: 'URL', dependents: [],
        },
        value: { name: 'url', value: 'pg://x', recommended_values: [], errors: [], visible: true },
      });
    });

    it('shows defaults and lists as strings and hides passwords', () => {
      const infos = validateConfig(def, { url: 'pg://x', password: 'p', tables: 'a, b' });
      const byName = Object.fromEntries(infos.configs.map((c) => [c.definition.name, c]));
      expect(byName['batch.size'].definition.default_value).to.equal('100');
      expect(byName['batch.size'].definition.type).to.equal('INT');
      expect(byName['batch.size'].definition.group).to.equal(null);
      expect(byName['batch.size'].definition.order).to.equal(-1);
      expect(byName['batch.size'].value.value).to.equal('100');
      expect(byName.tables.value.value).to.equal('a,b');
      expect(byName.password.value.value).to.equal('[hidden]');
    });

    it('counts errors per key without throwing', () => {
      const infos = validateConfig(def, { 'batch.size': 'abc' });
      expect(infos.error_count).to.equal(2);
      const byName = Object.fromEntries(infos.configs.map((c) => [c.definition.name, c.value]));
      expect(byName['batch.size']).to.deep.equal({
        name: 'batch.size', value: 'abc', recommended_values: [], visible: true,
        errors: ['Invalid value abc for configuration batch.size: Not a number of type INT'],
      });
      expect(byName.url.errors).to.deep.equal(['Missing required configuration "url" which has no default value.']);
      expect(byName.url.value).to.equal(null);
    });

    it('adds extra errors from a connector validate()', () => {
      const infos = validateConfig(def, { url: 'x' }, 'c', { url: ['Cannot reach x'] });
      expect(infos.error_count).to.equal(1);
      expect(infos.configs.find((c) => c.definition.name === 'url')!.value.errors).to.deep.equal(['Cannot reach x']);
    });
  });

  describe('mergeConfigDefs', () => {
    it('concatenates and lets a later definition replace an earlier one in place', () => {
      const a: ConfigDef = [
        { name: 'x', type: 'int', default: 1, importance: 'low', documentation: 'first' },
        { name: 'y', type: 'int', default: 1, importance: 'low', documentation: '' },
      ];
      const b: ConfigDef = [
        { name: 'x', type: 'int', default: 2, importance: 'low', documentation: 'second' },
        { name: 'z', type: 'int', default: 1, importance: 'low', documentation: '' },
      ];
      const merged = mergeConfigDefs(a, b);
      expect(merged.map((k) => k.name)).to.deep.equal(['x', 'y', 'z']);
      expect(merged[0].documentation).to.equal('second');
    });
  });
});
