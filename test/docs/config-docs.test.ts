import { expect } from 'chai';
import fs from 'node:fs';
import { brokerConfigKeys } from '../../core/broker/broker-config.js';
import { LOG_CONFIG_DEFINITIONS } from '../../core/log/log-config.js';
import { BUILTIN_PLUGIN_NAMES } from '../../connectors/plugins/index.js';
import { BUILT_IN_TRANSFORMS } from '../../connectors/transforms/registry.js';
import { workerConfigKeys } from '../../connectors/runtime/worker-config.js';
import { OUTPUT, formatDefault, renderConfigDocs } from '../../scripts/gen-config-docs.js';

/** The table row of `name` (first column), or undefined. */
function row(doc: string, name: string): string[] | undefined {
  const line = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  return line?.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
}

describe('configuration reference (docs/configuration.md)', () => {
  let fresh = '';
  before(() => {
    fresh = renderConfigDocs();
  });

  it('is up to date with the config definitions (run `npm run gen:docs` after changing a config)', () => {
    const committed = fs.readFileSync(OUTPUT, 'utf8');
    expect(committed === fresh, 'docs/configuration.md differs from a fresh generation: run npm run gen:docs').to.equal(true);
  });

  it('is deterministic', () => {
    expect(renderConfigDocs()).to.equal(fresh);
  });

  it('lists every topic config with its default and allowed values', () => {
    for (const def of LOG_CONFIG_DEFINITIONS) {
      const cells = row(fresh, def.name);
      expect(cells, def.name).to.not.equal(undefined);
      expect(cells![2]).to.equal(`\`${def.default}\``);
      expect(cells![3]).to.equal(def.allowed);
    }
  });

  it('names broker and worker settings by their Kafka keys, documented from the interface comments', () => {
    for (const key of [...Object.values(brokerConfigKeys), ...Object.values(workerConfigKeys)]) expect(row(fresh, key), key).to.not.equal(undefined);
    expect(row(fresh, 'num.partitions')).to.deep.equal([
      '`num.partitions`', '`number`', '`1`', 'Partitions of an auto-created topic or a CreateTopics request with -1. (field `numPartitions`)',
    ]);
    expect(row(fresh, 'rest.port')?.[2]).to.equal('`8083`');
  });

  it('takes client and Streams defaults from the code', () => {
    expect(row(fresh, 'acks')?.slice(1, 3)).to.deep.equal(["`0 \\| 1 \\| -1 \\| 'all'`", '`all`']);
    expect(row(fresh, 'partitionAssignmentStrategy')?.[2]).to.equal('`range,cooperative-sticky`');
    expect(row(fresh, 'commitIntervalMs')?.[2]).to.equal('`30000`');
    expect(row(fresh, 'cacheMaxBytes')?.[2]).to.equal('`10485760`');
    expect(row(fresh, 'reconnectBackoffMs')?.[2]).to.equal('`50`');
    expect(row(fresh, 'apiVersionsMax')?.[2]).to.equal('`{}`');
  });

  it('has a table for every built-in connector and transform', () => {
    for (const name of BUILTIN_PLUGIN_NAMES) expect(fresh).to.contain(`### Connector ${name}\n`);
    for (const full of Object.keys(BUILT_IN_TRANSFORMS)) {
      const short = full.slice(full.lastIndexOf('.') + 1);
      expect(fresh, short).to.match(new RegExp(`^### Transform .*${short.replace(/\$/g, '\\$')}`, 'm'));
    }
    expect(row(fresh, 'http.url')?.slice(2, 4)).to.deep.equal(['(required)', 'high']);
    expect(fresh).to.contain('### Converter JsonConverter\n');
    expect(row(fresh, 'schemas.enable')?.slice(1, 4)).to.deep.equal(['`boolean`', '`true`', 'high']);
    expect(fresh).to.match(/### Predicate RecordIsTombstone\n\nDefined in [^\n]*\n\nNo keys of its own\./);
  });

  it('finds the SQL WITH properties and the session properties the engine reads', () => {
    expect(row(fresh, 'KAFKA_TOPIC')?.[1]).to.equal('`string`');
    expect(row(fresh, 'WINDOW_SIZE')?.[3]).to.contain('`windowSizeMs`');
    expect(row(fresh, 'ksql.persistence.default.format.key')?.[2]).to.equal('`KAFKA`');
    expect(row(fresh, 'auto.offset.reset')?.[2]).to.equal('`latest`');
  });

  it('formats defaults', () => {
    expect(formatDefault(undefined)).to.equal('');
    expect(formatDefault(null)).to.equal('`null`');
    expect(formatDefault('')).to.equal('`""`');
    expect(formatDefault([])).to.equal('(empty list)');
    expect(formatDefault(['a', 'b'])).to.equal('`a,b`');
    expect(formatDefault(5)).to.equal('`5`');
  });
});
