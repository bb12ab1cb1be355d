import { expect } from 'chai';
import { parseConfig, validateConfig } from '../../../connectors/api/config-def.js';
import { SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG, validateSinkTopics } from '../../../connectors/api/connector-config.js';

describe('connectors/api connector-config', () => {
  it('gives a source connector Kafka defaults', () => {
    const values = parseConfig(SOURCE_CONNECTOR_CONFIG, { name: 'src', 'connector.class': 'FileStreamSource' });
    expect(values).to.include({
      name: 'src', 'connector.class': 'FileStreamSource', 'tasks.max': 1, 'key.converter': null,
      'value.converter': null, 'header.converter': null, 'errors.retry.timeout': 0, 'errors.retry.delay.max.ms': 60000,
      'errors.tolerance': 'none', 'errors.log.enable': false, 'errors.log.include.messages': false,
    });
    expect(values.transforms).to.deep.equal([]);
    expect(values.predicates).to.deep.equal([]);
    expect(values).to.not.have.property('topics');
  });

  it('gives a sink connector topics, topics.regex and DLQ keys', () => {
    const values = parseConfig(SINK_CONNECTOR_CONFIG, { name: 'snk', 'connector.class': 'X', topics: 'a,b' });
    expect(values.topics).to.deep.equal(['a', 'b']);
    expect(values).to.include({
      'topics.regex': '', 'errors.deadletterqueue.topic.name': '',
      'errors.deadletterqueue.topic.replication.factor': 3, 'errors.deadletterqueue.context.headers.enable': false,
    });
  });

  it('requires name and connector.class', () => {
    expect(() => parseConfig(SOURCE_CONNECTOR_CONFIG, {})).to.throw(
      'Missing required configuration "name" which has no default value.; Missing required configuration "connector.class" which has no default value.',
    );
  });

  it('rejects tasks.max below 1', () => {
    expect(() => parseConfig(SOURCE_CONNECTOR_CONFIG, { name: 'a', 'connector.class': 'X', 'tasks.max': '0' }))
      .to.throw('Invalid value 0 for configuration tasks.max: Value must be at least 1');
  });

  it('rejects an unknown errors.tolerance', () => {
    expect(() => parseConfig(SOURCE_CONNECTOR_CONFIG, { name: 'a', 'connector.class': 'X', 'errors.tolerance': 'some' }))
      .to.throw('Invalid value some for configuration errors.tolerance: String must be one of: none, all');
  });

  it('rejects duplicate transform aliases', () => {
    expect(() => parseConfig(SOURCE_CONNECTOR_CONFIG, { name: 'a', 'connector.class': 'X', transforms: 'a,a' }))
      .to.throw('Invalid value a,a for configuration transforms: Duplicate alias provided.');
  });

  it('rejects a connector name with control characters', () => {
    expect(() => parseConfig(SOURCE_CONNECTOR_CONFIG, { name: 'a\nb', 'connector.class': 'X' }))
      .to.throw('String may not contain control sequences');
  });

  it('groups keys as Kafka does', () => {
    const infos = validateConfig(SINK_CONNECTOR_CONFIG, { name: 'a', 'connector.class': 'X', topics: 't' });
    expect(infos.groups).to.deep.equal(['Common', 'Transforms', 'Predicates', 'Error Handling']);
    expect(infos.error_count).to.equal(0);
  });

  describe('validateSinkTopics', () => {
    it('requires one of topics or topics.regex', () => {
      expect(validateSinkTopics({})).to.deep.equal({
        topics: ['Must configure one of topics or topics.regex'],
        'topics.regex': ['Must configure one of topics or topics.regex'],
      });
    });

    it('refuses both topics and topics.regex', () => {
      expect(validateSinkTopics({ topics: 'a', 'topics.regex': 'b.*' }).topics)
        .to.deep.equal(['topics and topics.regex are mutually exclusive options, but both are set.']);
    });

    it('refuses a DLQ topic that is consumed', () => {
      expect(validateSinkTopics({ topics: 'a,dlq', 'errors.deadletterqueue.topic.name': 'dlq' })['errors.deadletterqueue.topic.name'])
        .to.deep.equal(["The DLQ topic 'dlq' may not be included in the list of topics ('topics=a,dlq') to be consumed."]);
      expect(validateSinkTopics({ 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' })).to.have.property('errors.deadletterqueue.topic.name');
    });

    it('accepts topics with a separate DLQ topic', () => {
      expect(validateSinkTopics({ topics: 'a', 'errors.deadletterqueue.topic.name': 'dlq' })).to.deep.equal({});
    });
  });
});
