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
