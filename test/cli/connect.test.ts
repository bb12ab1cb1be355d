import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { removeTmpDirs, runCli, startCli, tmpDataDir, waitFor } from './run-cli.js';

describe('fjord connect standalone', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = tmpDataDir();
  });

  after(() => removeTmpDirs());

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const connect = (...args: string[]) => runCli(['connect', ...args, '--data-dir', path.join(dir, 'data')]);

  it('runs the connectors of .properties and .json files, serves REST, and stops on SIGINT', async () => {
    const input = write('in.txt', 'one\ntwo\n');
    const output = path.join(dir, 'out.txt');
    const worker = write('worker.properties', 'rest.host.name=127.0.0.1\nrest.port=0\noffset.flush.interval.ms=100\n');
    const source = write('source.properties', `# Kafka's example\nname=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=${input}\ntopic=connect-test\n`);
    const sink = write('sink.json', JSON.stringify({ name: 'local-file-sink', config: { 'connector.class': 'FileStreamSink', file: output, topics: 'connect-test' } }));
    const running = startCli(['connect', 'standalone', worker, source, sink, '--data-dir', path.join(dir, 'data')]);
    let stdout = '';
    running.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitFor('the listening line', () => /listening on (http:\S+)/.test(stdout), 30_000);
    const url = /listening on (http:\S+)/.exec(stdout)![1];
    expect(stdout).to.include('connectors: local-file-sink, local-file-source');
    await waitFor('the copy', () => fs.existsSync(output) && fs.readFileSync(output, 'utf8') === 'one\ntwo\n', 30_000);
    const status = (await (await fetch(`${url}/connectors/local-file-sink/status`)).json()) as { connector: { state: string } };
    expect(status.connector.state).to.equal('RUNNING');
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code).to.equal(0); // a server: Ctrl-C is how it stops, so a clean shutdown exits 0 (as fjord broker)
    expect(done.stderr).to.equal('');
  });

  it('only standalone mode exists (exit 2)', async () => {
    const r = await connect('distributed', write('w.properties', ''));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/fjord connect distributed: only 'standalone' is supported/);
  });

  it('a missing worker file is named (exit 1)', async () => {
    const r = await connect('standalone', path.join(dir, 'nope.properties'));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/cannot read the worker config .*nope.properties: ENOENT/);
  });

  it('a bad worker setting names the file and key', async () => {
    const r = await connect('standalone', write('w.properties', 'rest.port=eighty\n'));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/w.properties: rest.port=eighty/);
  });

  it('bad connector files name the file and line', async () => {
    const w = write('w.properties', 'rest.port=0\n');
    const json = await connect('standalone', w, write('c.json', '{\n  "name": "x",\n  "config": {\n    "topics": \n  }\n}'));
    expect(json.code).to.equal(1);
    expect(json.stderr).to.match(/c.json:5: malformed JSON/);
    const escape = await connect('standalone', w, write('c.properties', 'name=x\nconnector.class=FileStreamSink\nfile=\\uZZZZ\n'));
    expect(escape.stderr).to.match(/c.properties:3: malformed \\uxxxx escape/);
    const noClass = await connect('standalone', w, write('d.properties', 'name=x\n'));
    expect(noClass.stderr).to.match(/d.properties:1: connector 'x' has no 'connector.class'/);
  });

  it('an invalid connector config fails with Kafka\'s message', async () => {
    const w = write('w.properties', 'rest.port=0\nrest.host.name=127.0.0.1\n');
    const r = await connect('standalone', w, write('s.properties', 'name=s\nconnector.class=FileStreamSink\n'));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/Connector configuration is invalid and contains the following 2 error\(s\):/);
  });

  it('two files defining one connector name are refused', async () => {
    const w = write('w.properties', 'rest.port=0\n');
    const a = write('a.properties', 'name=same\nconnector.class=FileStreamSink\ntopics=t\n');
    const b = write('b.properties', 'name=same\nconnector.class=FileStreamSink\ntopics=t\n');
    const r = await connect('standalone', w, a, b);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/b.properties: connector 'same' is also defined in .*a.properties/);
  });
});
