import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import { LOG_CONFIG_DEFINITIONS, defaultLogConfig, parseTopicConfig } from '../../../core/log/log-config.js';

function configError(entries: Record<string, string>): FjordError {
  try {
    parseTopicConfig(entries);
  } catch (err) {
    expect(err).to.be.instanceOf(FjordError);
    expect((err as FjordError).code).to.equal('INVALID_CONFIG');
    return err as FjordError;
  }
  throw new Error('expected INVALID_CONFIG');
}

describe('topic config', () => {
  it("fills Kafka's defaults for absent keys", () => {
    const c = defaultLogConfig();
    expect(c.segmentBytes).to.equal(1073741824);
    expect(c.segmentMs).to.equal(604800000);
    expect(c.retentionMs).to.equal(604800000);
    expect(c.retentionBytes).to.equal(-1);
    expect(c.cleanupPolicy).to.equal('delete');
    expect(c.deleteRetentionMs).to.equal(86400000);
    expect(c.minCleanableDirtyRatio).to.equal(0.5);
    expect(c.indexIntervalBytes).to.equal(4096);
    expect(c.maxMessageBytes).to.equal(1048588);
    expect(c.messageTimestampType).to.equal('CreateTime');
    expect(c.flushMessages).to.equal(Number.MAX_SAFE_INTEGER);
    expect(c.segmentIndexBytes).to.equal(10485760);
  });

  it('parses given values by type', () => {
    const c = parseTopicConfig({ 'retention.ms': '-1', 'cleanup.policy': 'delete, compact', 'min.cleanable.dirty.ratio': '0.1', 'message.timestamp.type': 'LogAppendTime', 'flush.messages': '9223372036854775807' });
    expect(c.retentionMs).to.equal(-1);
    expect(c.cleanupPolicy).to.equal('compact,delete');
    expect(c.minCleanableDirtyRatio).to.equal(0.1);
    expect(c.messageTimestampType).to.equal('LogAppendTime');
    expect(c.flushMessages).to.equal(Number.MAX_SAFE_INTEGER);
  });

  it('rejects an unknown key, naming it', () => {
    expect(configError({ 'retention.msec': '1' }).message).to.equal("unknown topic config key 'retention.msec'");
  });

  it('rejects a value of the wrong type, naming key, value and what is allowed', () => {
    const msg = configError({ 'segment.bytes': 'big' }).message;
    expect(msg).to.include("'big'").and.include("'segment.bytes'").and.include('a whole number in [14, 2147483647]');
  });

  it('rejects values out of range', () => {
    expect(configError({ 'retention.ms': '-2' }).message).to.include('a whole number >= -1');
    expect(configError({ 'segment.bytes': '4294967296' }).message).to.include("'segment.bytes'");
    expect(configError({ 'min.cleanable.dirty.ratio': '1.5' }).message).to.include('a number in [0, 1]');
    expect(configError({ 'cleanup.policy': 'shred' }).message).to.include("'delete', 'compact' or 'compact,delete'");
    expect(configError({ 'message.timestamp.type': 'Now' }).message).to.include("'CreateTime' or 'LogAppendTime'");
    expect(configError({ 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' }).message).to.include('max.compaction.lag.ms');
  });

  it('lists every key with type, default and documentation for docs and the CLI', () => {
    const names = LOG_CONFIG_DEFINITIONS.map((d) => d.name);
    for (const key of ['segment.bytes', 'segment.ms', 'retention.ms', 'retention.bytes', 'cleanup.policy', 'delete.retention.ms', 'min.compaction.lag.ms', 'max.compaction.lag.ms', 'min.cleanable.dirty.ratio', 'flush.messages', 'flush.ms', 'index.interval.bytes', 'max.message.bytes', 'message.timestamp.type', 'file.delete.delay.ms', 'segment.index.bytes']) {
      expect(names).to.include(key);
    }
    for (const d of LOG_CONFIG_DEFINITIONS) {
      expect(d.documentation.length, d.name).to.be.greaterThan(10);
      expect(() => d.parse(d.default), d.name).to.not.throw();
    }
  });
});
