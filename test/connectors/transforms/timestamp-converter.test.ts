import { expect } from 'chai';
import { TimestampConverter$Key, TimestampConverter$Value } from '../../../connectors/transforms/timestamp-converter.js';
import { dateSchema, timestampSchema } from '../../../connectors/api/data/logical-types.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

// 2024-01-31T13:45:30.123Z
const MS = Date.UTC(2024, 0, 31, 13, 45, 30, 123);
const conv = (props: Record<string, string>) => configured(new TimestampConverter$Value(), props);

describe('connectors/transforms TimestampConverter', () => {
  it('formats a schemaless unix value as a string', () => {
    expect(conv({ 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSS" }).apply(sinkRecord({ value: MS })).value)
      .to.equal('2024-01-31T13:45:30.123');
  });

  it('parses a string field into a Timestamp and updates the schema', () => {
    const schema = structSchema([['at', { type: 'string' }], ['id', { type: 'int32' }]]);
    const out = conv({ field: 'at', 'target.type': 'Timestamp', format: 'yyyy-MM-dd HH:mm:ss' })
      .apply(sinkRecord({ valueSchema: schema, value: { at: '2024-01-31 13:45:30', id: 1 } }));
    expect(out.valueSchema).to.deep.equal({ type: 'struct', fields: [
      { field: 'at', schema: timestampSchema(false) }, { field: 'id', schema: { type: 'int32' } },
    ] });
    expect(out.value).to.deep.equal({ at: new Date(Date.UTC(2024, 0, 31, 13, 45, 30)), id: 1 });
  });

  it('converts a Timestamp to a Date (midnight UTC)', () => {
    const out = configured(new TimestampConverter$Key(), { 'target.type': 'Date' }).apply(sinkRecord({ keySchema: timestampSchema(true), key: new Date(MS) }));
    expect(out.keySchema).to.deep.equal(dateSchema(true));
    expect(out.key).to.deep.equal(new Date(Date.UTC(2024, 0, 31)));
  });

  it('converts a Timestamp to a Time (ms of day)', () => {
    expect(conv({ 'target.type': 'Time' }).apply(sinkRecord({ valueSchema: timestampSchema(), value: new Date(MS) })).value)
      .to.deep.equal(new Date(MS - Date.UTC(2024, 0, 31)));
  });

  it('writes unix in the configured precision', () => {
    expect(conv({ 'target.type': 'unix', 'unix.precision': 'seconds' }).apply(sinkRecord({ value: new Date(MS) })).value).to.equal(Math.floor(MS / 1000));
    expect(conv({ 'target.type': 'unix', 'unix.precision': 'nanoseconds' }).apply(sinkRecord({ value: new Date(MS) })).value).to.equal(BigInt(MS) * 1_000_000n);
  });

  it('reads unix input in the configured precision', () => {
    expect(conv({ 'target.type': 'Timestamp', 'unix.precision': 'microseconds' }).apply(sinkRecord({ value: MS * 1000 })).value).to.deep.equal(new Date(MS));
  });

  it('leaves other schemaless fields alone and skips a null field', () => {
    expect(conv({ field: 'at', 'target.type': 'unix' }).apply(sinkRecord({ value: { at: null, x: 1 } })).value).to.deep.equal({ at: null, x: 1 });
  });

  it('refuses a string that does not match the format', () => {
    expect(() => conv({ 'target.type': 'unix', format: 'yyyy-MM-dd' }).apply(sinkRecord({ value: '31/01/2024' })))
      .to.throw('Could not parse timestamp: value (31/01/2024) does not match pattern (yyyy-MM-dd)');
  });

  it('refuses a field whose schema is no timestamp', () => {
    const schema = structSchema([['at', { type: 'boolean' }]]);
    expect(() => conv({ field: 'at', 'target.type': 'unix' }).apply(sinkRecord({ valueSchema: schema, value: { at: true } })))
      .to.throw('Schema BOOLEAN does not correspond to a known timestamp type format');
  });

  it('requires format for string targets', () => {
    expect(() => conv({ 'target.type': 'string' })).to.throw('TimestampConverter requires format option to be specified when using string timestamps');
  });

  it('rejects an unknown target.type and a bad pattern', () => {
    expect(() => conv({ 'target.type': 'date' })).to.throw('Invalid value date for configuration target.type: String must be one of: string, unix, Date, Time, Timestamp');
    expect(() => conv({ 'target.type': 'string', format: 'yyyy-bb' })).to.throw("Illegal pattern character 'b'");
  });
});
