import { expect } from 'chai';
import { JsonConverter } from '../../../../connectors/api/converters/json-converter.js';
import { Cast$Value } from '../../../../connectors/transforms/cast.js';
import { HasHeaderKey } from '../../../../connectors/transforms/predicates/has-header-key.js';
import { executingClassName } from '../../../../connectors/runtime/error-handling/class-name.js';

describe('connectors/runtime/error-handling executingClassName', () => {
  it('gives Kafka\'s names for built-ins and the JS name otherwise', () => {
    expect(executingClassName(new JsonConverter())).to.equal('org.apache.kafka.connect.json.JsonConverter');
    expect(executingClassName(new Cast$Value())).to.equal('org.apache.kafka.connect.transforms.Cast$Value');
    expect(executingClassName(new HasHeaderKey())).to.equal('org.apache.kafka.connect.transforms.predicates.HasHeaderKey');
    class MySinkTask {}
    expect(executingClassName(new MySinkTask())).to.equal('MySinkTask');
  });
});
