/**
 * Parses every `statements.sql` of ksqlDB's query-validation cases (../shared/ksql-qtt/):
 * cases that expect no error must parse; cases whose meta.json expects a ParseFailedException
 * must be rejected; and whenever the front end rejects a case, the case must expect an error
 * and our message must contain ksqlDB's.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { parseStatements } from '../../sql/index.js';

const QTT_DIR = path.resolve('../shared/ksql-qtt');

/** Cases without an expected error that parsed when this was recorded; fewer fails the test. */
const PARSED_MIN = 476;
/** Expected-error cases the front end rejected with ksqlDB's message when this was recorded. */
const REJECTED_WITH_MESSAGE_MIN = 14;

interface Case {
  id: string;
  sql: string;
  expectedError?: { type: string; message: string };
}

function loadCases(): Case[] {
  return fs
    .readdirSync(QTT_DIR)
    .filter((id) => fs.existsSync(path.join(QTT_DIR, id, 'statements.sql')))
    .map((id) => {
      const meta = JSON.parse(fs.readFileSync(path.join(QTT_DIR, id, 'meta.json'), 'utf8'));
      const expected = meta.expectedException;
      const expectedError = expected ? { type: String(expected.type ?? ''), message: String(expected.message ?? '') } : undefined;
      return { id, sql: fs.readFileSync(path.join(QTT_DIR, id, 'statements.sql'), 'utf8'), expectedError };
    });
}

function errorsOf(c: Case): string[] {
  return parseStatements(c.sql).errors.map((e) => e.message);
}

describe('sql parser: ksqlDB query-validation corpus', function () {
  this.timeout(60_000);
  const available = fs.existsSync(QTT_DIR);

  it('parses every case that expects no error', function () {
    if (!available) this.skip();
    const cases = loadCases().filter((c) => c.expectedError === undefined);
    const failures = cases.map((c) => ({ id: c.id, errors: errorsOf(c) })).filter((r) => r.errors.length > 0);
    const parsed = cases.length - failures.length;
    console.log(`      qtt: ${parsed}/${cases.length} cases without an expected error parse`);
    expect(parsed, JSON.stringify(failures.slice(0, 5), null, 2)).to.be.at.least(PARSED_MIN);
  });

  it("rejects every case expecting a parse failure, and rejects others only with ksqlDB's message", function () {
    if (!available) this.skip();
    const cases = loadCases().filter((c) => c.expectedError !== undefined);
    const results = cases.map((c) => {
      const errors = errorsOf(c);
      const expected = c.expectedError ?? { type: '', message: '' };
      return {
        id: c.id,
        expected,
        errors,
        parseFailure: expected.type.endsWith('ParseFailedException'),
        matches: errors.some((m) => m.includes(expected.message)),
      };
    });
    const parseFailures = results.filter((r) => r.parseFailure);
    const rejected = results.filter((r) => r.errors.length > 0);
    const matched = rejected.filter((r) => r.matches);
    console.log(
      `      qtt: ${parseFailures.filter((r) => r.errors.length > 0).length}/${parseFailures.length} expected parse failures rejected; ` +
        `${matched.length}/${rejected.length} rejections carry ksqlDB's message`,
    );
    expect(parseFailures.filter((r) => r.errors.length === 0).map((r) => r.id)).to.deep.equal([]);
    expect(rejected.filter((r) => !r.matches), 'rejected with another message').to.deep.equal([]);
    expect(matched.length).to.be.at.least(REJECTED_WITH_MESSAGE_MIN);
  });
});
