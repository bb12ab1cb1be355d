import { expect } from 'chai';
import { parseProperties } from '../../../connectors/runtime/properties-file.js';
import { parseConnectorFile } from '../../../connectors/runtime/connector-file.js';

describe('connectors/runtime properties-file (Java .properties)', () => {
  it('reads key=value, key:value and key value, skipping # and ! comments and blank lines', () => {
    const text = '# comment\n! also\n\nname=local-file\nconnector.class : FileStreamSource\ntopic   connect-test\n  tasks.max=1\n';
    expect(parseProperties(text, 'a.properties')).to.deep.equal({ name: 'local-file', 'connector.class': 'FileStreamSource', topic: 'connect-test', 'tasks.max': '1' });
  });

  it('joins continuation lines and drops the next line\'s leading whitespace', () => {
    expect(parseProperties('topics=a,\\\n    b,\\\n    c\n', 'x')).to.deep.equal({ topics: 'a,b,c' });
  });

  it('an even number of trailing backslashes is an escaped backslash, not a continuation', () => {
    expect(parseProperties('path=C:\\\\\nnext=1\n', 'x')).to.deep.equal({ path: 'C:\\', next: '1' });
  });

  it('understands \\t \\n \\uXXXX escapes and escaped separators in keys', () => {
    expect(parseProperties('a\\=b=1\\t2\nsnow=\\u2603\nx\\ y=z\n', 'x')).to.deep.equal({ 'a=b': '1\t2', snow: '☃', 'x y': 'z' });
  });

  it('an empty value and a key alone are empty strings; later keys win', () => {
    expect(parseProperties('empty=\nalone\nk=1\nk=2\n', 'x')).to.deep.equal({ empty: '', alone: '', k: '2' });
  });

  it('a malformed \\u escape names the file and line', () => {
    expect(() => parseProperties('a=1\nb=\\u12zz\n', 'conn.properties')).to.throw(/conn.properties:2: malformed \\uxxxx escape/);
  });
});

describe('connectors/runtime connector-file', () => {
  it('reads a .properties connector config', () => {
    expect(parseConnectorFile('name=src\nconnector.class=FileStreamSource\n', 'src.properties')).to.deep.equal({ name: 'src', config: { name: 'src', 'connector.class': 'FileStreamSource' } });
  });

  it('reads .json as the REST body {"name", "config"} or as a flat map', () => {
    const rest = parseConnectorFile('{"name":"s","config":{"connector.class":"FileStreamSink","tasks.max":2}}', 's.json');
    expect(rest).to.deep.equal({ name: 's', config: { name: 's', 'connector.class': 'FileStreamSink', 'tasks.max': '2' } });
    const flat = parseConnectorFile('{"name":"f","connector.class":"FileStreamSink"}', 'f.json');
    expect(flat).to.deep.equal({ name: 'f', config: { name: 'f', 'connector.class': 'FileStreamSink' } });
  });

  it('malformed JSON names the file and the line', () => {
    expect(() => parseConnectorFile('{\n  "name": "x",\n  "config": {,}\n}', 'bad.json')).to.throw(/bad.json:3: malformed JSON/);
  });

  it('a missing name or connector.class names the file', () => {
    expect(() => parseConnectorFile('connector.class=X\n', 'noname.properties')).to.throw(/noname.properties: the connector config has no 'name'/);
    expect(() => parseConnectorFile('\nname=x\n', 'noclass.properties')).to.throw(/noclass.properties:2: connector 'x' has no 'connector.class'/);
  });

  it('a non-string config value names the key and its line', () => {
    expect(() => parseConnectorFile('{\n"name":"x",\n"connector.class":"A",\n"topics":["a"]\n}', 'arr.json')).to.throw(/arr.json:4: config 'topics' must be a string, got object/);
  });
});

describe('connectors/runtime json-error-position', () => {
  it('finds the first invalid character, or -1 for valid JSON', async () => {
    const { jsonErrorPosition } = await import('../../../connectors/runtime/json-error-position.js');
    expect(jsonErrorPosition('{"a": [1, 2.5e3, true, null, "x\\u00e9"]}')).to.equal(-1);
    expect(jsonErrorPosition('{"a": }')).to.equal(6);
    expect(jsonErrorPosition('{"a": 1,}')).to.equal(8);
    expect(jsonErrorPosition('{"a": 1')).to.equal(7);
    expect(jsonErrorPosition('[1] x')).to.equal(4);
    expect(jsonErrorPosition('"\\q"')).to.equal(2);
  });
});
