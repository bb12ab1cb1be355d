/**
 * The Connect worker is SIGKILLed mid-copy and restarted: a file copied FileStreamSource → topic →
 * FileStreamSink loses no line (at-least-once), and a sink with idempotent keyed upserts ends
 * with exactly one row per line (nothing duplicated in its result).
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { removeTmpDirs, startCli, tmpDataDir, waitFor, type RunningCli } from './run-cli.js';

const LINES = 200_000;

/** A sink plugin that upserts each record by key (the line itself when there is no key) into a log; flush() fsyncs. */
const UPSERT_SINK = `
import fs from 'node:fs';
export class UpsertSinkTask {
  initialize(context) { this.context = context; }
  version() { return '1.0'; }
  start(props) { this.fd = fs.openSync(props.file, 'a'); this.pending = []; }
  put(records) { for (const r of records) this.pending.push(JSON.stringify([String(r.key ?? r.value), r.value])); }
  flush() {
    if (this.pending.length > 0) fs.writeSync(this.fd, this.pending.join('\\n') + '\\n');
    this.pending = [];
    fs.fsyncSync(this.fd);
  }
  stop() { fs.closeSync(this.fd); }
}
export class UpsertSinkConnector {
  initialize(context) {}
  version() { return '1.0'; }
  start(props) { this.props = props; }
  taskClass() { return UpsertSinkTask; }
  taskConfigs(max) { return [{ file: this.props.file }]; }
  stop() {}
  config() { return [{ name: 'file', type: 'string', importance: 'high', documentation: 'the upsert log' }]; }
}
`;

function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('fjord connect standalone: SIGKILL mid-copy and restart', function () {
  this.timeout(120_000);
  let running: RunningCli | null = null;

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.done;
    }
    running = null;
    removeTmpDirs();
  });

  it('loses nothing, and the idempotent upsert sink has exactly one row per line', async () => {
    const dir = tmpDataDir();
    const input = path.join(dir, 'input.txt');
    const copy = path.join(dir, 'copy.txt');
    const upserts = path.join(dir, 'upserts.jsonl');
    const expected = Array.from({ length: LINES }, (_, i) => `line-${String(i).padStart(7, '0')}-${'x'.repeat(80)}`);
    fs.writeFileSync(input, expected.join('\n') + '\n');
    fs.mkdirSync(path.join(dir, 'plugins'));
    fs.writeFileSync(path.join(dir, 'plugins', 'upsert-sink.mjs'), UPSERT_SINK);
    fs.writeFileSync(path.join(dir, 'worker.properties'), [
      'rest.host.name=127.0.0.1',
      'rest.port=0',
      'offset.flush.interval.ms=100',
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `plugin.path=${path.join(dir, 'plugins')}`,
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'source.properties'), `name=file-source\nconnector.class=FileStreamSource\nfile=${input}\ntopic=lines\nbatch.size=500\n`);
    fs.writeFileSync(path.join(dir, 'sink.properties'), `name=file-sink\nconnector.class=FileStreamSink\nfile=${copy}\ntopics=lines\n`);
    fs.writeFileSync(path.join(dir, 'upsert.json'), JSON.stringify({ name: 'upsert', config: { 'connector.class': 'UpsertSinkConnector', file: upserts, topics: 'lines' } }));
    const args = ['connect', 'standalone', 'worker.properties', 'source.properties', 'sink.properties', 'upsert.json', '--data-dir', path.join(dir, 'data')].map((a) => (a.endsWith('.properties') || a.endsWith('.json') ? path.join(dir, a) : a));

    running = startCli(args);
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    await waitFor('the copy to be under way', () => size(copy) > 0 && size(upserts) > 0, 60_000);
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.code).to.equal(null); // killed, not exited
    const atKill = linesOf(fs.readFileSync(copy, 'utf8')).length;
    expect(atKill, 'killed mid-copy').to.be.lessThan(LINES);

    running = startCli(args);
    const rowBytes = expected[0].length * 2 + 8; // ["line","line"]\n
    await waitFor('every line in both sinks', () => {
      // Cheap gate first (sizes), the exact check only once both files could be complete.
      if (size(copy) < size(input) || size(upserts) < rowBytes * LINES) return false;
      const copied = new Set(linesOf(fs.readFileSync(copy, 'utf8')));
      const upserted = new Set(linesOf(fs.readFileSync(upserts, 'utf8')).map((l) => (JSON.parse(l) as string[])[0]));
      return copied.size >= LINES && upserted.size >= LINES;
    }, 90_000);
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.stderr).to.not.match(/error/i);
    running = null;

    // Nothing lost: every input line reached the file sink (a replay after the kill may repeat some).
    const copied = linesOf(fs.readFileSync(copy, 'utf8'));
    expect(new Set(copied)).to.deep.equal(new Set(expected));
    // Nothing duplicated: the upserted result has exactly one row per line, each with its value.
    const table = new Map<string, string>();
    for (const l of linesOf(fs.readFileSync(upserts, 'utf8'))) {
      const [key, value] = JSON.parse(l) as [string, string];
      table.set(key, value);
    }
    expect(table.size).to.equal(LINES);
    for (const line of expected) expect(table.get(line)).to.equal(line);
  });
});
