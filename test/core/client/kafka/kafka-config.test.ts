import { expect } from 'chai';
import { formatAddress, parseBootstrap, resolveKafkaTransportConfig } from '../../../../core/client/kafka/kafka-config.js';
import { FjordError } from '../../../../core/errors.js';

describe('kafka transport: settings', () => {
  it('parses a bootstrap list, IPv6 in brackets', () => {
    expect(parseBootstrap('a:9092, b.example:19092,[::1]:9093')).to.deep.equal([
      { host: 'a', port: 9092 }, { host: 'b.example', port: 19092 }, { host: '::1', port: 9093 },
    ]);
    expect(formatAddress({ host: '::1', port: 9093 })).to.equal('[::1]:9093');
  });

  it('names a malformed address', () => {
    expect(() => parseBootstrap('localhost')).to.throw(FjordError, /'localhost'/);
    expect(() => parseBootstrap('h:70000')).to.throw(FjordError, /port/);
    expect(() => parseBootstrap(' , ')).to.throw(FjordError);
  });

  it("fills Kafka's defaults and rejects bad numbers, naming the setting", () => {
    const config = resolveKafkaTransportConfig({ bootstrap: [{ host: 'h', port: 1 }] });
    expect(config).to.include({ requestTimeoutMs: 30000, maxInFlightRequestsPerConnection: 5, retryBackoffMs: 100 });
    expect(() => resolveKafkaTransportConfig({ bootstrap: [{ host: 'h', port: 1 }], maxInFlightRequestsPerConnection: 0 })).to.throw(FjordError, /maxInFlightRequestsPerConnection/);
    expect(() => resolveKafkaTransportConfig({ bootstrap: [] })).to.throw(FjordError, /bootstrap/);
    expect(() => resolveKafkaTransportConfig({ bootstrap: [{ host: 'h', port: 1 }], apiVersionsMax: { Produce: 1 } })).to.throw(FjordError, /apiVersionsMax.Produce/);
  });
});
