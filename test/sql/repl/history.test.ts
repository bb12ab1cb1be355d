import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { appendHistory, historyLinesMax, loadHistory } from '../../../sql/repl/history.js';
import { tmpDir } from '../../helpers/tmp-dir.js';

describe('REPL history file', () => {
  it('is empty before the first session, and gives earlier lines back newest first', () => {
    const file = path.join(tmpDir(), 'data', 'sql-history');
    expect(loadHistory(file)).to.deep.equal([]);
    appendHistory(file, 'SHOW STREAMS;');
    appendHistory(file, '   ');
    appendHistory(file, 'SELECT 1');
    expect(loadHistory(file)).to.deep.equal(['SELECT 1', 'SHOW STREAMS;']);
  });

  it(`keeps at most ${historyLinesMax} lines and shrinks a file that grew far past that`, () => {
    const file = path.join(tmpDir(), 'sql-history');
    fs.writeFileSync(file, Array.from({ length: 2 * historyLinesMax + 5 }, (_, i) => `line ${i}\n`).join(''));
    const lines = loadHistory(file);
    expect(lines).to.have.length(historyLinesMax);
    expect(lines[0]).to.equal(`line ${2 * historyLinesMax + 4}`);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')).to.have.length(historyLinesMax);
  });
});
