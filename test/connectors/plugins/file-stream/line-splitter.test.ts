import { expect } from 'chai';
import { splitLines } from '../../../../connectors/plugins/file-stream/line-splitter.js';

describe('FileStream line splitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, reporting where each line ends', () => {
    const lines = splitLines(Buffer.from('a\nbb\r\nc\rd\n'), 10);
    expect(lines).to.deep.equal([
      { text: 'a', end: 2 },
      { text: 'bb', end: 6 },
      { text: 'c', end: 8 },
      { text: 'd', end: 10 },
    ]);
  });

  it('keeps an unterminated last line and a trailing \\r for later', () => {
    expect(splitLines(Buffer.from('a\npartial'), 10)).to.deep.equal([{ text: 'a', end: 2 }]);
    expect(splitLines(Buffer.from('a\r'), 10)).to.deep.equal([]);
  });

  it('stops after linesMax lines', () => {
    expect(splitLines(Buffer.from('1\n2\n3\n'), 2).map((l) => l.text)).to.deep.equal(['1', '2']);
  });

  it('counts positions in bytes for multi-byte UTF-8 text', () => {
    expect(splitLines(Buffer.from('ø\nx\n'), 10)).to.deep.equal([
      { text: 'ø', end: 3 },
      { text: 'x', end: 5 },
    ]);
  });

  it('returns empty lines for blank lines', () => {
    expect(splitLines(Buffer.from('\n\n'), 10).map((l) => l.text)).to.deep.equal(['', '']);
  });
});
