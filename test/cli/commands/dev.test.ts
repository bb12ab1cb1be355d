import { expect } from 'chai';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { Fjord } from '../../../core/client/fjord.js';
import { removeTmpDirs, runCli, startCli, tmpDataDir, waitFor, type RunningCli } from '../run-cli.js';

const FREE_PORTS = ['--listen', '127.0.0.1:0', '--connect-listen', '127.0.0.1:0'];

/** A running `fjord dev` with the addresses its banner printed. */
async function startDev(dir: string): Promise<{ cli: RunningCli; stdout: () => string; kafka: string; connect: string }> {
  let stdout = '';
  const cli = startCli(['dev', ...FREE_PORTS, '--data-dir', dir]);
  cli.child.stdout!.on('data', (d: string) => (stdout += d));
  let exited = false;
  void cli.done.then(() => (exited = true));
  await waitFor('the dev banner', () => stdout.includes('Ctrl-C stops') || exited, 30_000);
  if (exited) throw new Error(`fjord dev exited early: ${(await cli.done).stderr}`);
  const kafka = /Kafka protocol\s+(\S+)/.exec(stdout)![1];
  const connect = /Connect REST\s+(\S+)/.exec(stdout)![1];
  return { cli, stdout: () => stdout, kafka, connect };
}

/** The keys of every record of `pageviews`, read over the Kafka protocol, once at least `min` exist. */
async function pageviewKeys(kafka: string, min: number): Promise<string[]> {
  const fjord = await Fjord.connect({ bootstrap: kafka, clientId: 'dev-test' });
  try {
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'pageviews', partition: 0 }]);
    const keys: string[] = [];
    const deadline = Date.now() + 20_000;
    while (keys.length < min && Date.now() < deadline) {
      for (const r of await consumer.poll(200)) {
        expect(JSON.parse(r.value!.toString())).to.have.keys('viewtime', 'userid', 'pageid');
        keys.push(r.key!.toString());
      }
    }
    await consumer.close();
    return keys;
  } finally {
    await fjord.close();
  }
}

async function stop(cli: RunningCli): Promise<{ code: number | null; stdout: string; stderr: string }> {
  cli.child.kill('SIGINT');
  return cli.done;
}

describe('fjord dev', function () {
  this.timeout(90_000);
  after(removeTmpDirs);

  it('serves Kafka and Connect with live datagen data, stops on Ctrl-C and resumes the data where it stopped', async () => {
    const dir = tmpDataDir();
    const first = await startDev(dir);
    expect(first.stdout()).to.include(`Fjord dev started (data in ${dir})`).and.include('connectors: datagen-pageviews, datagen-users');
    expect(first.stdout()).to.include(`kcat -b ${first.kafka} -t pageviews -C -o -5 -c 5`);
    const status = (await (await fetch(`${first.connect}/connectors?expand=status`)).json()) as Record<string, { status: { connector: { state: string } } }>;
    expect(Object.keys(status).sort()).to.deep.equal(['datagen-pageviews', 'datagen-users']);
    expect(status['datagen-pageviews'].status.connector.state).to.equal('RUNNING');
    const before = await pageviewKeys(first.kafka, 3);
    // The banner's kcat command, as printed, where kcat is installed.
    const kcat = await promisify(execFile)('kcat', ['-b', first.kafka, '-t', 'pageviews', '-C', '-o', '-5', '-c', '5', '-q'], { timeout: 15_000 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (kcat !== null) expect(kcat.stdout.trim().split('\n').map((l) => Object.keys(JSON.parse(l) as object))).to.have.length(5);
    expect(before.length).to.be.at.least(3);
    const stopped = await stop(first.cli);
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.include('Stopped. Run it again to resume.');

    const second = await startDev(dir);
    expect(second.stdout()).to.include('Fjord dev resumed');
    const after = await pageviewKeys(second.kafka, before.length + 3);
    await stop(second.cli);
    // Datagen's pageviews have viewtime 1, 11, 21, ... as key: the restart continued the sequence,
    // with no record lost or written twice.
    expect(after.length).to.be.at.least(before.length + 3);
    expect(after.map(Number)).to.deep.equal(after.map((_, i) => 1 + 10 * i));
  });

  it('stops by itself after --duration and prints the addresses as JSON with --format json', async () => {
    const dir = tmpDataDir();
    const started = Date.now();
    const r = await runCli(['dev', ...FREE_PORTS, '--no-repl', '--no-datagen', '--duration', '1', '--format', 'json', '--data-dir', dir]);
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(info).to.include({ dataDir: dir, resumed: false });
    expect(info.kafka).to.match(/^127\.0\.0\.1:\d+$/);
    expect(info.connect).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.connectors).to.deep.equal([]);
    expect(Date.now() - started).to.be.at.least(1_000);
  });

  it('fails naming the address and a way out when the Kafka or the Connect port is taken, and frees the data dir', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = tmpDataDir();
    try {
      const kafka = await runCli(['dev', '--listen', `127.0.0.1:${port}`, '--connect-listen', '127.0.0.1:0', '--data-dir', dir]);
      expect(kafka.code).to.equal(1);
      expect(kafka.stderr).to.match(new RegExp(`^fjord: the Kafka listener address 127\\.0\\.0\\.1:${port} is already in use .*--listen 127\\.0\\.0\\.1:\\d+\\n$`));
      const connect = await runCli(['dev', '--listen', '127.0.0.1:0', '--connect-listen', `127.0.0.1:${port}`, '--data-dir', dir]);
      expect(connect.code).to.equal(1);
      expect(connect.stderr).to.match(new RegExp(`^fjord: the Connect REST address 127\\.0\\.0\\.1:${port} is already in use .*--connect-listen 127\\.0\\.0\\.1:\\d+\\n$`));
      // Nothing was left holding the data dir: a normal start works.
      const r = await runCli(['dev', ...FREE_PORTS, '--no-datagen', '--duration', '1', '--format', 'json', '--data-dir', dir]);
      expect(r.code, r.stderr).to.equal(0);
    } finally {
      blocker.close();
    }
  });
});
