import { expect } from 'chai';
import { defaultWorkerConfig, parseWorkerConfig } from '../../../connectors/runtime/worker-config.js';

describe('connectors/runtime worker-config', () => {
  it("has Kafka Connect's defaults", () => {
    const c = parseWorkerConfig({});
    expect(c.offsetStorageTopic).to.equal('connect-offsets');
    expect(c.configStorageTopic).to.equal('connect-configs');
    expect(c.statusStorageTopic).to.equal('connect-status');
    expect(c.offsetFlushIntervalMs).to.equal(60000);
    expect(c.restPort).to.equal(8083);
    expect(c.keyConverter).to.equal('org.apache.kafka.connect.json.JsonConverter');
    expect(c.bootstrapServers).to.equal(null);
    expect(c.pluginPath).to.deep.equal([]);
    expect(defaultWorkerConfig.taskInflightRecordsMax).to.be.greaterThan(0);
  });

  it('takes the REST address from listeners, else rest.host.name/rest.port', () => {
    expect(parseWorkerConfig({ listeners: 'http://127.0.0.1:9000' })).to.include({ restHost: '127.0.0.1', restPort: 9000 });
    expect(parseWorkerConfig({ 'rest.host.name': 'localhost', 'rest.port': '0' })).to.include({ restHost: 'localhost', restPort: 0 });
  });

  it('splits plugin.path at commas', () => {
    expect(parseWorkerConfig({ 'plugin.path': ' /a, ./b ,my-npm-plugin' }).pluginPath).to.deep.equal(['/a', './b', 'my-npm-plugin']);
  });

  it('bad values name the file and the key', () => {
    expect(() => parseWorkerConfig({ 'offset.flush.interval.ms': 'soon' }, 'worker.properties')).to.throw(/worker.properties: offset.flush.interval.ms=soon: expected a whole number >= 1/);
    expect(() => parseWorkerConfig({ 'rest.port': '70000' }, 'w')).to.throw(/w: rest.port=70000/);
    expect(() => parseWorkerConfig({ listeners: 'https://h:1' }, 'w')).to.throw(/https listeners are not supported/);
    expect(() => parseWorkerConfig({ listeners: 'nonsense' }, 'w')).to.throw(/expected http:\/\/HOST:PORT/);
  });
});
