import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, kebab } from '../../../../core/protocol/codegen/generate.js';
import { parseVersions } from '../../../../core/protocol/codegen/schema.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const messages = path.resolve(root, '../shared/kafka-protocol/messages');

describe('protocol code generator', () => {
  it('parses Kafka version range syntax', () => {
    expect(parseVersions('3+')).to.deep.equal({ min: 3, max: Number.MAX_SAFE_INTEGER });
    expect(parseVersions('0-7')).to.deep.equal({ min: 0, max: 7 });
    expect(parseVersions('2')).to.deep.equal({ min: 2, max: 2 });
    const none = parseVersions('none');
    expect(none.min > none.max).to.equal(true);
  });

  it('names modules in kebab case after the API', () => {
    expect(kebab('OffsetCommit')).to.equal('offset-commit');
    expect(kebab('DescribeConfigs')).to.equal('describe-configs');
  });

  describe('against the shared schema files', function () {
    before(function () {
      if (!fs.existsSync(messages)) this.skip();
    });

    it('regenerating core/protocol/generated changes nothing (run `npm run gen` after editing the generator)', () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fjord-gen-'));
      const written = generate(messages, out);
      const committed = fs.readdirSync(path.join(root, 'core/protocol/generated')).sort();
      expect(committed).to.deep.equal([...written].sort());
      for (const name of written) {
        const fresh = fs.readFileSync(path.join(out, name), 'utf8');
        const current = fs.readFileSync(path.join(root, 'core/protocol/generated', name), 'utf8');
        expect(current, `core/protocol/generated/${name} differs from a fresh generation`).to.equal(fresh);
      }
      fs.rmSync(out, { recursive: true });
    });

    it('makes fields present in every version required and the others optional', () => {
      const text = fs.readFileSync(path.join(root, 'core/protocol/generated/join-group.ts'), 'utf8');
      expect(text).to.match(/^ {2}groupId: string;$/m);
      expect(text).to.match(/^ {2}rebalanceTimeoutMs\?: number;$/m);
      expect(text).to.match(/^ {2}groupInstanceId\?: string \| null;$/m);
    });

    it('prefixes a response struct whose name the request already uses', () => {
      const text = fs.readFileSync(path.join(root, 'core/protocol/generated/alter-client-quotas.ts'), 'utf8');
      expect(text).to.contain('export interface EntityData {');
      expect(text).to.contain('export interface AlterClientQuotasResponseEntityData {');
    });
  });
});
