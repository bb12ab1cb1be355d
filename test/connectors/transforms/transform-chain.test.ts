import { expect } from 'chai';
import { ConfigException, validateConfig } from '../../../connectors/api/config-def.js';
import { buildTransformChain } from '../../../connectors/transforms/transform-chain.js';
import { transformsConfigDef } from '../../../connectors/transforms/transforms-config-def.js';
import type { ConfigDef, ConnectRecord, Transformation } from '../../../connectors/api/types.js';
import { sinkRecord } from './records.js';

function failure(fn: () => unknown): ConfigException {
  try {
    fn();
  } catch (err) {
    return err as ConfigException;
  }
  throw new Error('expected a failure');
}

describe('connectors/transforms buildTransformChain', () => {
  it('builds an empty chain that returns the record', () => {
    const r = sinkRecord({ value: 1 });
    expect(buildTransformChain({}).apply(r)).to.equal(r);
  });

  it('runs stages in order with Kafka\'s full class names', () => {
    const chain = buildTransformChain({
      transforms: 'hoist, route',
      'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.hoist.field': 'line',
      'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': '$1-copy',
    });
    const out = chain.apply(sinkRecord({ topic: 'logs', value: 'hello' }));
    expect(out?.topic).to.equal('logs-copy');
    expect(out?.value).to.deep.equal({ line: 'hello' });
  });

  it('accepts short class names', () => {
    const chain = buildTransformChain({ transforms: 'f', 'transforms.f.type': 'Filter' });
    expect(chain.apply(sinkRecord())).to.equal(null);
  });

  it('applies a stage only where its predicate holds', () => {
    const chain = buildTransformChain({
      transforms: 'dropTombstones', 'transforms.dropTombstones.type': 'Filter', 'transforms.dropTombstones.predicate': 'isTombstone',
      predicates: 'isTombstone', 'predicates.isTombstone.type': 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone',
    });
    expect(chain.apply(sinkRecord({ value: null }))).to.equal(null);
    expect(chain.apply(sinkRecord({ value: 'x' }))?.value).to.equal('x');
  });

  it('inverts the predicate with negate', () => {
    const chain = buildTransformChain({
      transforms: 'keepOrders', 'transforms.keepOrders.type': 'Filter', 'transforms.keepOrders.predicate': 'isOrders', 'transforms.keepOrders.negate': 'true',
      predicates: 'isOrders', 'predicates.isOrders.type': 'TopicNameMatches', 'predicates.isOrders.pattern': 'orders.*',
    });
    expect(chain.apply(sinkRecord({ topic: 'orders-eu' }))).to.not.equal(null);
    expect(chain.apply(sinkRecord({ topic: 'users' }))).to.equal(null);
  });

  it('stops at the first stage that drops the record and reports each stage run', () => {
    const seen: string[] = [];
    const chain = buildTransformChain({
      transforms: 'a,b', 'transforms.a.type': 'Filter', 'transforms.b.type': 'HoistField$Value', 'transforms.b.field': 'x',
    });
    expect(chain.apply(sinkRecord(), (stage) => seen.push(`${stage.alias}:${stage.className}`))).to.equal(null);
    expect(seen).to.deep.equal(['a:Filter']);
  });

  it('loads plugin transforms through load', () => {
    class Upper implements Transformation {
      configure(): void {}
      config(): ConfigDef {
        return [];
      }
      apply(r: ConnectRecord): ConnectRecord {
        return { ...r, value: String(r.value).toUpperCase() };
      }
    }
    const chain = buildTransformChain({ transforms: 'u', 'transforms.u.type': 'com.example.Upper' }, (n) => (n === 'com.example.Upper' ? Upper : undefined));
    expect(chain.apply(sinkRecord({ value: 'abc' }))?.value).to.equal('ABC');
  });

  it('names the full key of a transform\'s bad config', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'Cast$Value', 'transforms.a.spec': 'x:date' })).message)
      .to.equal('Invalid value x:date for configuration transforms.a.spec: Invalid type found in casting spec: date');
  });

  it('names a missing required key of a transform', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'HoistField$Value' })).message)
      .to.equal('Missing required configuration "transforms.a.field" which has no default value.');
  });

  it('names the full key of a transform\'s own whole-message problem', () => {
    expect(failure(() => buildTransformChain({ transforms: 'meta', 'transforms.meta.type': 'SetSchemaMetadata$Value' })).message)
      .to.equal('transforms.meta.schema.name: Neither schema name nor version configured');
  });

  it('names a missing or unknown type', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a' })).message)
      .to.equal('Missing required configuration "transforms.a.type" which has no default value.');
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'com.example.Nope' })).message)
      .to.equal('Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found.');
  });

  it('refuses a class that is not a transformation', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'X' }, () => class {})).message)
      .to.equal('Invalid value X for configuration transforms.a.type: Not a Transformation (needs configure, apply)');
  });

  it('refuses a predicate alias that is not listed', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.predicate': 'p' })).message)
      .to.equal('Invalid value p for configuration transforms.a.predicate: Predicate alias p is not listed in predicates (empty)');
  });

  it('refuses negate without a predicate and a bad negate', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.negate': 'true' })).message)
      .to.equal("Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' defining a predicate to be negated.");
    expect(failure(() => buildTransformChain({ transforms: 'a', 'transforms.a.type': 'Filter', 'transforms.a.negate': 'yes' })).message)
      .to.equal('Invalid value yes for configuration transforms.a.negate: Expected value to be either true or false');
  });

  it('names a predicate\'s bad config', () => {
    expect(failure(() => buildTransformChain({ predicates: 'p', 'predicates.p.type': 'HasHeaderKey' })).message)
      .to.equal('Missing required configuration "predicates.p.name" which has no default value.');
  });

  it('reports every problem at once', () => {
    const err = failure(() => buildTransformChain({ transforms: 'a,b', 'transforms.b.type': 'Nope' }));
    expect(err).to.be.instanceOf(ConfigException);
    expect(err.code).to.equal('INVALID_CONFIG');
    expect(err.problems.map((p) => p.name)).to.deep.equal(['transforms.a.type', 'transforms.b.type']);
  });

  it('refuses duplicate aliases', () => {
    expect(failure(() => buildTransformChain({ transforms: 'a,a' })).message).to.equal('Invalid value a,a for configuration transforms: Duplicate alias provided.');
  });
});

describe('connectors/transforms transformsConfigDef', () => {
  it('adds each alias\'s keys in a group for the validate endpoint', () => {
    const props = { transforms: 'a', 'transforms.a.type': 'HoistField$Value', predicates: 'p', 'predicates.p.type': 'HasHeaderKey', 'predicates.p.name': 'h' };
    const def = transformsConfigDef(props);
    expect(def.map((k) => k.name)).to.deep.equal(['transforms.a.type', 'transforms.a.predicate', 'transforms.a.negate', 'transforms.a.field', 'predicates.p.type', 'predicates.p.name']);
    const infos = validateConfig(def, props);
    expect(infos.groups).to.deep.equal(['Transforms: a', 'Predicates: p']);
    expect(infos.error_count).to.equal(1);
    expect(infos.configs.find((c) => c.definition.name === 'transforms.a.field')!.value.errors)
      .to.deep.equal(['Missing required configuration "transforms.a.field" which has no default value.']);
  });

  it('marks an unknown class in the type key', () => {
    const props = { transforms: 'a', 'transforms.a.type': 'Nope' };
    const infos = validateConfig(transformsConfigDef(props), props);
    expect(infos.configs[0].value.errors).to.deep.equal(['Invalid value Nope for configuration transforms.a.type: Class Nope could not be found.']);
  });
});
