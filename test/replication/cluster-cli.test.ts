import { expect } from 'chai';
import { Fjord } from '../../core/client/fjord.js';
import { runOk } from '../cli/run-cli.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { InProcessCluster } from './in-process-cluster.js';

describe('fjord cluster describe and fjord partitions (against three in-process brokers)', function () {
  this.timeout(90000);
  let cluster: InProcessCluster;
  let quorum: string;

  before(async () => {
    cluster = await InProcessCluster.start(3);
    quorum = cluster.voters.map((v) => `${v.id}@${v.host}:${v.port}`).join(',');
    const fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
    await fjord.admin().createTopics([{ topic: 'shown', numPartitions: 2, replicationFactor: 3 }]);
    await fjord.close();
  });

  after(async () => {
    await cluster?.stop();
  });

  it('describes the controllers, the brokers and every partition with its leader and ISR', async () => {
    const { stdout } = await runOk(['cluster', 'describe', '--controller-quorum', quorum, '--format', 'json']);
    const d = JSON.parse(stdout) as { controllerId: number; controllers: { id: number; up: boolean }[]; brokers: { id: number; fenced: boolean }[]; partitions: { topic: string; leader: number; isr: number[] }[] };
    expect(d.controllerId).to.be.oneOf([1, 2, 3]);
    expect(d.controllers.map((c) => c.up)).to.deep.equal([true, true, true]);
    expect(d.brokers.map((b) => [b.id, b.fenced])).to.deep.equal([[1, false], [2, false], [3, false]]);
    const shown = d.partitions.filter((p) => p.topic === 'shown');
    expect(shown).to.have.length(2);
    for (const p of shown) expect([...p.isr].sort()).to.deep.equal([1, 2, 3]);
    const text = await runOk(['cluster', 'describe', '--controller-quorum', quorum]);
    expect(text.stdout).to.match(/^Active controller: [123]$/m);
    expect(text.stdout).to.match(/^shown\s+0\s+[123]\s+0\s+/m);
  });

  it('moves a partition to the replicas given and elects preferred leaders', async () => {
    const first = cluster.leaderOf('shown', 0);
    const others = [1, 2, 3].filter((id) => id !== first);
    const { stdout } = await runOk(['partitions', 'reassign', 'shown', '0', `${others[0]},${others[1]}`, '--controller-quorum', quorum]);
    expect(stdout).to.match(new RegExp(`shown\\s+0\\s+${others[0]}\\s+${others[0]},${others[1]}\\s+`));
    await waitFor('the image to show the move', () => cluster.leaderOf('shown', 0) === others[0]);
    const elect = await runOk(['partitions', 'elect-leaders', '--topic', 'shown', '--controller-quorum', quorum]);
    expect(elect.stdout).to.match(/shown\s+0\s+ELECTION_NOT_NEEDED/);
  });
});
