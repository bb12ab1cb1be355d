import { expect } from 'chai';
import { parseRecords, type CaseRecord } from '../../../sql/testing/case.js';
import { judgeError, judgeOutputs, type ActualRecord, type Verdict } from '../../../sql/testing/judge.js';
import { parseJson } from '../../../sql/types/json.js';
import { decimal, DOUBLE, struct } from '../../../sql/types/types.js';

/** Expected records from output.json text (the lossless parser keeps lexemes). */
const expected = (records: string): CaseRecord[] => parseRecords(`{"outputs": [${records}]}`, 'outputs', 'output.json');

/** An actual record; key/value given as JSON text. */
function actual(topic: string, key: string, value: string, more: Partial<ActualRecord> = {}): ActualRecord {
  return { topic, key: parseJson(key), value: parseJson(value), timestamp: 0, headers: [], ...more };
}

const byTopic = (...records: ActualRecord[]): Map<string, ActualRecord[]> => {
  const m = new Map<string, ActualRecord[]>();
  for (const r of records) m.set(r.topic, [...(m.get(r.topic) ?? []), r]);
  return m;
};

const judge = (exp: string, act: Map<string, ActualRecord[]>, ignoreZeroTimestamps = false): Verdict => judgeOutputs(expected(exp), act, { ignoreZeroTimestamps });

function failure(v: Verdict): { failureClass: string; reason: string } {
  if (v.pass) throw new Error('expected a failing verdict');
  return v;
}

describe('judging a case', () => {
  it('passes when every expected topic has the same records in the same order', () => {
    const v = judge('{"topic":"OUT","key":1,"value":{"A":1.50}},{"topic":"OUT","key":2,"value":null}', byTopic(actual('OUT', '1', '{"A":1.50}'), actual('OUT', '2', 'null')));
    expect(v.pass).to.equal(true);
  });

  it('compares numbers by lexeme: 1.5 is not 1.50 and 1 is not 1.0', () => {
    expect(failure(judge('{"topic":"OUT","value":{"A":1.50}}', byTopic(actual('OUT', 'null', '{"A":1.5}')))).failureClass).to.equal('value');
    expect(failure(judge('{"topic":"OUT","value":1}', byTopic(actual('OUT', 'null', '1.0')))).failureClass).to.equal('value');
    expect(judge('{"topic":"OUT","value":9007199254740993}', byTopic(actual('OUT', 'null', '9007199254740993'))).pass).to.equal(true);
  });

  it('ignores object field order but not array order', () => {
    expect(judge('{"topic":"OUT","value":{"A":1,"B":2}}', byTopic(actual('OUT', 'null', '{"B":2,"A":1}'))).pass).to.equal(true);
    expect(judge('{"topic":"OUT","value":[1,2]}', byTopic(actual('OUT', 'null', '[2,1]'))).pass).to.equal(false);
  });

  it('fails on a different record count, naming the topic and both counts', () => {
    const f = failure(judge('{"topic":"OUT","value":1},{"topic":"OUT","value":2}', byTopic(actual('OUT', 'null', '1'))));
    expect(f.failureClass).to.equal('record-count');
    expect(f.reason).to.equal('topic OUT: expected 2 records, got 1');
  });

  it('fails when records come in another order within a topic', () => {
    const f = failure(judge('{"topic":"OUT","value":1},{"topic":"OUT","value":2}', byTopic(actual('OUT', 'null', '2'), actual('OUT', 'null', '1'))));
    expect(f.reason).to.equal('topic OUT record 0: value: expected 1, got 2');
  });

  it('does not care about the order between topics, nor about topics not expected', () => {
    const v = judge('{"topic":"A","value":1},{"topic":"B","value":2}', byTopic(actual('B', 'null', '2'), actual('A', 'null', '1'), actual('C', 'null', '3')));
    expect(v.pass).to.equal(true);
  });

  it('treats an absent expected key as a null key', () => {
    expect(failure(judge('{"topic":"OUT","value":1}', byTopic(actual('OUT', '"k"', '1')))).failureClass).to.equal('key');
    expect(judge('{"topic":"OUT","value":1}', byTopic(actual('OUT', 'null', '1'))).pass).to.equal(true);
  });

  it('checks timestamps only when expected, and not an expected 0 when the case had no inputs', () => {
    const act = byTopic(actual('OUT', 'null', '1', { timestamp: 1234 }));
    expect(judge('{"topic":"OUT","value":1}', act).pass).to.equal(true);
    expect(failure(judge('{"topic":"OUT","value":1,"timestamp":10}', act)).reason).to.equal('topic OUT record 0: timestamp: expected 10, got 1234');
    expect(judge('{"topic":"OUT","value":1,"timestamp":0}', act).pass).to.equal(false);
    expect(judge('{"topic":"OUT","value":1,"timestamp":0}', act, true).pass).to.equal(true);
  });

  it('compares windows by start, end and type, and a windowed record never matches an unwindowed one', () => {
    const w = { start: 0, end: 1000, type: 'time' as const };
    const exp = '{"topic":"OUT","key":1,"value":1,"window":{"start":0,"end":1000,"type":"time"}}';
    expect(judge(exp, byTopic(actual('OUT', '1', '1', { window: w }))).pass).to.equal(true);
    expect(failure(judge(exp, byTopic(actual('OUT', '1', '1', { window: { ...w, type: 'session' } })))).failureClass).to.equal('window');
    expect(failure(judge(exp, byTopic(actual('OUT', '1', '1', { window: { ...w, end: 999 } })))).failureClass).to.equal('window');
    expect(failure(judge(exp, byTopic(actual('OUT', '1', '1')))).failureClass).to.equal('window');
    expect(failure(judge('{"topic":"OUT","key":1,"value":1}', byTopic(actual('OUT', '1', '1', { window: w })))).failureClass).to.equal('window');
  });

  it('checks headers exactly; absent expected headers mean none', () => {
    const h = [{ key: 'abc', value: Buffer.from([0x21]) }];
    expect(judge('{"topic":"OUT","value":1,"headers":[{"KEY":"abc","VALUE":"IQ=="}]}', byTopic(actual('OUT', 'null', '1', { headers: h }))).pass).to.equal(true);
    expect(failure(judge('{"topic":"OUT","value":1,"headers":[{"KEY":"abc","VALUE":"Gg=="}]}', byTopic(actual('OUT', 'null', '1', { headers: h })))).failureClass).to.equal('headers');
    expect(failure(judge('{"topic":"OUT","value":1}', byTopic(actual('OUT', 'null', '1', { headers: h })))).failureClass).to.equal('headers');
  });

  it('lets a text-format (DELIMITED) key match an expected number by its text, but not a JSON string', () => {
    expect(judge('{"topic":"OUT","key":10,"value":"a"}', byTopic(actual('OUT', '"10"', '"a"', { keyIsText: true, valueIsText: true }))).pass).to.equal(true);
    expect(judge('{"topic":"OUT","key":10,"value":"a"}', byTopic(actual('OUT', '"10"', '"a"'))).pass).to.equal(false);
  });
});

describe('judging by SQL type', () => {
  it('compares a value by its SQL type when the actual record carries it, by lexeme otherwise', () => {
    const row = struct([{ name: 'X', type: DOUBLE }, { name: 'D', type: decimal(3, 2) }]);
    const typed = byTopic(actual('OUT', 'null', '{"X":2.147483648E9,"D":1.50}', { valueType: row }));
    expect(judge('{"topic":"OUT","value":{"X":2147483648,"D":1.50}}', typed).pass).to.equal(true);
    expect(failure(judge('{"topic":"OUT","value":{"X":2147483648,"D":1.5}}', typed)).failureClass).to.equal('value');
    expect(judge('{"topic":"OUT","value":{"X":2147483648,"D":1.50}}', byTopic(actual('OUT', 'null', '{"X":2.147483648E9,"D":1.50}'))).pass).to.equal(false);
  });
});

describe('judging expected errors', () => {
  it('passes an expected error whose message contains the expected text', () => {
    expect(judgeError({ message: 'cannot be resolved' }, "SELECT column 'X' cannot be resolved.")).to.deep.equal({ pass: true });
    expect(judgeError({}, 'anything')).to.deep.equal({ pass: true });
  });

  it('fails an expected error that did not happen or says something else', () => {
    expect(judgeError({ message: 'boom' }, null)).to.have.property('failureClass', 'error-not-raised');
    expect(judgeError({ message: 'boom' }, 'bang')).to.have.property('failureClass', 'wrong-error-message');
  });

  it('fails an unexpected statement error with its message, and defers to the outputs otherwise', () => {
    expect(judgeError(undefined, 'Unknown format: FOO')).to.deep.equal({ pass: false, failureClass: 'statement-error', reason: 'Unknown format: FOO' });
    expect(judgeError(undefined, null)).to.equal(null);
  });
});
