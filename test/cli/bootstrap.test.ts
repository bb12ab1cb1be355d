import { expect } from 'chai';
import { serveBroker, type ServedBroker } from '../helpers/transports.js';
import { runCli, runOk } from './run-cli.js';

describe('fjord --bootstrap (commands against a running broker)', function () {
  this.timeout(60_000);
  let broker: ServedBroker;

  beforeEach(async () => {
    broker = await serveBroker();
  });
  afterEach(async () => {
    await broker.close();
  });

  it('creates, lists, produces to and consumes a topic over TCP while the broker holds the data dir', async () => {
    const b = ['--bootstrap', broker.bootstrap];
    await runOk(['topics', 'create', 'orders', '--partitions', '2', ...b]);
    expect((await runOk(['topics', 'list', ...b])).stdout).to.equal('orders\n');
    await runOk(['produce', 'orders', '--key-separator', ':', ...b], { input: 'u1:created\nu2:paid\nu1:shipped\n' });
    const consumed = await runOk(['consume', 'orders', '--from-beginning', '-e', '--format', '%k=%s\n', ...b]);
    expect(consumed.stdout.trim().split('\n').sort()).to.deep.equal(['u1=created', 'u1=shipped', 'u2=paid']);
    await runOk(['consume', 'orders', '--group', 'billing', '--from-beginning', '-e', ...b]);
    expect((await runOk(['groups', 'list', ...b])).stdout).to.match(/billing\s+Empty/);
  });

  it('refuses --bootstrap together with --data-dir (exit 2)', async () => {
    const result = await runCli(['topics', 'list', '--bootstrap', broker.bootstrap, '--data-dir', broker.dataDir]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('fjord: give either --data-dir (open a data dir in this process) or --bootstrap (reach a running broker), not both\n');
  });

  it('fails with one line naming the address when nothing listens there (exit 1)', async () => {
    const result = await runCli(['topics', 'list', '--bootstrap', '127.0.0.1:1']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^fjord: cannot connect to bootstrap broker at 127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/);
  });
});
