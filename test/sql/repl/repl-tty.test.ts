/**
 * The REPL loop in a real terminal (tmux) on a fake engine: what Ctrl-C does while a push query
 * streams, independent of which statements the engine can run.
 */
import { expect } from 'chai';
import path from 'node:path';
import { repoRoot } from '../../cli/run-cli.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { TmuxDriver, tmuxAvailable } from './tmux-driver.js';

describe('REPL in a terminal, on a fake engine (tmux)', function () {
  this.timeout(60_000);
  let driver: TmuxDriver | null = null;

  before(function () {
    if (tmuxAvailable()) return;
    if (process.env.CI === 'true') throw new Error('tmux is required under CI for the REPL terminal tests (apt-get install tmux)');
    console.log('    skipped: tmux is not installed (apt-get install tmux)');
    this.skip();
  });

  afterEach(() => {
    driver?.close();
    driver = null;
  });

  it('streams push-query rows until Ctrl-C, which cancels the query and returns to the prompt', async () => {
    const history = path.join(tmpDir(), 'history');
    const t = (driver = new TmuxDriver(`node --import tsx test/sql/repl/fake-repl-main.ts ${history}`, { cwd: repoRoot }));
    await t.waitFor(/fake repl\nfjord>$/);
    t.line('SELECT * FROM s EMIT CHANGES;');
    await t.waitFor(/\|3 +\|/);
    t.type('typed while streaming');
    t.press('C-c');
    const stopped = await t.waitFor(/Query terminated\nfjord>$/);
    const rows = stopped.match(/^\|\d+ +\|$/gm) ?? [];
    expect(rows.length).to.be.greaterThanOrEqual(3);
    expect(stopped).to.match(/^\|N {10}\|$/m);
    expect(stopped, 'keys typed while a query streams are not echoed').to.not.contain('typed while streaming');
    // The REPL is still there: the next statement runs.
    t.line('SHOW STREAMS;');
    await t.waitFor(/ ran: SHOW STREAMS; +\n-+\nfjord>$|ran: SHOW STREAMS;\n-+\nfjord>$/);
    // Up still walks the history after the query (a new line editor took it over).
    t.press('Up');
    await t.waitFor(/fjord> SHOW STREAMS;$/);
    t.press('C-u', 'C-d');
    await t.waitFor(/fjord>\n\[exited 0\]/);
  });
});
