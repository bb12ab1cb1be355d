/**
 * `fjord sql` as a person uses it: the real CLI in a pseudo-terminal (tmux), typing statements,
 * pressing Tab, Ctrl-C and Up, reading the screen.
 */
import { expect } from 'chai';
import { TmuxDriver, tmuxAvailable } from '../sql/repl/tmux-driver.js';
import { removeTmpDirs, repoRoot, tmpDataDir } from './run-cli.js';

/** The prompt as tmux shows it (without its trailing space). */
const PROMPT = /fjord>$/;

describe('fjord sql in a terminal (tmux)', function () {
  // Starting the CLI under tsx and loading the SQL grammar takes several seconds on a busy machine.
  this.timeout(120_000);
  let driver: TmuxDriver | null = null;

  before(function () {
    if (tmuxAvailable()) return;
    if (process.env.CI === 'true') throw new Error('tmux is required under CI for the fjord sql terminal tests (apt-get install tmux)');
    console.log('    skipped: tmux is not installed (apt-get install tmux)');
    this.skip();
  });

  afterEach(() => {
    driver?.close();
    driver = null;
  });

  after(() => removeTmpDirs());

  function start(dataDir: string): TmuxDriver {
    driver = new TmuxDriver(`node --import tsx cli/main.ts sql --data-dir ${dataDir}`, { cwd: repoRoot });
    return driver;
  }

  /** The screen after the last prompt line: what the latest input produced. */
  function afterLast(screen: string, marker: string): string {
    return screen.slice(screen.lastIndexOf(marker) + marker.length);
  }

  it('shows the banner, runs a multi-line statement, completes keywords and names with Tab, reports a syntax error at line:col, drops a line on Ctrl-C and leaves on exit', async () => {
    const dataDir = tmpDataDir();
    const t = start(dataDir);
    const banner = await t.waitFor(PROMPT);
    expect(banner).to.contain('fjord sql: ksqlDB-compatible streaming SQL');
    expect(banner).to.contain(`on the embedded data dir ${dataDir}`);

    // A statement over two lines: the first waits at the continuation prompt, the ';' runs it.
    t.line('CREATE STREAM orders (id INT KEY, item STRING)');
    await t.waitFor(/> CREATE STREAM orders \(id INT KEY, item STRING\)\n {5}>$/);
    t.line("  WITH (kafka_topic='orders', value_format='json', partitions=1);");
    const created = await t.waitFor(/partitions=1\);\n[\s\S]*\nfjord>$/);
    expect(afterLast(created, 'partitions=1);')).to.match(/^\n Message\n-+\n Stream created\n-+\nfjord>$/);

    // Tab completes keywords, and the names of streams where a name may stand.
    t.type('SHO');
    t.press('Tab');
    await t.waitFor(/fjord> SHOW$/);
    t.press('C-u');
    t.type('DESCRIBE ord');
    t.press('Tab');
    await t.waitFor(/fjord> DESCRIBE orders$/);
    t.press('C-u');

    // A syntax error names line:column and the REPL goes on.
    t.line('SELECT * FROM orders');
    t.line('  WHERE = 1;');
    const failed = await t.waitFor(/WHERE = 1;\n[\s\S]*\nfjord>$/);
    expect(failed.slice(failed.lastIndexOf('fjord> SELECT * FROM orders'))).to.contain('line 2:9');

    // Ctrl-C at the prompt forgets what was typed, without leaving.
    t.type('SHOW TOP');
    t.press('C-c');
    await t.waitFor(/fjord> SHOW TOP\^C\nfjord>$/);

    t.line('exit');
    await t.waitFor('[exited 0]');
  });

  it('streams a push query row by row until Ctrl-C, which cancels the query and not the REPL; PRINT shows records as ksqlDB does', async () => {
    const t = start(tmpDataDir());
    await t.waitFor(PROMPT);
    t.line("CREATE STREAM s (id INT KEY, name STRING) WITH (kafka_topic='s', value_format='json', partitions=1);");
    await t.waitFor(/Stream created\n-+\nfjord>$/);
    t.line("INSERT INTO s (id, name) VALUES (1, 'alice');");
    t.line("SET 'auto.offset.reset' = 'earliest';");
    await t.waitFor(/'earliest'.*\nfjord>$/);
    t.line('SELECT * FROM s EMIT CHANGES;');
    await t.waitFor(/^\|1 +\|alice +\|$/m);
    t.press('C-c');
    await t.waitFor(/Query terminated\nfjord>$/);
    t.line('SHOW STREAMS;');
    await t.waitFor(/ S +\| s +\|[\s\S]*fjord>$/);
    t.line("PRINT 's' FROM BEGINNING LIMIT 1;");
    await t.waitFor(/^rowtime: \d{4}\/\d\d\/\d\d [\d:.]+ Z, key: .*, value: \{"NAME":"alice"\}, partition: 0\nLimit Reached\nTopic printing ceased\nfjord>$/m);
    t.line('exit');
    await t.waitFor('[exited 0]');
  });

  it('keeps the history across sessions in the data dir: Up brings back the last line', async () => {
    const dataDir = tmpDataDir();
    let t = start(dataDir);
    await t.waitFor(PROMPT);
    t.line("SHOW TOPICS; -- remembered");
    await t.waitFor(/remembered\n[\s\S]*fjord>$/);
    t.press('C-d');
    await t.waitFor('[exited 0]');
    t.close();

    t = start(dataDir);
    await t.waitFor(PROMPT);
    t.press('Up');
    await t.waitFor(/fjord> SHOW TOPICS; -- remembered$/);
    t.press('C-u');
    t.line('quit');
    await t.waitFor('[exited 0]');
  });
});
