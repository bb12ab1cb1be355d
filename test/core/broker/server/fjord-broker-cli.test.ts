/**
 * `fjord broker` as a real process (`node --import tsx cli/main.ts broker ...`): it serves Kafka
 * clients over TCP, shuts down cleanly on SIGTERM, and loses nothing acknowledged on SIGKILL.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { Broker } from '../../../../core/broker/broker.js';
import { decodeRecordBatches } from '../../../../core/protocol/record-batch.js';
import { formatHostPort, parseHostPort } from '../../../../cli/commands/broker.js';
import { runCli, startCli, type RunningCli } from '../../../cli/run-cli.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { expectCleanReopen } from './log-check.js';
import { RawClient } from './raw-client.js';
import { batchOf, createTopic, fetchBody, produceBody, testBrokerConfig, waitUntil } from './test-server.js';

const LISTENING = /^fjord broker listening on (127\.0\.0\.1):(\d+) \(data dir (.+), node (\d+)\)$/m;

interface BrokerProcess {
  cli: RunningCli;
  address: { host: string; port: number };
  stdout: () => string;
  stderr: () => string;
}

/** Starts `fjord broker` on a free port and waits for its listening line. */
async function startBroker(dataDir: string, ...extra: string[]): Promise<BrokerProcess> {
  const cli = startCli(['broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--config', 'offsets.topic.num.partitions=1', ...extra]);
  let stdout = '';
  let stderr = '';
  cli.child.stdout!.on('data', (d: string) => (stdout += d));
  cli.child.stderr!.on('data', (d: string) => (stderr += d));
  let exited = false;
  void cli.done.then(() => (exited = true));
  await waitUntil('the broker prints its listening line', () => LISTENING.test(stdout) || exited, 30_000);
  const match = LISTENING.exec(stdout);
  if (!match) throw new Error(`fjord broker did not start: ${stderr}`);
  return { cli, address: { host: match[1], port: Number(match[2]) }, stdout: () => stdout, stderr: () => stderr };
}

describe('fjord broker: --listen and --advertised addresses', () => {
  it('parses HOST:PORT, with IPv6 hosts in brackets, and formats them back', () => {
    expect(parseHostPort('--listen', '127.0.0.1:9092')).to.deep.equal({ host: '127.0.0.1', port: 9092 });
    expect(parseHostPort('--listen', 'kafka.example.com:0')).to.deep.equal({ host: 'kafka.example.com', port: 0 });
    expect(parseHostPort('--listen', '[::1]:9092')).to.deep.equal({ host: '::1', port: 9092 });
    expect(formatHostPort({ host: '::1', port: 9092 })).to.equal('[::1]:9092');
  });

  it('rejects an address without a port, a bare IPv6 address and a port above 65535, naming the flag', () => {
    expect(() => parseHostPort('--listen', 'localhost')).to.throw(/--listen expects HOST:PORT/);
    expect(() => parseHostPort('--listen', '::1:9092')).to.throw(/--listen expects HOST:PORT/);
    expect(() => parseHostPort('--advertised', 'h:65536')).to.throw(/--advertised expects a whole number in \[0, 65535\]/);
  });
});

describe('fjord broker (process)', function () {
  this.timeout(60000);
  const running: BrokerProcess[] = [];
  const start = async (dataDir: string, ...extra: string[]): Promise<BrokerProcess> => {
    const b = await startBroker(dataDir, ...extra);
    running.push(b);
    return b;
  };

  afterEach(() => {
    for (const b of running.splice(0)) if (b.cli.child.exitCode === null) b.cli.child.kill('SIGKILL');
  });

  it('serves produce and fetch over TCP, then on SIGTERM closes cleanly with recovery points and exits 0', async () => {
    const dataDir = tmpDir('fjord-broker-cli-');
    const b = await start(dataDir, '--node-id', '7');
    expect(b.stdout()).to.include(`(data dir ${dataDir}, node 7)`);
    const client = await RawClient.connect(b.address);
    const metadata = await client.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(metadata.brokers.map((x) => [x.nodeId, x.host, x.port])).to.deep.equal([[7, '127.0.0.1', b.address.port]]);
    await createTopic(client, 'srv');
    const batch = await batchOf(3, 'served');
    expect((await client.request(0, 9, produceBody('srv', 0, batch))).responses[0].partitionResponses[0].errorCode).to.equal(0);
    const fetched = await client.request(1, 12, fetchBody('srv', 0, 0n));
    expect(fetched.responses[0].partitions[0].records!.subarray(16)).to.deep.equal(batch.subarray(16));

    b.cli.child.kill('SIGTERM');
    const result = await b.cli.done;
    await client.closed; // the server closed the connection on the way out
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal(''); // without --verbose only warnings and errors are printed
    const checkpoint = fs.readFileSync(path.join(dataDir, 'recovery-point-offset-checkpoint'), 'utf8');
    expect(checkpoint.split('\n')).to.include('srv 0 3');
    await expectCleanReopen(dataDir, new Map([['__consumer_offsets-0', 0n], ['srv-0', 3n]]), { nodeId: 7 });
  });

  it('exits 2 naming an unknown --config key, before touching the data dir', async () => {
    const dataDir = path.join(tmpDir('fjord-broker-cli-'), 'never-created');
    const result = await runCli(['broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--config', 'retention.bogus=1']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal("fjord: --config: unknown key 'retention.bogus' (see fjord broker --help for the broker and listener keys)\n");
    expect(fs.existsSync(dataDir)).to.equal(false);
  });

  it('takes listener limits through --config (a request over socket.request.max.bytes closes the connection)', async () => {
    const b = await start(tmpDir('fjord-broker-cli-'), '--config', 'socket.request.max.bytes=1024');
    const client = await RawClient.connect(b.address);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(1025);
    client.write(prefix);
    await client.closed;
    await waitUntil('the warning is printed', () => b.stderr().includes('exceeds socket.request.max.bytes (1024)'));
  });

  it('advertises --advertised instead of the bound address', async () => {
    const b = await start(tmpDir('fjord-broker-cli-'), '--advertised', 'kafka.example.com:19092');
    const client = await RawClient.connect(b.address);
    const metadata = await client.request(3, 4, { topics: null, allowAutoTopicCreation: false });
    expect(metadata.brokers.map((x) => [x.host, x.port])).to.deep.equal([['kafka.example.com', 19092]]);
    client.destroy();
  });

  it('refuses a data dir another broker holds, naming that broker', async () => {
    const dataDir = tmpDir('fjord-broker-cli-');
    const first = await start(dataDir);
    const second = startCli(['broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir]);
    const result = await second.done;
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`fjord broker on 127.0.0.1:${first.address.port}`);
  });

  it('keeps every record acknowledged with acks=1 when killed with SIGKILL mid-produce', async () => {
    const dataDir = tmpDir('fjord-broker-cli-');
    const b = await start(dataDir);
    const client = await RawClient.connect(b.address);
    await createTopic(client, 'crash', 2);
    const acked: { partition: number; baseOffset: bigint; batch: number }[] = [];
    const inFlightMax = 16;
    let sent = 0;
    let inFlight = 0;
    let killed = false;
    let inFlightAtKill = 0;
    await new Promise<void>((resolve) => {
      const sendMore = (): void => {
        while (!killed && inFlight < inFlightMax) {
          const id = sent++;
          const partition = id % 2;
          inFlight++;
          void batchOf(10, `b${id}`).then((batch) => client.request(0, 7, produceBody('crash', partition, batch))).then((res) => {
            inFlight--;
            const p = res.responses[0].partitionResponses[0];
            if (p.errorCode === 0) acked.push({ partition, baseOffset: p.baseOffset, batch: id });
            if (acked.length >= 400 && !killed) {
              killed = true;
              inFlightAtKill = inFlight;
              b.cli.child.kill('SIGKILL');
              resolve();
            }
            sendMore();
          }, () => {
            inFlight--;
          });
        }
      };
      sendMore();
    });
    const result = await b.cli.done;
    expect(result.code).to.equal(null); // killed: no exit code
    expect(inFlightAtKill, 'killed with produce requests in flight').to.be.greaterThan(0);
    await client.closed;

    // Reopening takes over the dead process's lock and recovers the unflushed tail.
    const broker = await Broker.open({ dataDir, config: testBrokerConfig });
    try {
      const values = new Map<string, string>();
      for (const partition of [0, 1]) {
        const log = broker.partitionLog('crash', partition)!;
        let offset = 0n;
        while (offset < log.logEndOffset) {
          const { bytes } = log.read(offset, 1 << 20);
          for (const batch of await decodeRecordBatches(bytes)) {
            for (const r of batch.records) values.set(`${partition}/${r.offset}`, r.value!.toString());
            offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
          }
        }
      }
      for (const a of acked) {
        for (let i = 0; i < 10; i++) {
          expect(values.get(`${a.partition}/${a.baseOffset + BigInt(i)}`), `acknowledged batch ${a.batch} record ${i}`).to.equal(`b${a.batch}-${i}`);
        }
      }
    } finally {
      await broker.close();
    }
  });
});
