/**
 * Parses every `statements.sql` of ksqlDB's query-validation cases (../shared/ksql-qtt/):
 * statements ksqlDB accepts must parse; cases whose meta.json expects a ParseFailedException
 * must be rejected with a message containing ksqlDB's.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { parseStatements } from '../../sql/index.js';

const QTT_DIR = path.resolve('../shared/ksql-qtt');

/** Cases that parsed when this was recorded; the test fails if fewer do. */
const PARSED_MIN = 645;
/** Expected-parse-error cases rejected with ksqlDB's message when this was recorded. */
const REJECTED_WITH_MESSAGE_MIN = 12;

interface Case {
  id: string;
  sql: string;
  parseError?: string;
}

function loadCases(): Case[] {
  return fs
    .readdirSync(QTT_DIR)
    .filter((id) => fs.existsSync(path.join(QTT_DIR, id, 'statements.sql')))
    .map((id) => {
      const meta = JSON.parse(fs.readFileSync(path.join(QTT_DIR, id, 'meta.json'), 'utf8'));
      const expected = meta.expectedException;
      const parseError = expected?.type?.endsWith('ParseFailedException') ? String(expected.message ?? '') : undefined;
      return { id, sql: fs.readFileSync(path.join(QTT_DIR, id, 'statements.sql'), 'utf8'), parseError };
    });
}

describe('sql parser: ksqlDB query-validation corpus', function () {
  this.timeout(60_000);
  const available = fs.existsSync(QTT_DIR);

  it('parses every case ksqlDB parses', function () {
    if (!available) this.skip();
    const cases = loadCases().filter((c) => c.parseError === undefined);
    const failures = cases
      .map((c) => ({ id: c.id, errors: parseStatements(c.sql).errors.map((e) => e.message) }))
      .filter((r) => r.errors.length > 0);
    const parsed = cases.length - failures.length;
    console.log(`      qtt: ${parsed}/${cases.length} cases parse`);
    expect(parsed, JSON.stringify(failures.slice(0, 5), null, 2)).to.be.at.least(PARSED_MIN);
  });

  it('rejects the cases ksqlDB rejects while parsing, with its message', function () {
    if (!available) this.skip();
    const cases = loadCases().filter((c) => c.parseError !== undefined);
    const results = cases.map((c) => {
      const errors = parseStatements(c.sql).errors.map((e) => e.message);
      return { id: c.id, expected: c.parseError, errors, matches: errors.some((m) => m.includes(c.parseError ?? '')) };
    });
    const rejected = results.filter((r) => r.errors.length > 0).length;
    const matched = results.filter((r) => r.matches).length;
    console.log(`      qtt: ${rejected}/${cases.length} expected parse errors rejected, ${matched} with ksqlDB's message`);
    expect(rejected).to.equal(cases.length);
    expect(matched, JSON.stringify(results.filter((r) => !r.matches), null, 2)).to.be.at.least(REJECTED_WITH_MESSAGE_MIN);
  });
});
