import { expect } from 'chai';
import { SinkConnector, SourceConnector } from '../../../connectors/api/types.js';
import { BUILTIN_PLUGINS, BUILTIN_PLUGIN_NAMES, FileStreamSinkConnector, FileStreamSourceConnector, findBuiltinPlugin } from '../../../connectors/plugins/index.js';

describe('built-in plugin registry', () => {
  it("finds the FileStream connectors by Kafka's full class names, simple names and aliases", () => {
    for (const name of ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'FileStreamSourceConnector', 'FileStreamSource']) {
      expect(BUILTIN_PLUGINS[name], name).to.equal(FileStreamSourceConnector);
    }
    for (const name of ['org.apache.kafka.connect.file.FileStreamSinkConnector', 'FileStreamSinkConnector', 'FileStreamSink']) {
      expect(BUILTIN_PLUGINS[name], name).to.equal(FileStreamSinkConnector);
    }
  });

  it('instantiates every listed connector as a source or a sink with a config definition and a task class', () => {
    for (const name of BUILTIN_PLUGIN_NAMES) {
      const connector = new BUILTIN_PLUGINS[name]();
      expect(connector instanceof SourceConnector || connector instanceof SinkConnector, name).to.equal(true);
      expect(connector.config().length, name).to.be.greaterThan(0);
      expect(connector.taskClass(), name).to.be.a('function');
      expect(connector.version()).to.match(/^\d+\.\d+\.\d+/);
    }
  });

  it('does not find unknown names or Object prototype keys', () => {
    expect(findBuiltinPlugin('NoSuchConnector')).to.equal(undefined);
    expect(findBuiltinPlugin('toString')).to.equal(undefined);
    expect(findBuiltinPlugin('StdoutSink')).to.not.equal(undefined);
  });
});

describe('built-in connectors validate() checks between keys', () => {
  const validate = (name: string, props: Record<string, string>) => new BUILTIN_PLUGINS[name]().validate!(props);

  it('reports each cross-key problem under its key, and nothing for a good config', () => {
    expect(validate('PostgresSink', { 'connection.url': 'postgres://h/db', 'delete.enabled': 'true' })['delete.enabled'][0]).to.contain('record_key');
    expect(validate('PostgresSink', { 'connection.url': 'mysql://h/db' })['connection.url'][0]).to.contain('postgres://');
    expect(validate('PostgresSource', { 'connection.url': 'postgres://h/db', 'topic.prefix': 'p', mode: 'incrementing' })).to.have.key('incrementing.column.name');
    expect(validate('Datagen', { 'kafka.topic': 't', quickstart: 'nope' })).to.have.key('quickstart');
    expect(validate('HttpSink', { 'http.url': 'ftp://x' })).to.have.key('http.url');
    expect(validate('FileStreamSource', { topic: 'a,b' })).to.have.key('topic');
    expect(validate('ArrowSink', { path: '/tmp/x', 'arrow.schema': '[]' })).to.have.key('arrow.schema');
    expect(validate('PostgresSink', { 'connection.url': 'postgres://h/db', 'insert.mode': 'upsert', 'pk.mode': 'record_key' })).to.deep.equal({});
  });

  it('leaves single-key problems to the config() definition', () => {
    expect(validate('Datagen', { quickstart: 'users' })).to.deep.equal({});
  });
});
