import { expect } from 'chai';
import { SqlSyntaxError } from '../../../sql/index.js';
import { ReplSession } from '../../../sql/repl/session.js';
import { FakeEngine, streamResult } from './fake-engine.js';

function capture(): { text: () => string; output: { out: (t: string) => Promise<void>; err: (t: string) => Promise<void> } } {
  let text = '';
  return { text: () => text, output: { out: async (t) => void (text += t), err: async (t) => void (text += `ERR:${t}`) } };
}

describe('REPL session', () => {
  it('prints each result of a statement in order', async () => {
    const engine = new FakeEngine(() => [
      { kind: 'message', statementText: 's', message: 'Stream created' },
      { kind: 'none', statementText: 's', note: 'noted' },
    ]);
    const { text, output } = capture();
    const session = new ReplSession(engine, output, 'plain', () => () => {});
    expect(await session.run('CREATE STREAM S (A INT) WITH (kafka_topic=\'s\', value_format=\'json\');')).to.equal(null);
    expect(text()).to.equal('Stream created\nnoted\n');
  });

  it('returns the failure instead of printing it, with the syntax error naming line:col', async () => {
    const failure = new SqlSyntaxError("line 2:5: Syntax Error\nmismatched input 'FORM'", { line: 2, column: 5 });
    const { text, output } = capture();
    const session = new ReplSession(new FakeEngine(() => failure), output, 'table', () => () => {});
    expect(await session.run('SELECT *\n    FORM s;')).to.equal(failure);
    expect(text()).to.equal('');
  });

  it('prints push-query rows as they arrive and cancels the query on an interrupt', async () => {
    const result = streamResult('SELECT * FROM S EMIT CHANGES;', [[1, 'a'], [2, 'b']]);
    const { text, output } = capture();
    let interrupt: () => void = () => {};
    const session = new ReplSession(new FakeEngine(() => [result]), output, 'plain', (listener) => {
      interrupt = listener;
      return () => (interrupt = () => {});
    });
    const running = session.run('SELECT * FROM S EMIT CHANGES;');
    const deadline = Date.now() + 5000;
    while (!text().includes('2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(result.cancelled()).to.equal(false);
    interrupt();
    expect(await running).to.equal(null);
    expect(result.cancelled()).to.equal(true);
    expect(text()).to.equal(`ID           NAME\n1            a\n2            b\nQuery terminated\n`);
  });

  it('says Limit Reached when a push query with a LIMIT ends by itself', async () => {
    const result = streamResult('SELECT * FROM S EMIT CHANGES LIMIT 1;', [[1, 'a']], { endAfter: true });
    const { text, output } = capture();
    const session = new ReplSession(new FakeEngine(() => [result]), output, 'json', () => () => {});
    expect(await session.run('SELECT * FROM S EMIT CHANGES LIMIT 1;')).to.equal(null);
    expect(text()).to.equal('{"ID":1,"NAME":"a"}\n');
  });
});
