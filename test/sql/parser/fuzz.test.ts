/**
 * Seeded mutation fuzzing: statements from the qtt corpus with characters deleted, duplicated
 * or swapped must never make the front end throw, and every error must name a position.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { parseStatements } from '../../../sql/index.js';
import { prng } from '../../helpers/prng.js';

const QTT_DIR = path.resolve('../shared/ksql-qtt');
const MUTANTS = 400;


function mutate(text: string, random: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits && chars.length > 1; i++) {
    const at = Math.floor(random() * chars.length);
    const op = Math.floor(random() * 3);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, chars[at]);
    else chars.splice(at, 1, "(),;'`*-.>=[ ]"[Math.floor(random() * 14)]);
  }
  return chars.join('');
}

describe('sql parser: fuzzing with mutated qtt statements', function () {
  this.timeout(60_000);

  it(`never throws for ${MUTANTS} seeded mutants and gives every error a position`, function () {
    if (!fs.existsSync(QTT_DIR)) this.skip();
    const sources = fs
      .readdirSync(QTT_DIR)
      .map((id) => path.join(QTT_DIR, id, 'statements.sql'))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'));
    const seed = 20261122;
    const random = prng(seed);
    for (let i = 0; i < MUTANTS; i++) {
      const text = mutate(sources[Math.floor(random() * sources.length)], random);
      let result;
      try {
        result = parseStatements(text);
      } catch (e) {
        throw new Error(`seed ${seed}, mutant ${i} threw ${(e as Error).stack}\n--- text ---\n${text}`);
      }
      for (const error of result.errors) {
        expect(error.line, `seed ${seed}, mutant ${i}: ${error.message}`).to.be.at.least(1);
        expect(error.column, `seed ${seed}, mutant ${i}: ${error.message}`).to.be.at.least(1);
      }
    }
  });
});
