import { expect } from 'chai';
import { UsageError } from '../../cli/args.js';
import { compileTemplate, formatTable, recordFormatter } from '../../cli/output.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';

const record: ConsumerRecord = {
  topic: 'orders',
  partition: 2,
  offset: 9007199254740993n,
  timestamp: 1700000000000,
  timestampType: 'CreateTime',
  key: Buffer.from('k1'),
  value: Buffer.from('héllo'),
  headers: [{ key: 'h1', value: Buffer.from('v1') }, { key: 'h2', value: null }],
};
const tombstone: ConsumerRecord = { ...record, key: null, value: null, headers: [] };

describe('cli/output', () => {
  it('aligns table columns under their headers', () => {
    expect(formatTable(['TOPIC', 'PARTITION'], [['a', 0], ['longer-name', 10n]])).to.equal(
      'TOPIC        PARTITION\na            0\nlonger-name  10',
    );
  });

  it('prints the value by default, and null for a tombstone', () => {
    const format = recordFormatter(undefined);
    expect(format(record)).to.equal('héllo\n');
    expect(format(tombstone)).to.equal('null\n');
  });

  it('prints JSON lines with the 64-bit offset as a string', () => {
    const parsed = JSON.parse(recordFormatter('json')(record)) as Record<string, unknown>;
    expect(parsed).to.deep.equal({
      topic: 'orders', partition: 2, offset: '9007199254740993', timestamp: 1700000000000, key: 'k1', value: 'héllo',
      headers: [{ key: 'h1', value: 'v1' }, { key: 'h2', value: null }],
    });
  });

  it('expands kcat-style tokens and escapes', () => {
    const format = compileTemplate('%t/%p@%o %k=%s [%h] %T %K %S 100%%\\t|\\n');
    expect(format(record)).to.equal('orders/2@9007199254740993 k1=héllo [h1=v1,h2=] 1700000000000 2 6 100%\t|\n');
    expect(compileTemplate('%k|%s|%K\\n')(tombstone)).to.equal('||-1\n');
  });

  it('rejects an unknown token, naming it', () => {
    expect(() => compileTemplate('%x')).to.throw(UsageError, "unknown token '%x'");
  });
});
