import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTranscript, runTranscript } from './transcript.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

describe('raft transcripts (testdata/*.txt; REWRITE=1 regenerates)', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    it(`${file} plays out as written`, () => {
      const problems = runTranscript(join(dir, file));
      expect(problems, problems.join('\n\n')).to.deep.equal([]);
    });
  }

  it('a command without its "----" line is reported with file and line', () => {
    expect(() => parseTranscript('nodes 1 2\nstatus\n', 'x.txt')).to.throw('x.txt:1: command "nodes 1 2" must be followed by a "----" line');
  });
});
